/**
 * The weekly issue's memory (SPEC §7): what next week's report needs to say
 * what changed, kept in hidden HTML comments on the issue itself — GitHub is
 * the bot's only store. A snapshot too large for one comment is split into
 * numbered parts that carry a hash of the whole, so parts left behind by an
 * earlier, longer run can never be mixed into a newer snapshot.
 */

export interface SnapshotTarget {
  text: string;
  /** Due day (the end of the fuzzy date's interval), or null when the date did not parse. */
  end: string | null;
}

export interface SnapshotNode {
  /** Rolled-up progress, 0..1. */
  progress: number;
  done: boolean;
  targets: SnapshotTarget[];
  /** End of the status quo's "as of" interval, or null when it has no parsed date. */
  statusQuoEnd: string | null;
  overdue: boolean;
  stale: boolean;
}

export interface Snapshot {
  version: 1;
  /** ISO week label, `2026-W48`. */
  week: string;
  /** The ISO day the report was built for. */
  now: string;
  nodes: Record<string, SnapshotNode>;
}

const WEEKLY_PREFIX = '<!-- roadmap-bot:weekly ';
export const SNAPSHOT_PREFIX = '<!-- roadmap-bot:snapshot ';
const COMMENT_END = ' -->';

/** Fewest characters a chunk may be given: the part header plus some payload. */
export const MIN_SNAPSHOT_CHUNK = 80;

/** The hidden line that finds this week's status issue again: `<!-- roadmap-bot:weekly 2026-W48 -->`. */
export function weeklyMarker(week: string): string {
  return `${WEEKLY_PREFIX}${week}${COMMENT_END}`;
}

/** The ISO week named by a body's weekly marker, or null when it has none. */
export function weeklyMarkerWeek(body: string): string | null {
  const match = /<!-- roadmap-bot:weekly (\d{4}-W\d{2}) -->/.exec(body);
  return match ? match[1] : null;
}

// Flags of a node in the compact encoding, one bit each.
const DONE = 1;
const OVERDUE = 2;
const STALE = 4;

/** One node as `[progress, flags, statusQuoEnd, [[text, end], …]]`: the snapshot of 5,000 nodes stays small. */
type CompactNode = [number, number, string | null, [string, string | null][]];

interface CompactSnapshot {
  v: 1;
  w: string;
  t: string;
  n: Record<string, CompactNode>;
}

function compact(snapshot: Snapshot): CompactSnapshot {
  const nodes: Record<string, CompactNode> = Object.create(null) as Record<string, CompactNode>;
  for (const [id, node] of Object.entries(snapshot.nodes)) {
    const flags = (node.done ? DONE : 0) | (node.overdue ? OVERDUE : 0) | (node.stale ? STALE : 0);
    nodes[id] = [node.progress, flags, node.statusQuoEnd, node.targets.map((target) => [target.text, target.end])];
  }
  return { v: 1, w: snapshot.week, t: snapshot.now, n: nodes };
}

function isStringOrNull(value: unknown): value is string | null {
  return value === null || typeof value === 'string';
}

function expand(value: unknown): Snapshot | null {
  if (typeof value !== 'object' || value === null) return null;
  const raw = value as Partial<Record<keyof CompactSnapshot, unknown>>;
  if (raw.v !== 1 || typeof raw.w !== 'string' || typeof raw.t !== 'string') return null;
  if (typeof raw.n !== 'object' || raw.n === null || Array.isArray(raw.n)) return null;
  // A null-prototype record: ids such as `__proto__` or `constructor` stay ordinary keys.
  const nodes: Record<string, SnapshotNode> = Object.create(null) as Record<string, SnapshotNode>;
  for (const [id, entry] of Object.entries(raw.n as Record<string, unknown>)) {
    if (!Array.isArray(entry) || entry.length !== 4) return null;
    const [progress, flags, statusQuoEnd, targets] = entry as unknown[];
    if (typeof progress !== 'number' || !Number.isFinite(progress)) return null;
    if (typeof flags !== 'number' || !Number.isInteger(flags) || flags < 0 || flags > 7) return null;
    if (!isStringOrNull(statusQuoEnd) || !Array.isArray(targets)) return null;
    const parsedTargets: SnapshotTarget[] = [];
    for (const target of targets) {
      if (!Array.isArray(target) || target.length !== 2) return null;
      const [text, end] = target as unknown[];
      if (typeof text !== 'string' || !isStringOrNull(end)) return null;
      parsedTargets.push({ text, end });
    }
    nodes[id] = {
      progress,
      done: (flags & DONE) !== 0,
      targets: parsedTargets,
      statusQuoEnd,
      overdue: (flags & OVERDUE) !== 0,
      stale: (flags & STALE) !== 0,
    };
  }
  return { version: 1, week: raw.w, now: raw.t, nodes };
}

