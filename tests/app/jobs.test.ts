import { describe, expect, it, vi } from 'vitest';
import { JobQueue, threadLane } from '../../src/app/jobs.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('JobQueue', () => {
  it('runs at most `concurrency` jobs at once and is idle when all are done', async () => {
    const log = { error: vi.fn() };
    const queue = new JobQueue(log, 2);
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    for (let index = 0; index < 5; index++) {
      queue.add(`job ${index}`, async () => {
        running += 1;
        peak = Math.max(peak, running);
        await tick();
        running -= 1;
        done.push(index);
      });
    }
    expect(queue.pending).toBe(5);

    await queue.idle();

    expect(peak).toBe(2);
    expect(done.sort()).toEqual([0, 1, 2, 3, 4]);
    expect(queue.pending).toBe(0);
    expect(log.error).not.toHaveBeenCalled();
  });

  it('logs a failing job and keeps running the others', async () => {
    const log = { error: vi.fn() };
    const queue = new JobQueue(log, 1);
    const ran: string[] = [];
    queue.add('broken', async () => {
      throw new Error('boom');
    });
    queue.add('fine', async () => {
      ran.push('fine');
    });

    await queue.idle();

    expect(ran).toEqual(['fine']);
    expect(log.error).toHaveBeenCalledWith(expect.objectContaining({ job: 'broken' }), 'roadmap-bot: job "broken" failed');
  });

  it('is idle at once with nothing to do, and waits for jobs that jobs add', async () => {
    const queue = new JobQueue({ error: vi.fn() });
    await expect(queue.idle()).resolves.toBeUndefined();
    const order: string[] = [];
    queue.add('outer', async () => {
      await tick();
      queue.add('inner', async () => {
        await tick();
        order.push('inner');
      });
      order.push('outer');
    });
    await queue.idle();
    expect(order).toEqual(['outer', 'inner']);
  });

  it('runs the jobs of one lane one at a time, in the order added, while other lanes go on', async () => {
    const queue = new JobQueue({ error: vi.fn() }, 4);
    const events: string[] = [];
    const job = (name: string) => async () => {
      events.push(`start ${name}`);
      await tick();
      events.push(`end ${name}`);
    };
    const issue = threadLane({ owner: 'Acme', repo: 'Widgets' }, 7);
    queue.add('opened', job('opened'), { lane: issue });
    queue.add('labeled', job('labeled'), { lane: threadLane({ owner: 'acme', repo: 'widgets' }, 7) });
    queue.add('other issue', job('other'), { lane: threadLane({ owner: 'acme', repo: 'widgets' }, 8) });

    await queue.idle();

    expect(events.indexOf('start labeled')).toBeGreaterThan(events.indexOf('end opened'));
    expect(events.indexOf('start other')).toBeLessThan(events.indexOf('end opened'));
  });

  it('keeps no slot for a job waiting on its lane: jobs of other lanes run meanwhile', async () => {
    const queue = new JobQueue({ error: vi.fn() }, 2);
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    queue.add(
      'slow',
      async () => {
        await gate;
        order.push('slow');
      },
      { lane: 'a' },
    );
    queue.add(
      'behind slow',
      async () => {
        order.push('behind slow');
      },
      { lane: 'a' },
    );
    queue.add(
      'free',
      async () => {
        order.push('free');
      },
      { lane: 'b' },
    );
    await tick();
    expect(order).toEqual(['free']);
    release();

    await queue.idle();

    expect(order).toEqual(['free', 'slow', 'behind slow']);
  });

  it('drops a waiting latestOnly job that a newer one of its lane overtook; the running one finishes', async () => {
    const queue = new JobQueue({ error: vi.fn() }, 4);
    const ran: string[] = [];
    const review = (head: string) => async () => {
      await tick();
      ran.push(head);
    };
    queue.add('review a', review('a'), { lane: 'pr', latestOnly: true });
    queue.add('review b', review('b'), { lane: 'pr', latestOnly: true });
    queue.add('command', review('command'), { lane: 'pr' });
    queue.add('review c', review('c'), { lane: 'pr', latestOnly: true });

    await queue.idle();

    expect(ran).toEqual(['a', 'command', 'c']);
  });
});
