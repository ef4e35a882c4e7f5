/**
 * Webhook bodies are read here, with a limit, before Probot sees them
 * (SPEC §13): Probot's middleware buffers the whole body before it checks
 * the signature, so anyone who knows the webhook URL could make the server
 * hold gigabytes. GitHub never sends more than 25 MB, so a longer body is
 * refused with 413 as soon as it is announced (`Content-Length`) or, for a
 * chunked body, as soon as the bytes counted pass the limit; the rest is
 * discarded unread for a second (so the client sees the 413 rather than a
 * reset), then the connection is closed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** GitHub caps webhook payloads at 25 MB (docs.github.com, "Webhook payload object"). */
export const MAX_WEBHOOK_BODY_BYTES = 25 * 1024 * 1024;

export type BodyRead = { ok: true; body: string } | { ok: false };

/**
 * How long the rest of a refused body is read and discarded after the 413,
 * so the client, still writing, gets to read the answer instead of a reset.
 */
const DISCARD_MS = 1_000;

function refuse(request: IncomingMessage, response: ServerResponse, limit: number): void {
  request.resume();
  response.once('finish', () => setTimeout(() => request.destroy(), DISCARD_MS).unref());
  response
    .writeHead(413, { 'content-type': 'application/json' })
    .end(JSON.stringify({ error: `Payload Too Large: webhook bodies are limited to ${limit} bytes` }));
}

/**
 * The request's body as text, or `{ ok: false }` once the 413 is on its way
 * (the caller answers nothing more). A client that hangs up early also gives
 * `{ ok: false }`.
 */
export function readLimitedBody(request: IncomingMessage, response: ServerResponse, limit = MAX_WEBHOOK_BODY_BYTES): Promise<BodyRead> {
  const announced = Number(request.headers['content-length']);
  if (Number.isFinite(announced) && announced > limit) {
    refuse(request, response, limit);
    return Promise.resolve({ ok: false });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const stop = (): void => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > limit) {
        stop();
        chunks.length = 0;
        refuse(request, response, limit);
        resolve({ ok: false });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      stop();
      resolve({ ok: true, body: Buffer.concat(chunks, received).toString('utf8') });
    };
    const onError = (): void => {
      stop();
      resolve({ ok: false });
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
  });
}
