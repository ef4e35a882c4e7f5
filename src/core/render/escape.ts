/**
 * User text (titles, item labels, label names) going into comments the bot
 * posts (SPEC §12): it must not mention anyone, inject HTML, forge the bot's
 * `<!-- roadmap-bot:… -->` markers, smuggle links or break tables, and should
 * still read as the author wrote it.
 */

const ESCAPES: Record<string, string> = {
  // Backslashes first-class: otherwise user `\` + our `\[` would re-open the bracket.
  '\\': '\\\\',
  '`': '\\`',
  '[': '\\[',
  ']': '\\]',
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
};

const SPECIAL = /[\\`[\]&<>]/g;

/** A zero-width space after `@` keeps the text readable but stops GitHub from notifying anyone. */
const MENTION = /@(?=[A-Za-z0-9])/g;

/** Escapes user text for inline Markdown; `#123` issue references are left working. */
export function escapeInline(text: string): string {
  return text.replace(SPECIAL, (character) => ESCAPES[character]).replace(MENTION, '@\u200b');
}

/** `escapeInline` for a table cell: newlines become spaces and `|` cannot end the cell. */
export function escapeCell(text: string): string {
  return escapeInline(text.replace(/\r\n?|\n/g, ' ')).replace(/\|/g, '\\|');
}