/**
 * JSON that cannot end the HTML comment it sits in nor mention anyone: `<`,
 * `>` and `@` only occur inside JSON strings, where their `\u` escapes parse
 * back to the same text.
 */
function commentSafeJson(value: unknown): string {
  // Bidi and zero-width controls too: the hidden line must not reorder the text around it in an editor.
  return JSON.stringify(value).replace(
    /[<>@\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** FNV-1a, 32 bits, hex: ties the parts of one snapshot together. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

function partHeader(part: number, parts: number, hash: string): string {
  return `${SNAPSHOT_PREFIX}part ${part}/${parts} ${hash} `;
}

/**
 * The snapshot as hidden comments, each at most `maxChunk` characters: one
 * `<!-- roadmap-bot:snapshot {…} -->` when it fits, else numbered parts
 * (`<!-- roadmap-bot:snapshot part 2/5 1a2b3c4d …  -->`) to be posted in order.
 */
export function encodeSnapshot(snapshot: Snapshot, maxChunk: number): string[] {
  if (!Number.isInteger(maxChunk) || maxChunk < MIN_SNAPSHOT_CHUNK) {
    throw new RangeError(`encodeSnapshot needs maxChunk ≥ ${MIN_SNAPSHOT_CHUNK}, got ${maxChunk}`);
  }
  const json = commentSafeJson(compact(snapshot));
  const whole = `${SNAPSHOT_PREFIX}${json}${COMMENT_END}`;
  if (whole.length <= maxChunk) return [whole];

  const hash = fingerprint(json);
  // The header grows with the number of digits in the part count; settle on a count that holds.
  let parts = 1;
  for (;;) {
    const room = maxChunk - partHeader(parts, parts, hash).length - COMMENT_END.length;
    const needed = Math.ceil(json.length / room);
    if (needed <= parts) break;
    parts = needed;
  }
  const room = maxChunk - partHeader(parts, parts, hash).length - COMMENT_END.length;
  const chunks: string[] = [];
  for (let part = 1; part <= parts; part++) {
    const piece = json.slice((part - 1) * room, part * room);
    chunks.push(`${partHeader(part, parts, hash)}${piece}${COMMENT_END}`);
  }
  return chunks;
}

function parseSnapshotJson(json: string): Snapshot | null {
  try {
    return expand(JSON.parse(json));
  } catch {
    return null;
  }
}

interface PartGroup {
  parts: number;
  pieces: Map<number, string>;
}

/**
 * The snapshot held by the bodies of a status issue and its app-authored
 * comments (issue body first, comments in order), or null when there is none
 * that is whole and well-formed. Never throws.
 */
export function decodeSnapshot(bodies: string[]): Snapshot | null {
  try {
    return decodeFrom(bodies);
  } catch {
    return null;
  }
}

function decodeFrom(bodies: string[]): Snapshot | null {
  const pattern = /<!-- roadmap-bot:snapshot (?:part (\d{1,6})\/(\d{1,6}) ([0-9a-f]{8}) )?([^>]*?) -->/g;
  // Groups in order of first appearance, so the issue body's snapshot wins.
  const groups = new Map<string, PartGroup>();
  const candidates: (() => Snapshot | null)[] = [];
  for (const body of bodies) {
    if (typeof body !== 'string') continue;
    for (const match of body.matchAll(pattern)) {
      const [, partText, partsText, hash, payload] = match;
      if (partText === undefined) {
        candidates.push(() => parseSnapshotJson(payload));
        continue;
      }
      const part = Number(partText);
      const parts = Number(partsText);
      if (part < 1 || part > parts) continue;
      const key = `${hash}/${parts}`;
      let group = groups.get(key);
      if (!group) {
        group = { parts, pieces: new Map() };
        groups.set(key, group);
        const found = group;
        candidates.push(() => assemble(found, hash));
      }
      if (!group.pieces.has(part)) group.pieces.set(part, payload);
    }
  }
  for (const candidate of candidates) {
    const snapshot = candidate();
    if (snapshot) return snapshot;
  }
  return null;
}

function assemble(group: PartGroup, hash: string): Snapshot | null {
  if (group.pieces.size !== group.parts) return null;
  let json = '';
  for (let part = 1; part <= group.parts; part++) json += group.pieces.get(part);
  if (fingerprint(json) !== hash) return null;
  return parseSnapshotJson(json);
}
