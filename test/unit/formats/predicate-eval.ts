import type { ColumnPredicate, Literal } from '../../../src/formats/predicate.js';
import type { Value } from '../../../src/types/value.js';

function cmpValue(a: Value, b: Literal): number {
  if (typeof a === 'string' && typeof b === 'string') return Buffer.compare(Buffer.from(a), Buffer.from(b));
  if (typeof a === 'bigint' || typeof b === 'bigint') {
    const x = BigInt(a as number | bigint), y = BigInt(b as number | bigint);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

/** SQL semantics of a predicate on one value (NULL never matches a comparison). */
export function holds(p: ColumnPredicate, v: Value): boolean {
  if (p.op === 'isNull') return v === null;
  if (p.op === 'isNotNull') return v !== null;
  if (v === null) return false;
  switch (p.op) {
    case 'eq': return cmpValue(v, p.value) === 0;
    case 'ne': return cmpValue(v, p.value) !== 0;
    case 'lt': return cmpValue(v, p.value) < 0;
    case 'le': return cmpValue(v, p.value) <= 0;
    case 'gt': return cmpValue(v, p.value) > 0;
    case 'ge': return cmpValue(v, p.value) >= 0;
    case 'in': return p.values.some((x) => cmpValue(v, x) === 0);
    case 'between': return cmpValue(v, p.low) >= 0 && cmpValue(v, p.high) <= 0;
  }
}

