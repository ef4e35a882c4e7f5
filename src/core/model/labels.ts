/**
 * Goal labels (SPEC §6): names within GitHub's 50-character cap, descriptions
 * within its 100-character cap, and "did you mean" suggestions.
 */
import { createHash } from 'node:crypto';
import { MAX_LABEL_DESCRIPTION, MAX_LABEL_NAME } from './github-limits.js';

const KEPT_PREFIX = 43;
const REPLACEMENT_CHARACTER = '\uFFFD';
const HASH_HEX = 6;

/**
 * `<prefix><id>`, or when that passes 50 characters its first 43 characters,
 * `-` and the first 6 hex digits of the SHA-256 of the full name, so two long
 * ids with the same start still get different labels. An id holding U+FFFD
 * (undecodable bytes) gets a label without it, told apart by the same hash.
 */
export function goalLabelName(id: string, prefix: string): { name: string; truncated: boolean } {
  const full = prefix + id;
  const characters = Array.from(full);
  const truncated = characters.length > MAX_LABEL_NAME;
  // U+FFFD is what invalid UTF-8 became: it never goes into a label, and the hash keeps such ids apart.
  const readable = full.includes(REPLACEMENT_CHARACTER) ? Array.from(full.replaceAll(REPLACEMENT_CHARACTER, '')) : null;
  if (!truncated && readable === null) return { name: full, truncated };
  const hash = createHash('sha256').update(full, 'utf8').digest('hex').slice(0, HASH_HEX);
  return { name: `${(readable ?? characters).slice(0, KEPT_PREFIX).join('')}-${hash}`, truncated };
}

const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u{FE0E}\u{FE0F}\u{200D}\u{20E3}]/gu;

/** The title without emoji and with whitespace collapsed, at most 100 characters (`…` when cut). */
export function labelDescription(title: string): string {
  const plain = title.replace(EMOJI, '').replaceAll(REPLACEMENT_CHARACTER, '').replace(/\s+/g, ' ').trim();
  const characters = Array.from(plain);
  if (characters.length <= MAX_LABEL_DESCRIPTION) return plain;
  return `${characters
    .slice(0, MAX_LABEL_DESCRIPTION - 1)
    .join('')
    .trimEnd()}…`;
}

/** Edit distance counting insertions, deletions, substitutions and swaps of neighbours. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const row = new Array<number>(cols).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j < cols; j++) d[0][j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[rows - 1][cols - 1];
}

/** Names longer than this are compared by their start only: suggestions need no more. */
const MAX_COMPARED = 200;
/** Substring matches need this many characters, or `a` would match everything. */
const MIN_SUBSTRING = 3;

/**
 * The input is a fragment of the candidate, or the candidate makes up at least
 * half of the input (so `day` is no suggestion for `staleAfterDays`).
 */
function isSubstringMatch(input: string, candidate: string): boolean {
  if (input.length >= MIN_SUBSTRING && candidate.includes(input)) return true;
  return candidate.length >= MIN_SUBSTRING && candidate.length * 2 >= input.length && input.includes(candidate);
}

/**
 * Up to `max` candidates close to `input` (case-insensitive): within an edit
 * distance of max(2, length/3), or a substring match either way; closest
 * first, ties by name.
 */
export function closestMatches(input: string, candidates: string[], max = 3): string[] {
  const wanted = input.trim().toLowerCase().slice(0, MAX_COMPARED);
  if (wanted.length === 0 || max <= 0) return [];
  const threshold = Math.max(2, Math.floor(wanted.length / 3));
  const scored: { name: string; distance: number }[] = [];
  for (const name of new Set(candidates)) {
    const other = name.toLowerCase().slice(0, MAX_COMPARED);
    const distance = editDistance(wanted, other);
    // Replacing every character is no resemblance, however short the names.
    const resembles = distance <= threshold && distance < Math.max(wanted.length, other.length);
    if (resembles || isSubstringMatch(wanted, other)) scored.push({ name, distance });
  }
  scored.sort((x, y) => x.distance - y.distance || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return scored.slice(0, max).map((entry) => entry.name);
}
