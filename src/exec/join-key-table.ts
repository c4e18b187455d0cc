/**
 * A hash join's table from key to the last build row with that key (rows chain through the
 * join's `next` array). Number keys — most join keys: integers, decimals and dates read as
 * doubles — live in an open-addressing table over typed arrays (no boxed entry per key); strings,
 * booleans, NaN and BIGINT/DECIMAL values beyond 2^53 in a Map beside it.
 */
const EMPTY = -1;
const scratch = new Float64Array(1);
const words = new Int32Array(scratch.buffer);

function hashOf(x: number): number {
  // -0 and 0 are one key (their bits differ).
  scratch[0] = x === 0 ? 0 : x;
  return Math.imul(words[0]! ^ Math.imul(words[1]!, 0x85ebca6b), 0x9e3779b1);
}

export class JoinKeyTable {
  private bits = 10;
  private keys = new Float64Array(1 << 10);
  private heads = new Int32Array(1 << 10).fill(EMPTY);
  private used = 0;
  private readonly others = new Map<string | number | boolean, number>();

  private slot(x: number): number {
    const mask = (1 << this.bits) - 1;
    let s = hashOf(x) >>> (32 - this.bits);
    while (this.heads[s] !== EMPTY && this.keys[s] !== x) s = (s + 1) & mask;
    return s;
  }

  private grow(): void {
    const { keys, heads } = this;
    this.bits++;
    this.keys = new Float64Array(1 << this.bits);
    this.heads = new Int32Array(1 << this.bits).fill(EMPTY);
    for (let i = 0; i < heads.length; i++) {
      if (heads[i] === EMPTY) continue;
      const s = this.slot(keys[i]!);
      this.keys[s] = keys[i]!;
      this.heads[s] = heads[i]!;
    }
  }

  /** The last row chained under `key`, or -1. */
  get(key: string | number | boolean): number {
    if (typeof key !== 'number' || key !== key) return this.others.get(key) ?? EMPTY;
    return this.heads[this.slot(key)]!;
  }

  /** Makes `row` the last row under `key`; returns the previous one, or -1. */
  set(key: string | number | boolean, row: number): number {
    if (typeof key !== 'number' || key !== key) {
      const prev = this.others.get(key) ?? EMPTY;
      this.others.set(key, row);
      return prev;
    }
    const s = this.slot(key);
    const prev = this.heads[s]!;
    this.keys[s] = key;
    this.heads[s] = row;
    if (prev === EMPTY && ++this.used * 2 > this.heads.length) this.grow();
    return prev;
  }

  /** Every key with its last row. */
  *entries(): Generator<[string | number | boolean, number]> {
    for (let i = 0; i < this.heads.length; i++) if (this.heads[i] !== EMPTY) yield [this.keys[i]!, this.heads[i]!];
    yield* this.others;
  }

  clear(): void {
    this.bits = 10;
    this.keys = new Float64Array(1 << 10);
    this.heads = new Int32Array(1 << 10).fill(EMPTY);
    this.used = 0;
    this.others.clear();
  }
}
