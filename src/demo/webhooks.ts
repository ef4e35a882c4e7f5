/**
 * Webhooks as GitHub delivers them: a real payload from
 * `@octokit/webhooks-examples` with this repository's objects put in, posted
 * over HTTP with GitHub's headers and an `x-hub-signature-256` made with the
 * webhook secret, so the app server checks it exactly as it checks GitHub's.
 * Used by the demo and the bench.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { sign } from '@octokit/webhooks-methods';

interface ExampleDefinition {
  name: string;
  examples: Record<string, unknown>[];
}

let definitions: ExampleDefinition[] | null = null;

function exampleDefinitions(): ExampleDefinition[] {
  // The examples are one large JSON file: read it only when a webhook is built.
  definitions ??= createRequire(import.meta.url)('@octokit/webhooks-examples') as ExampleDefinition[];
  return definitions;
}

/** A fresh copy of the first example payload of `event` with that `action`. */
export function examplePayload(event: string, action: string): Record<string, unknown> {
  const definition = exampleDefinitions().find((entry) => entry.name === event);
  const found = definition?.examples.find((payload) => payload.action === action);
  if (!found) throw new Error(`@octokit/webhooks-examples has no ${event}.${action} payload`);
  return structuredClone(found);
}

export interface Delivery {
  event: string;
  action: string;
  id: string;
  /** The app server's HTTP status: 200 when the signature checked out and the handlers ran. */
  status: number;
}

export class WebhookSender {
  constructor(
    private readonly webhookUrl: string,
    private readonly secret: string,
  ) {}

  /** Posts one signed delivery and waits for the server's answer. */
  async deliver(event: string, payload: Record<string, unknown>): Promise<Delivery> {
    const send = await this.prepare(event, payload);
    return send();
  }

  /**
   * Serialises and signs the payload once; each call of the result is one
   * more delivery of it (with its own delivery id, as GitHub's redeliveries
   * have). The bench uses it so the client's work stays out of the figures.
   */
  async prepare(event: string, payload: Record<string, unknown>): Promise<() => Promise<Delivery>> {
    const body = JSON.stringify(payload);
    const signature = await sign(this.secret, body);
    const action = String(payload.action ?? '');
    return async () => {
      const id = randomUUID();
      const response = await fetch(this.webhookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'GitHub-Hookshot/roadmap-bot-demo',
          'x-github-event': event,
          'x-github-delivery': id,
          'x-hub-signature-256': signature,
        },
        body,
      });
      // Drain the body so the connection goes back to the pool.
      await response.arrayBuffer();
      return { event, action, id, status: response.status };
    };
  }
}
