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

/**
 * Multi-column join keys whose parts are all numbers (integers, decimals and dates read as
 * doubles), interned as dense ids: the build side adds its tuples, the probe side looks them up,
 * and the ids key the {@link JoinKeyTable}. No string is built per row. Tuples are kept by id in
 * one Float64Array, found through an open-addressing table of ids.
 */
export class TupleTable {
  private bits = 10;
  private slots = new Int32Array(1 << 10).fill(EMPTY);
  private values: Float64Array;
  private hashes = new Int32Array(512);
  private count = 0;

  constructor(readonly width: number) {
    this.values = new Float64Array(512 * width);
  }

  /** The hash of the tuple in `t[0..width)`: a pure function of its values (-0 must come as 0). */
  hash(t: Float64Array): number {
    let h = 0x811c9dc5 ^ this.width;
    for (let i = 0; i < this.width; i++) {
      scratch[0] = t[i]!;
      h = Math.imul(h ^ words[0]!, 0x9e3779b1);
      h = Math.imul(h ^ words[1]!, 0x85ebca6b);
      h ^= h >>> 15;
    }
    return h | 0;
  }

  /** The hash of interned tuple `id` (for partitioning a spilled join). */
  hashOf(id: number): number {
    return this.hashes[id]!;
  }

  private find(t: Float64Array, h: number): number {
    const mask = (1 << this.bits) - 1;
    const w = this.width;
    for (let s = h >>> (32 - this.bits); ; s = (s + 1) & mask) {
      const id = this.slots[s]!;
      if (id === EMPTY) return ~s;
      if (this.hashes[id] !== h) continue;
      let i = 0;
      while (i < w && this.values[id * w + i] === t[i]) i++;
      if (i === w) return id;
    }
  }

  /** The id of the tuple in `t`, or -1 when it was never added. */
  get(t: Float64Array): number {
    const id = this.find(t, this.hash(t));
    return id >= 0 ? id : EMPTY;
  }

  /** The id of the tuple in `t`, added when new. */
  add(t: Float64Array): number {
    const h = this.hash(t);
    const found = this.find(t, h);
    if (found >= 0) return found;
    const id = this.count++;
    if (id === this.hashes.length) {
      const hashes = new Int32Array(id * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
      const values = new Float64Array(id * 2 * this.width);
      values.set(this.values);
      this.values = values;
    }
    this.hashes[id] = h;
    this.values.set(t.subarray(0, this.width), id * this.width);
    this.slots[~found] = id;
    if (this.count * 2 > this.slots.length) this.grow();
    return id;
  }

  private grow(): void {
    this.bits++;
    this.slots = new Int32Array(1 << this.bits).fill(EMPTY);
    const mask = (1 << this.bits) - 1;
    for (let id = 0; id < this.count; id++) {
      let s = this.hashes[id]! >>> (32 - this.bits);
      while (this.slots[s] !== EMPTY) s = (s + 1) & mask;
      this.slots[s] = id;
    }
  }
}
