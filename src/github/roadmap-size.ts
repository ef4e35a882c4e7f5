/**
 * About how much memory a parsed roadmap holds, for the cache's size bound:
 * strings count two bytes a character, every object and array a fixed
 * overhead. Measured against V8's heap on the bench's 10,000-node roadmap, the
 * estimate is within a factor of two, which is all a cache bound needs.
 */
const OBJECT_BYTES = 64;
const SLOT_BYTES = 8;

export function approximateBytes(value: unknown): number {
  let bytes = 0;
  const pending: unknown[] = [value];
  const seen = new Set<object>();
  while (pending.length > 0) {
    const current = pending.pop();
    if (typeof current === 'string') {
      bytes += 16 + current.length * 2;
    } else if (current !== null && typeof current === 'object') {
      // Parsers share some objects (fuzzy dates): counted once, as in memory.
      if (seen.has(current)) continue;
      seen.add(current);
      const values = current instanceof Map ? [...current.keys(), ...current.values()] : Object.values(current);
      bytes += OBJECT_BYTES + values.length * SLOT_BYTES;
      for (const item of values) pending.push(item);
    } else {
      bytes += SLOT_BYTES;
    }
  }
  return bytes;
}
