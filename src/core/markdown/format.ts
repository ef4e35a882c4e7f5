/**
 * Small Markdown building blocks shared by the bot's comments and issues.
 * Cells, summaries and link texts passed in are Markdown already: user text
 * must go through `escapeInline` / `escapeCell` / `escapeLinkText` first.
 */
import { formatDuration } from '../model/dates.js';
import { statusBar } from '../model/statuses.js';
import { escapeInline, plainLine } from './escape.js';

/** `1 target`, `2 targets`; irregular plurals are passed in. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

export function tableHeader(headers: string[]): string {
  return `${tableRow(headers)}\n|${headers.map(() => '---').join('|')}|`;
}

export function tableRow(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

export function table(headers: string[], rows: string[][]): string {
  return [tableHeader(headers), ...rows.map(tableRow)].join('\n');
}

/** The opening and closing of a collapsed `<details>` block, for callers that fill it row by row. */
export function detailsFrame(summary: string): { open: string; close: string } {
  return { open: `<details><summary>${summary}</summary>\n\n`, close: '\n\n</details>' };
}

export function details(summary: string, body: string): string {
  const { open, close } = detailsFrame(summary);
  return `${open}${body}${close}`;
}

/**
 * A code span for ids and label names made of plain characters; anything
 * else (backticks, `<`, `@`, spaces…) is shown as escaped text instead,
 * because nothing can be escaped inside a code span.
 */
export function inlineCode(text: string): string {
  const line = plainLine(text);
  return /^[A-Za-z0-9._:/#+-]+$/.test(line) ? `\`${line}\`` : escapeInline(line);
}

/** `+45 days (6 weeks)`, `-3 days`, `+1 day`: exact, with a rounder reading once it helps. */
export function signedDays(days: number): string {
  const sign = days > 0 ? '+' : days < 0 ? '-' : '';
  return `${sign}${dayCount(days)}`;
}

/** `92 days (3 months)`: how far, without a sign, for when the word beside it ("pulled in", "moved back") says which way. */
export function dayCount(days: number): string {
  const exact = plural(Math.abs(days), 'day');
  const rounded = formatDuration(days);
  return rounded === exact ? exact : `${exact} (${rounded})`;
}

/** `▮▮▯▯▯ → ▮▮▮▯▯`: a progress change as two status bars. */
export function barChange(before: number, after: number): string {
  return `${statusBar(before)} → ${statusBar(after)}`;
}
