import { Probot } from 'probot';
import { startHarness, appKeys, APP_ID, INSTALLATION_ID, REPO } from './helpers.js';
const h = await startHarness();
const probot = new Probot({ appId: APP_ID, privateKey: appKeys.privateKey, baseUrl: h.url, logLevel: 'warn' as any });
const octokit = await probot.auth(INSTALLATION_ID);
await octokit.rest.issues.listLabelsForRepo(REPO);
h.sim.resetRequests();
h.sim.failNext({ path: /labels$/, status: 403, retryAfterSeconds: 0 });
let t = Date.now();
try { console.log('after secondary', (await octokit.rest.issues.listLabelsForRepo(REPO)).status, Date.now() - t); } catch (e: any) { console.log('failed', e.status, Date.now() - t); }
console.log(h.sim.requests.map(r => `${r.method} ${r.path} ${r.status} ${r.tokenKind}`).join('\n'));
h.sim.resetRequests();
h.sim.failNext({ path: /labels$/, status: 403, retryAfterSeconds: 1 });
t = Date.now();
try { console.log('after secondary', (await octokit.rest.issues.listLabelsForRepo(REPO)).status, Date.now() - t); } catch (e: any) { console.log('failed', e.status, Date.now() - t); }
console.log(h.sim.requests.map(r => `${r.method} ${r.path} ${r.status} ${r.tokenKind}`).join('\n'));
await h.sim.close();
