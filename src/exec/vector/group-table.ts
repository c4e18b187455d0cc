/**
 * Maps the key tuples of a batch to dense group ids (an `Int32Array` per batch) with an
 * open-addressing hash table over typed key codes — no key string is built per row.
 *
 * Each key of each row is a (tag, code) pair: tag 0 is NULL; tag 1 a number (numbers, exact
 * BIGINT/DECIMAL values, booleans as 0/1; -0 is 0 and every NaN one code, as Trino groups them);
 * tag 2 an interned id of any other value (strings by value, the rest by their canonical
 * encoding). A key column yields the same pair for the same SQL value whatever vector shape a
 * batch delivers it in.
 */
import type { SqlType } from '../../types/sql-type.js';
import type { Value } from '../../types/value.js';
import { encodeValue } from '../key-encoding.js';
import { valueBytes } from '../query-memory.js';
import { isBigType, type Vec } from './vec.js';

const SAFE = 4503599627370496n; // 2^52

/** Per key position: the row arrays of the batch being loaded (see KeyColumn.load). */
const ROW_SCRATCH: { tags: Uint8Array<ArrayBuffer>; codes: Float64Array<ArrayBuffer>; firsts: Float64Array<ArrayBuffer> }[] = [];

class KeyColumn {
  /** Per group: tag, code, and the first value seen (what the group outputs). */
  tags = new Uint8Array(16);
  codes = new Float64Array(16);
  firsts = new Float64Array(16);
  readonly strings = new Map<string, number>();
  readonly others = new Map<string | number | boolean, number>();
  readonly interned: Value[] = [];
  /** The current batch's pairs. */
  rowTags = new Uint8Array(0);
  rowCodes = new Float64Array(0);
  rowFirsts = new Float64Array(0);

  /** Per dictionary seen: its codes' intern ids (-1 until met). */
  private readonly dictIds = new WeakMap<readonly Value[], Int32Array>();
  /** Estimated heap bytes of the interned values and their map entries. */
  internedBytes = 0;
  /** Whether load() may intern new values; when false an unknown value gets tag 3 (absent). */
  inserting = true;

  constructor(
    readonly type: SqlType,
    private readonly position: number,
  ) {}

  /** The pair of one non-dictionary value at row i. */
  private loadValue(x: Value, i: number): void {
    if (x === null) this.rowTags[i] = 0;
    else {
      const id = this.intern(x);
      this.rowTags[i] = id < 0 ? 3 : 2;
      this.rowCodes[i] = id;
    }
  }

  /** The intern id of `v`, or -1 when it is new and the column is not inserting. */
  private intern(v: Value): number {
    if (typeof v === 'string') {
      let id = this.strings.get(v);
      if (id === undefined) {
        if (!this.inserting) return -1;
        this.internedBytes += valueBytes(v) + 48;
        id = this.interned.length;
        this.interned.push(v);
        this.strings.set(v, id);
      }
      return id;
    }
    const k = encodeValue(v);
    let id = this.others.get(k);
    if (id === undefined) {
      if (!this.inserting) return -1;
      this.internedBytes += valueBytes(v) + (typeof k === 'string' ? valueBytes(k) : 0) + 48;
      id = this.interned.length;
      this.interned.push(v);
      this.others.set(k, id);
    }
    return id;
  }

  load(v: Vec, n: number): void {
    // The pairs of a batch are read within the assign or lookup that loads them: every table
    // of the thread shares the arrays of its j-th key.
    const scratch = (ROW_SCRATCH[this.position] ??= { tags: new Uint8Array(0), codes: new Float64Array(0), firsts: new Float64Array(0) });
    if (scratch.tags.length < n) {
      scratch.tags = new Uint8Array(n);
      scratch.codes = new Float64Array(n);
      scratch.firsts = new Float64Array(n);
    }
    this.rowTags = scratch.tags;
    this.rowCodes = scratch.codes;
    this.rowFirsts = scratch.firsts;
    const tags = this.rowTags;
    const codes = this.rowCodes;
    const firsts = this.rowFirsts;
    if (v.kind === 'val' && v.dict) {
      // Dictionary codes: each distinct value of this dictionary is interned once.
      const { codes: dc, values } = v.dict;
      let ids = this.dictIds.get(values);
      if (!ids) {
        ids = new Int32Array(values.length).fill(-1);
        this.dictIds.set(values, ids);
      }
      for (let i = 0; i < n; i++) {
        const c = dc[i]!;
        if (c < 0) {
          tags[i] = 0;
          continue;
        }
        let id = ids[c]!;
        if (id < 0) {
          const x = values[c] ?? null;
          if (typeof x !== 'string') {
            this.loadValue(x, i);
            continue;
          }
          id = this.intern(x);
          if (id < 0) {
            tags[i] = 3;
            continue;
          }
          ids[c] = id;
        }
        tags[i] = 2;
        codes[i] = id;
      }
      return;
    }
    if (v.kind === 'val') {
      for (let i = 0; i < n; i++) {
        const x = v.data[i] ?? null;
        if (x === null) tags[i] = 0;
        else if (typeof x === 'number') {
          tags[i] = 1;
          codes[i] = x === 0 ? 0 : x;
          firsts[i] = x;
        } else if (typeof x === 'boolean') {
          tags[i] = 1;
          codes[i] = firsts[i] = x ? 1 : 0;
        } else if (typeof x === 'bigint' && x < SAFE && x > -SAFE) {
          tags[i] = 1;
          codes[i] = firsts[i] = Number(x);
        } else {
          const id = this.intern(x);
          tags[i] = id < 0 ? 3 : 2;
          codes[i] = id;
        }
      }
      return;
    }
    const d = v.data;
    const nulls = v.nulls;
    for (let i = 0; i < n; i++) {
      if (nulls !== null && nulls[i] === 1) {
        tags[i] = 0;
        continue;
      }
      const x = d[i]!;
      tags[i] = 1;
      codes[i] = x === 0 ? 0 : x;
      firsts[i] = x;
    }
  }

