import { describe, expect, it, vi } from 'vitest';
import { JobQueue } from '../../src/app/jobs.js';

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
});
