/**
 * Building diagnostics: the one constructor, user text clipped for quoting,
 * the stable text order every sorted list uses, and an error's first line.
 */
import type { Diagnostic, DiagnosticCode, Severity } from './model.js';

export function diagnostic(
  severity: Severity,
  code: DiagnosticCode,
  file: string,
  line: number,
  message: string,
  node?: string,
): Diagnostic {
  const result: Diagnostic = { severity, code, file, line: Math.max(1, Math.floor(line) || 1), message };
  if (node !== undefined) result.node = node;
  return result;
}

/** Diagnostic messages quote at most this many characters of user text (SPEC §3). */
export const MAX_QUOTED_CHARS = 120;

/** User text for a message: cut to `MAX_QUOTED_CHARS` (a whole surrogate pair kept), `…` marking the cut. */
export function clip(text: string): string {
  if (text.length <= MAX_QUOTED_CHARS) return text;
  const cut = /[\ud800-\udbff]/.test(text[MAX_QUOTED_CHARS - 1]) ? MAX_QUOTED_CHARS - 1 : MAX_QUOTED_CHARS;
  return `${text.slice(0, cut)}…`;
}

/** Sorted path order: plain code-unit order, the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function errorMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