  grow(cap: number): void {
    const t = new Uint8Array(cap);
    t.set(this.tags);
    this.tags = t;
    const c = new Float64Array(cap);
    c.set(this.codes);
    this.codes = c;
    const f = new Float64Array(cap);
    f.set(this.firsts);
    this.firsts = f;
  }

  value(g: number): Value {
    switch (this.tags[g]) {
      case 0:
        return null;
      case 2:
        return this.interned[this.codes[g]!]!;
      default: {
        const x = this.firsts[g]!;
        if (isBigType(this.type)) return BigInt(x);
        if (this.type.kind === 'boolean') return x === 1;
        return x;
      }
    }
  }
}

const scratch = new Float64Array(1);
const scratchWords = new Int32Array(scratch.buffer);

function hashCode(tag: number, code: number): number {
  if (tag !== 1) return tag === 0 ? 0x1234567 : Math.imul(code | 0, 0x9e3779b1) ^ 0x55555555;
  if ((code | 0) === code) return Math.imul(code, 0x9e3779b1);
  if (code !== code) return 0x7ff80000;
  scratch[0] = code;
  return Math.imul(scratchWords[0]! ^ Math.imul(scratchWords[1]!, 0x85ebca6b), 0x9e3779b1);
}

function sameCode(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}

/** Code tuples a dictionary-keyed batch may map straight to group ids (see comboCache). */
const MAX_COMBOS = 1 << 16;

export class GroupTable {
  private readonly keys: KeyColumn[];
  private slots = new Int32Array(1024);
  private mask = 1023;
  private hashes = new Int32Array(16);
  private capacity = 16;
  /** Number of groups. */
  size = 0;
  private gids = new Int32Array(0);
  private combos: { dicts: (readonly Value[])[]; strides: number[]; gids: Int32Array } | undefined;

  constructor(types: readonly SqlType[]) {
    this.keys = types.map((t, j) => new KeyColumn(t, j));
  }

  /** The group id of each of the `n` rows whose keys are `vecs` (new groups are added). */
  assign(vecs: readonly Vec[], n: number): Int32Array {
    if (this.gids.length < n) this.gids = new Int32Array(Math.max(n, 1024));
    const gids = this.gids;
    const keys = this.keys;
    const k = keys.length;
    if (k === 0) {
      if (this.size === 0) this.add(0);
      gids.fill(0, 0, n);
      return gids;
    }
    for (let j = 0; j < k; j++) keys[j]!.load(vecs[j]!, n);
    const combos = this.comboCache(vecs);
    for (let i = 0; i < n; i++) {
      let combo = -1;
      if (combos !== undefined) {
        // Every key a dictionary code: the code tuple's group, once it has been seen.
        combo = 0;
        for (let j = 0; j < k; j++) combo += (combos.codes[j]![i]! + 1) * combos.strides[j]!;
        const g = combos.gids[combo]!;
        if (g >= 0) {
          gids[i] = g;
          continue;
        }
      }
      this.assignRow(i, gids);
      if (combo >= 0) combos!.gids[combo] = gids[i]!;
    }
    return gids;
  }

  /**
   * For a batch whose keys are all dictionary-encoded with at most {@link MAX_COMBOS} code tuples
   * (NULL included): a group id per code tuple, -1 until met. Kept while the batches share their
   * dictionaries (a Parquet row group's batches do).
   */
  private comboCache(vecs: readonly Vec[]): { codes: Int32Array[]; strides: number[]; gids: Int32Array } | undefined {
    const dicts: (readonly Value[])[] = [];
    const codes: Int32Array[] = [];
    let size = 1;
    for (const v of vecs) {
      if (v.kind !== 'val' || !v.dict) return undefined;
      dicts.push(v.dict.values);
      codes.push(v.dict.codes);
      size *= v.dict.values.length + 1;
      if (size > MAX_COMBOS) return undefined;
    }
    const c = this.combos;
    if (c && c.dicts.length === dicts.length && c.dicts.every((d, j) => d === dicts[j])) return { codes, strides: c.strides, gids: c.gids };
    const strides: number[] = [];
    let stride = 1;
    for (const d of dicts) {
      strides.push(stride);
      stride *= d.length + 1;
    }
    this.combos = { dicts, strides, gids: new Int32Array(size).fill(-1) };
    return { codes, strides, gids: this.combos.gids };
  }

