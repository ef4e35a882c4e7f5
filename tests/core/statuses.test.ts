import { describe, expect, test } from 'vitest';
import { DEFAULT_STATUSES } from '../../src/core/model/model.js';
import {
  defaultStatusScale,
  isDoneStatus,
  isKnownStatus,
  itemProgress,
  statusBar,
  statusDisplay,
  statusScaleFrom,
} from '../../src/core/model/statuses.js';

describe('statusBar', () => {
  test.each([
    [0, '▯▯▯▯▯'],
    [0.09, '▯▯▯▯▯'],
    [0.1, '▮▯▯▯▯'],
    [0.2, '▮▯▯▯▯'],
    [0.5, '▮▮▮▯▯'],
    [0.6, '▮▮▮▯▯'],
    [0.8, '▮▮▮▮▯'],
    [1, '▮▮▮▮▮'],
    [-0.5, '▯▯▯▯▯'],
    [7, '▮▮▮▮▮'],
    [Number.NaN, '▯▯▯▯▯'],
  ])('%d → %s', (progress, bar) => {
    expect(statusBar(progress)).toBe(bar);
  });
});

describe('the default scale', () => {
  const scale = defaultStatusScale();

  test('has the SPEC §2.4 order', () => {
    expect(scale.order).toEqual([...DEFAULT_STATUSES]);
  });

  test('displays each stage as its progress bar, and ? as ?', () => {
    expect(scale.display).toEqual({
      'not-started': '▯▯▯▯▯',
      exploration: '▮▯▯▯▯',
      design: '▮▮▯▯▯',
      implementation: '▮▮▮▯▯',
      stabilization: '▮▮▮▮▯',
      done: '▮▮▮▮▮',
      '?': '?',
    });
  });

  test.each([
    ['not-started', 0],
    ['exploration', 0.2],
    ['design', 0.4],
    ['implementation', 0.6],
    ['stabilization', 0.8],
    ['done', 1],
    ['?', 0],
    ['shipped', 0],
    ['Done', 0],
  ])('%s has progress %d', (status, progress) => {
    expect(itemProgress(status, scale)).toBeCloseTo(progress, 10);
  });

  test('known statuses are the stages and ?', () => {
    expect(isKnownStatus('design', scale)).toBe(true);
    expect(isKnownStatus('?', scale)).toBe(true);
    expect(isKnownStatus('shipped', scale)).toBe(false);
    expect(isKnownStatus('', scale)).toBe(false);
  });

  test('done is the last stage', () => {
    expect(isDoneStatus('done', scale)).toBe(true);
    expect(isDoneStatus('stabilization', scale)).toBe(false);
    expect(isDoneStatus('?', scale)).toBe(false);
  });

  test('each call gives a fresh scale', () => {
    defaultStatusScale().order.push('extra');
    expect(defaultStatusScale().order).toHaveLength(DEFAULT_STATUSES.length);
  });
});

describe("statusScaleFrom (a document's [doc.emoji.status] table)", () => {
  test('keeps given displays and fills missing ones with bars', () => {
    const scale = statusScaleFrom(['idea', 'wip', 'shipped'], { idea: '💡', shipped: '🚀' });
    expect(scale.order).toEqual(['idea', 'wip', 'shipped']);
    expect(scale.display).toEqual({ idea: '💡', wip: '▮▮▮▯▯', shipped: '🚀', '?': '?' });
    expect(itemProgress('wip', scale)).toBe(0.5);
    expect(itemProgress('design', scale)).toBe(0);
    expect(isKnownStatus('design', scale)).toBe(false);
  });

  test('? is not a stage even when the table lists it', () => {
    const scale = statusScaleFrom(['?', 'todo', 'done'], { '?': '❓', todo: '⬜', done: '✅' });
    expect(scale.order).toEqual(['todo', 'done']);
    expect(scale.display['?']).toBe('❓');
    expect(itemProgress('?', scale)).toBe(0);
    expect(itemProgress('done', scale)).toBe(1);
  });

  test('duplicates count once', () => {
    expect(statusScaleFrom(['a', 'b', 'a', 'c'], {}).order).toEqual(['a', 'b', 'c']);
  });

  test('a one-stage scale gives that stage full progress', () => {
    const scale = statusScaleFrom(['done'], {});
    expect(itemProgress('done', scale)).toBe(1);
    expect(scale.display.done).toBe('▮▮▮▮▮');
  });

  test('an empty scale knows only ?', () => {
    const scale = statusScaleFrom([], {});
    expect(itemProgress('anything', scale)).toBe(0);
    expect(isKnownStatus('?', scale)).toBe(true);
    expect(isDoneStatus('done', scale)).toBe(false);
  });

  test('statusDisplay falls back to the status itself', () => {
    const scale = defaultStatusScale();
    expect(statusDisplay('done', scale)).toBe('▮▮▮▮▮');
    expect(statusDisplay('shipped', scale)).toBe('shipped');
    expect(statusDisplay('toString', scale)).toBe('toString');
  });
});
