/**
 * Status scales (SPEC §2.4): the known stages in order, how each displays, and
 * the progress an item at a stage stands for. `?` is "unknown": not a stage.
 */
import { DEFAULT_STATUSES, type StatusScale } from './model.js';

export const UNKNOWN_STATUS = '?';

const BAR_CELLS = 5;

/** Five cells, `▯▯▯▯▯` … `▮▮▮▮▮`; `progress` is clamped to 0..1. */
export function statusBar(progress: number): string {
  const clamped = Number.isFinite(progress) ? Math.min(1, Math.max(0, progress)) : 0;
  const filled = Math.round(clamped * BAR_CELLS);
  return '▮'.repeat(filled) + '▯'.repeat(BAR_CELLS - filled);
}

function stageProgress(index: number, stages: number): number {
  return stages === 1 ? 1 : index / (stages - 1);
}

/**
 * A scale from a document's stage order and its display table (`[doc.emoji.status]`).
 * Stages without a display show as their progress bar; `?` is dropped from the
 * order (it is not a stage) and displays as `?` unless the table says otherwise.
 */
export function statusScaleFrom(order: string[], display: Record<string, string>): StatusScale {
  const stages = [...new Set(order)].filter((status) => status !== UNKNOWN_STATUS);
  const shown: Record<string, string> = {};
  stages.forEach((status, index) => {
    shown[status] = Object.hasOwn(display, status) ? display[status] : statusBar(stageProgress(index, stages.length));
  });
  shown[UNKNOWN_STATUS] = Object.hasOwn(display, UNKNOWN_STATUS) ? display[UNKNOWN_STATUS] : UNKNOWN_STATUS;
  return { order: stages, display: shown };
}

export function defaultStatusScale(): StatusScale {
  return statusScaleFrom([...DEFAULT_STATUSES], {});
}

/** Stage index / (stages − 1); `?` and statuses outside the scale count 0. */
export function itemProgress(status: string, scale: StatusScale): number {
  const index = scale.order.indexOf(status);
  return index < 0 ? 0 : stageProgress(index, scale.order.length);
}

/** True for a stage of the scale and for `?`; anything else deserves an `unknown-status` warning. */
export function isKnownStatus(status: string, scale: StatusScale): boolean {
  return status === UNKNOWN_STATUS || scale.order.includes(status);
}

/** How a status shows in rendered output: its display, or the status itself when unknown. */
export function statusDisplay(status: string, scale: StatusScale): string {
  return Object.hasOwn(scale.display, status) ? scale.display[status] : status;
}

/** True for the scale's last stage, the one that means "done". */
export function isDoneStatus(status: string, scale: StatusScale): boolean {
  return scale.order.length > 0 && scale.order[scale.order.length - 1] === status;
}