  /** Row i of the loaded batch: its group id into gids[i], a new group when its key tuple is new. */
  private assignRow(i: number, gids: Int32Array): void {
    const keys = this.keys;
    const k = keys.length;
    let h = 0x2545f491;
    for (let j = 0; j < k; j++) {
      const kc = keys[j]!;
      h = Math.imul(h ^ hashCode(kc.rowTags[i]!, kc.rowCodes[i]!), 0x01000193) ^ (h >>> 15);
    }
    const s = this.probe(h, i);
    const e = this.slots[s]!;
    if (e !== 0) {
      gids[i] = e - 1;
      return;
    }
    const g = this.size;
    this.add(h);
    for (let j = 0; j < k; j++) {
      const kc = keys[j]!;
      kc.tags[g] = kc.rowTags[i]!;
      kc.codes[g] = kc.rowCodes[i]!;
      kc.firsts[g] = kc.rowFirsts[i]!;
    }
    this.slots[s] = g + 1;
    gids[i] = g;
    if (this.size * 2 > this.mask) this.rehash();
  }

  /**
   * The group id of each of the `n` rows whose keys are `vecs`, or -1 for a key tuple that has no
   * group (nothing is added: a spilling aggregation routes those rows to disk).
   */
  lookup(vecs: readonly Vec[], n: number): Int32Array {
    if (this.gids.length < n) this.gids = new Int32Array(Math.max(n, 1024));
    const gids = this.gids;
    const keys = this.keys;
    const k = keys.length;
    if (k === 0) {
      // No keys: the one group (if it exists yet).
      gids.fill(this.size > 0 ? 0 : -1, 0, n);
      return gids;
    }
    for (let j = 0; j < k; j++) {
      keys[j]!.inserting = false;
      try {
        keys[j]!.load(vecs[j]!, n);
      } finally {
        keys[j]!.inserting = true;
      }
    }
    rows: for (let i = 0; i < n; i++) {
      let h = 0x2545f491;
      for (let j = 0; j < k; j++) {
        const kc = keys[j]!;
        if (kc.rowTags[i] === 3) {
          gids[i] = -1;
          continue rows;
        }
        h = Math.imul(h ^ hashCode(kc.rowTags[i]!, kc.rowCodes[i]!), 0x01000193) ^ (h >>> 15);
      }
      const s = this.probe(h, i);
      const e = this.slots[s]!;
      gids[i] = e === 0 ? -1 : e - 1;
    }
    return gids;
  }

  /** The slot of row i's key tuple (hash h): its group's, or the empty slot where it would go. */
  private probe(h: number, i: number): number {
    let s = h & this.mask;
    for (;;) {
      const e = this.slots[s]!;
      if (e === 0 || (this.hashes[e - 1] === h && this.matches(e - 1, i))) return s;
      s = (s + 1) & this.mask;
    }
  }

  /** Estimated heap bytes the table holds. */
  get bytes(): number {
    let b = this.slots.byteLength + this.hashes.byteLength;
    for (const kc of this.keys) b += kc.tags.byteLength + kc.codes.byteLength + kc.firsts.byteLength + kc.internedBytes + 8 * kc.interned.length;
    return b;
  }

  private matches(g: number, i: number): boolean {
    for (const kc of this.keys) {
      const t = kc.rowTags[i]!;
      if (kc.tags[g] !== t) return false;
      if (t !== 0 && !sameCode(kc.codes[g]!, kc.rowCodes[i]!)) return false;
    }
    return true;
  }

  private add(h: number): void {
    if (this.size === this.capacity) {
      this.capacity *= 2;
      const hs = new Int32Array(this.capacity);
      hs.set(this.hashes);
      this.hashes = hs;
      for (const kc of this.keys) kc.grow(this.capacity);
    }
    this.hashes[this.size++] = h;
  }

  private rehash(): void {
    const cap = (this.mask + 1) * 2;
    this.slots = new Int32Array(cap);
    this.mask = cap - 1;
    for (let g = 0; g < this.size; g++) {
      let s = this.hashes[g]! & this.mask;
      while (this.slots[s] !== 0) s = (s + 1) & this.mask;
      this.slots[s] = g + 1;
    }
  }

  /** The key values of group `g`, as the group's first row held them. */
  keyValues(g: number): Value[] {
    return this.keys.map((kc) => kc.value(g));
  }
}
