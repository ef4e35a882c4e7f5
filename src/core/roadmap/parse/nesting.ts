/**
 * A cheap look at how deeply a Markdown text nests block containers, before
 * the CommonMark parser sees it: parsers of nested block quotes and lists
 * take time that grows much faster than the text (100 KB of `> > > …` kept
 * mdast busy for minutes), while no goal page nests more than a few levels.
 */
import type { Diagnostic } from '../../model/model.js';
import { diagnostic } from '../../model/diagnostics.js';

/** Deeper than any page needs and still parsed in milliseconds. */
export const MAX_MARKDOWN_NESTING = 100;
/** One level (a list, a block quote) is ordinary; each level beyond counts. */
const ORDINARY_NESTING = 1;
/**
 * Parse time also grows with the square of how many lines nest (measured:
 * 10,000 lines of `- - x` took 55 s, 1,000 lines 1.3 s, 1,000 lines of ten
 * nested markers 3.3 s): the levels beyond the first, summed over the page,
 * are capped.
 */
export const MAX_MARKDOWN_DEEP_LEVELS = 1000;

export interface NestingProblem {
  line: number;
  /** Why, for the diagnostic: what to flatten. */
  message: string;
}

const SPACE = 32;
const TAB = 9;

/**
 * Where a Markdown text nests block containers too deeply to parse quickly,
 * or null. Each `>` and list marker at the start of a line opens a level, and
 * so do every two columns of indentation before them (how nested lists are written).
 */
/** The `too-complex` warning for a Markdown file that nests too deeply to parse, or null. */
export function markdownNestingDiagnostic(path: string, text: string): Diagnostic | null {
  const nesting = markdownNestingProblem(text);
  if (nesting === null) return null;
  const message = `This page is too complex to read: ${nesting.message}. It is skipped; flatten the nesting.`;
  return diagnostic('warning', 'too-complex', path, nesting.line, message);
}

export function markdownNestingProblem(text: string): NestingProblem | null {
  const limit = MAX_MARKDOWN_NESTING;
  let deepLevels = 0;
  let line = 1;
  let position = 0;
  while (position < text.length) {
    let columns = 0;
    let markers = 0;
    let index = position;
    for (;;) {
      const code = text.charCodeAt(index);
      if (code === SPACE || code === TAB) {
        // Indentation before the first marker nests lists; spaces after a marker only separate it.
        if (markers === 0) columns += code === TAB ? 4 : 1;
        index++;
      } else if (code === 62 /* > */) {
        markers++;
        index++;
      } else {
        const markerEnd = listMarkerEnd(text, index);
        if (markerEnd < 0) break;
        markers++;
        index = markerEnd;
      }
      if (markers + Math.floor(columns / 2) > limit) {
        return { line, message: `block quotes or lists are nested more than ${limit} levels deep here` };
      }
    }
    deepLevels += Math.max(0, markers + Math.floor(columns / 2) - ORDINARY_NESTING);
    if (deepLevels > MAX_MARKDOWN_DEEP_LEVELS) {
      return {
        line,
        message: `its lines open more than ${MAX_MARKDOWN_DEEP_LEVELS} nested block quotes or lists in all (by line ${line})`,
      };
    }
    const lineEnd = text.indexOf('\n', index);
    if (lineEnd < 0) return null;
    position = lineEnd + 1;
    line++;
  }
  return null;
}

/** After a list marker (`-`, `*`, `+`, `1.`, `1)`) followed by white space or the line's end; -1 when there is none at `index`. */
function listMarkerEnd(text: string, index: number): number {
  let end = index;
  const code = text.charCodeAt(end);
  if (code === 45 /* - */ || code === 42 /* * */ || code === 43 /* + */) {
    end++;
  } else {
    while (end - index < 9 && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
    if (end === index) return -1;
    const delimiter = text.charCodeAt(end);
    if (delimiter !== 46 /* . */ && delimiter !== 41 /* ) */) return -1;
    end++;
  }
  const after = text.charCodeAt(end);
  return after === SPACE || after === TAB || after === 10 || after === 13 || Number.isNaN(after) ? end : -1;
}
