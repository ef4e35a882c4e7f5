/**
 * SPEC §13: an unsigned body over GitHub's 25 MB, sent by anyone who knows
 * the webhook URL, is refused with 413 before it is buffered — announced by
 * `Content-Length` or streamed chunked — while ordinary deliveries go on.
 */
import { sign } from '@octokit/webhooks-methods';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_WEBHOOK_BODY_BYTES } from '../../src/app/body-limit.js';
import type { RunningServer } from '../../src/app/server.js';
import { startTestServer } from '../app/helpers.js';

const SECRET = 'body-limit-secret';
const MB = 1024 * 1024;
let server: RunningServer;

beforeAll(async () => {
  server = await startTestServer(SECRET);
});

afterAll(async () => {
  await server?.close();
});

interface Sent {
  status: number;
  ms: number;
  /** Bytes the client managed to write before the server answered or hung up. */
  written: number;
}

/**
 * POSTs `megabytes` of `{` to the webhook URL, 1 MB per write, chunked unless
 * `announce`. With `stopAfter`, only that many megabytes are written and the
 * request is left open: an answer can then only come from the headers.
 */
function postLarge(megabytes: number, announce: boolean, stopAfter = megabytes): Promise<Sent> {
  const started = Date.now();
  const chunk = Buffer.alloc(MB, '{');
  const { hostname, port, pathname } = new URL(server.webhookUrl);
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const request = httpRequest({
      hostname,
      port,
      path: pathname,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'ping',
        'x-github-delivery': 'large',
        'x-hub-signature-256': 'sha256=00',
        ...(announce ? { 'content-length': String(megabytes * MB) } : {}),
      },
    });
    request.on('response', (response) => {
      answered = true;
      response.resume();
      resolve({ status: response.statusCode ?? 0, ms: Date.now() - started, written });
      request.destroy();
    });
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    const writeMore = (): void => {
      while (!answered && written < stopAfter * MB) {
        written += MB;
        if (!request.write(chunk)) {
          request.once('drain', writeMore);
          return;
        }
      }
      if (!answered && stopAfter === megabytes) request.end();
    };
    writeMore();
  });
}

async function ping(): Promise<number> {
  const body = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1, installation: { id: 1 } });
  const response = await fetch(server.webhookUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'ping',
      'x-github-delivery': `ping-${Math.random()}`,
      'x-hub-signature-256': await sign(SECRET, body),
    },
    body,
  });
  return response.status;
}

describe('webhook body limit', () => {
  it('refuses a 30 MB body announced by Content-Length at once, before reading it', async () => {
    // 1 MB of the 30 announced, then nothing: a server that waited for the body would never answer.
    const sent = await postLarge(30, true, 1);
    expect(sent.status).toBe(413);
    expect(sent.written).toBe(MB);
    expect(sent.ms).toBeLessThan(5_000);
  });

  it('refuses a chunked 30 MB body once 25 MB have arrived, while a signed delivery still succeeds', async () => {
    const [sent, ordinary] = await Promise.all([postLarge(30, false), ping()]);
    expect(sent.status).toBe(413);
    expect(sent.written).toBeGreaterThan(MAX_WEBHOOK_BODY_BYTES - MB);
    expect(sent.ms).toBeLessThan(10_000);
    expect(ordinary).toBe(200);
    expect(await ping()).toBe(200);
  });

  it('keeps memory flat under a chunked 150 MB body', async () => {
    global.gc?.();
    const before = process.memoryUsage().rss;
    const sent = await postLarge(150, false);
    const grown = process.memoryUsage().rss - before;
    expect(sent.status).toBe(413);
    // The server holds at most the 25 MB it read; without the limit it held the 150 MB twice (chunks and their concatenation).
    expect(grown).toBeLessThan(100 * MB);
  });

  it('answers ordinary deliveries afterwards', async () => {
    expect(await ping()).toBe(200);
  });
});
