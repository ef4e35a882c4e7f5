/**
 * An App key pair made in memory, for the simulator and everything that runs
 * the App against it (demo, bench, tests): the App signs its JWT with the
 * private key, the simulator verifies it with the public one.
 */
import { generateKeyPairSync } from 'node:crypto';

export interface AppKeyPair {
  publicKey: string;
  privateKey: string;
}

export function generateAppKeyPair(): AppKeyPair {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}
