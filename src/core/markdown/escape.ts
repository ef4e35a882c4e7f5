/**
 * `src/core/markdown/` owns Markdown output: this escaping, the one link
 * builder (`links.ts`) and the blocks (`format.ts`).
 *
 * User text (titles, ids, item labels, dates' raw text, statuses, file names,
 * diagnostic messages, owners) going into what the bot writes (SPEC §13,
 * "Untrusted text and senders"). A fork's pull request chooses this text, so
 * whatever it holds, once escaped it:
 * - stays on one line: no newline can start a heading, table, list or quote;
 * - shows bidi and zero-width controls as `�` instead of letting them
 *   reorder what a reader sees ("Trojan Source");
 * - has no live link: bare URLs, `www.` and `mailto:` go in a code span;
 * - mentions nobody (`@` gets a zero-width space), injects no HTML and
 *   forges no `<!-- roadmap-bot:… -->` marker (`<` → `&lt;`);
 * - is clipped (200 characters by default, with `…`) so one row cannot push
 *   the rest of a comment past GitHub's size limit;
 * and otherwise reads as the author wrote it.
 *
 * One function per context: `escapeInline` (Markdown text), `escapeCell`
 * (a table cell), `escapeLinkText` (the text of a link the bot builds, also
 * safe in a cell), `escapeAnnotation` (a check-run annotation: plain text).
 */

/** How many characters of one user string are shown. */
export const MAX_USER_TEXT = 200;
/** Diagnostic and configuration messages: the bot's own explanation around a quoted piece of user text. */
export const MAX_MESSAGE_TEXT = 600;
/** What one escaped string can grow to: `&` → `&amp;` is the widest escape. */
export const escapedLengthBound = (limit: number): number => 6 * limit;

const MARKDOWN_ESCAPES: Record<string, string> = {
  // Backslashes first-class: otherwise user `\` + our `\[` would re-open the bracket.
  '\\': '\\\\',
  '`': '\\`',
  '[': '\\[',
  ']': '\\]',
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
};
const MARKDOWN_SPECIAL = /[\\`[\]&<>]/g;

/**
 * Bidi embeddings, overrides and isolates, the Arabic letter mark, zero-width
 * and other invisible format characters. A zero-width joiner inside an emoji
 * sequence (👩‍💻) is kept: it only draws the emoji.
 */
const INVISIBLE =
  /[\u00AD\u061C\u180E\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]|(?<!\p{Extended_Pictographic}\uFE0F?)\u200D|\u200D(?!\p{Extended_Pictographic})/gu;
const SHOWN_INVISIBLE = '\uFFFD';
/** Other control characters: C0 and C1 besides whitespace, which is folded instead. */
const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F]/g;
/** Every line break and run of blanks, Unicode's included (U+0085, U+2028, U+2029). */
const BLANKS = /[\s\u0085]+/g;

/** A link GFM would make on its own: a scheme's `//`, `www.`, `mailto:`/`xmpp:` (emails are broken at their `@`). */
const BARE_URL = /(?:[a-z][a-z0-9+.-]*:\/\/|www\.|(?:mailto|xmpp):)[^\s`|\\<>]*/gi;

/** A zero-width space after `@` keeps the text readable but stops GitHub from notifying anyone. */
const MENTION = /@(?=[\p{L}\p{N}_.-])/gu;
const DEFUSED_MENTION = '@\u200b';

/** A start that would make a line a heading, quote, list, rule, fence or setext underline (`#12` stays a reference). */
const BLOCK_START = /^(?:#{1,6}(?=\s|$)|[>+*=_~-]|\d{1,9}(?=[.)](?:\s|$)))/;

/** One line, invisible controls shown, at most `limit` characters (whole code points) ending in `…` when cut. */
export function plainLine(text: string, limit = MAX_USER_TEXT): string {
  const line = text.replace(INVISIBLE, SHOWN_INVISIBLE).replace(CONTROL, SHOWN_INVISIBLE).replace(BLANKS, ' ').trim();
  const characters = Array.from(line);
  return characters.length <= limit
    ? line
    : `${characters
        .slice(0, Math.max(0, limit - 1))
        .join('')
        .trimEnd()}…`;
}

function escapeMarkdownText(text: string): string {
  return text.replace(MARKDOWN_SPECIAL, (character) => MARKDOWN_ESCAPES[character]).replace(MENTION, DEFUSED_MENTION);
}

/** Escapes user text for inline Markdown; `#123` issue references are left working. */
export function escapeInline(text: string, limit = MAX_USER_TEXT): string {
  const line = plainLine(text, limit);
  let escaped = '';
  let from = 0;
  for (const match of line.matchAll(BARE_URL)) {
    escaped += escapeMarkdownText(line.slice(from, match.index));
    // A code span shows the address but is no link; tokens hold no backtick, so one fence suffices.
    escaped += `\`${match[0].replace(MENTION, DEFUSED_MENTION)}\``;
    from = match.index + match[0].length;
  }
  escaped += escapeMarkdownText(line.slice(from));
  return escaped.replace(BLOCK_START, (start) => (/\d/.test(start) ? `${start}\\` : `\\${start}`));
}

/** `escapeInline` for a table cell: `|` cannot end the cell. */
export function escapeCell(text: string, limit = MAX_USER_TEXT): string {
  return escapeInline(text, limit).replace(/\|/g, '\\|');
}

/** User text as the text of a link the bot builds; safe inside a table cell too. */
export function escapeLinkText(text: string, limit = MAX_USER_TEXT): string {
  return escapeCell(text, limit);
}

/**
 * User text in a check-run annotation, which GitHub shows as plain text:
 * nothing to escape, but it is still one clipped line with no invisible
 * controls, `<` and `>` shown as `‹ ›`, and addresses defanged
 * (`https[:]//…`, `www[.]…`) so nobody is invited to follow them.
 */
export function escapeAnnotation(text: string, limit = MAX_USER_TEXT): string {
  return plainLine(text, limit)
    .replace(/</g, '‹')
    .replace(/>/g, '›')
    .replace(/:\/\//g, '[:]//')
    .replace(/(www|mailto|xmpp)([.:])/gi, '$1[$2]')
    .replace(MENTION, DEFUSED_MENTION);
}
