/**
 * Spill files: operator state written out when a query passes its memory budget (external sort
 * runs, hash-aggregation and hash-join partitions). Plaintext never reaches disk: every frame is
 * AES-256-GCM under a key that exists only in this process's memory, one per query, wiped when
 * the query ends. The files live in a directory of their own, `<root>/<pid>-<random>/`, removed at
 * query end; directories left by a process that died are removed by the next {@link sweepSpillRoot}.
 *
 * A frame is `length (u32 LE) | IV (12) | ciphertext | tag (16)`; the additional data binds each
 * frame to its file and position, so frames cannot be reordered or moved between files.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { AegisError } from '../errors.js';
import type { Batch } from '../types/batch.js';
import type { SqlType } from '../types/sql-type.js';
import type { Value } from '../types/value.js';
import { rowsToBatch } from './batch-util.js';

/** Where spill directories go unless configured (`--spill-dir`, `AEGIS_SPILL_DIR`). */
export function defaultSpillRoot(): string {
  return join(tmpdir(), 'aegis-spill');
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the spill directories of processes that no longer run; returns how many. */
export function sweepSpillRoot(root: string): number {
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of entries) {
    const m = /^(\d+)-[0-9a-f]+$/.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || processAlive(pid)) continue;
    try {
      rmSync(join(root, name), { recursive: true, force: true });
      removed++;
    } catch {
      // Another process swept it first, or it is not ours to remove: leave it.
    }
  }
  return removed;
}

/** One query's spill directory and key. */
export class SpillSpace {
  private dir: string | undefined;
  private key: Buffer | undefined = randomBytes(32);
  private seq = 0;
  private readonly open = new Set<SpillFile>();
  /** Frames written, bytes written (for EXPLAIN ANALYZE and tests). */
  readonly stats = { files: 0, bytes: 0 };

  constructor(
    private readonly root: string,
    /** Called with each new file's path (tests read the bytes to check they hold no plaintext). */
    private readonly onFile?: (path: string) => void,
  ) {}

  /** A new, empty spill file. */
  file(): SpillFile {
    if (!this.key) throw new AegisError('INTERNAL_ERROR', 'Spill space used after its query ended');
    if (!this.dir) {
      mkdirSync(this.root, { recursive: true, mode: 0o700 });
      this.dir = join(this.root, `${process.pid}-${randomBytes(6).toString('hex')}`);
      mkdirSync(this.dir, { mode: 0o700 });
    }
    const id = this.seq++;
    const path = join(this.dir, `${id}.spill`);
    const f = new SpillFile(path, id, this.key, this, () => this.open.delete(f));
    this.open.add(f);
    this.stats.files++;
    this.onFile?.(path);
    return f;
  }

  /** Removes every file and the directory, and wipes the key. */
  close(): void {
    for (const f of [...this.open]) f.close();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
    this.key?.fill(0);
    this.key = undefined;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `SpillSpace { files: ${this.stats.files}, bytes: ${this.stats.bytes} }`;
  }
}

const HEADER = 4;
const IV = 12;
const TAG = 16;

/**
 * An append-then-read file of row frames. Rows are serialized with V8's structured serializer
 * (every runtime value type round-trips: bigint, Uint8Array, nested arrays and maps) and sealed.
 */
export class SpillFile {
  private fd: number | undefined;
  private size = 0;
  private frames = 0;
  /** Rows appended. */
  rows = 0;

  constructor(
    readonly path: string,
    private readonly id: number,
    private readonly key: Buffer,
    private readonly space: SpillSpace,
    private readonly onClose: () => void,
  ) {
    this.fd = openSync(path, 'wx+', 0o600);
  }

  private aad(frame: number): Buffer {
    const a = Buffer.alloc(8);
    a.writeUInt32LE(this.id, 0);
    a.writeUInt32LE(frame, 4);
    return a;
  }

  /** Appends one frame of rows. */
  append(rows: readonly Value[][]): void {
    if (this.fd === undefined) throw new AegisError('INTERNAL_ERROR', 'Spill file written after close');
    if (rows.length === 0) return;
    const plain = serialize(rows);
    const iv = randomBytes(IV);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    c.setAAD(this.aad(this.frames));
    const body = Buffer.concat([c.update(plain), c.final()]);
    plain.fill(0);
    const head = Buffer.alloc(HEADER);
    head.writeUInt32LE(IV + body.length + TAG, 0);
    const frame = Buffer.concat([head, iv, body, c.getAuthTag()]);
    let off = 0;
    while (off < frame.length) off += writeSync(this.fd, frame, off, frame.length - off, this.size + off);
    this.size += frame.length;
    this.frames++;
    this.rows += rows.length;
    this.space.stats.bytes += frame.length;
  }

  /** The frames in the order they were appended. */
  *read(): Generator<Value[][]> {
    if (this.fd === undefined) throw new AegisError('INTERNAL_ERROR', 'Spill file read after close');
    let pos = 0;
    for (let frame = 0; frame < this.frames; frame++) {
      const head = Buffer.alloc(HEADER);
      this.readFully(head, pos);
      const len = head.readUInt32LE(0);
      const buf = Buffer.alloc(len);
      this.readFully(buf, pos + HEADER);
      pos += HEADER + len;
      const d = createDecipheriv('aes-256-gcm', this.key, buf.subarray(0, IV));
      d.setAAD(this.aad(frame));
      d.setAuthTag(buf.subarray(len - TAG));
      let plain: Buffer;
      try {
        plain = Buffer.concat([d.update(buf.subarray(IV, len - TAG)), d.final()]);
      } catch (e) {
        throw new AegisError('INTERNAL_ERROR', `A spill file of this query was altered on disk (${this.path}); the query stopped.`, { path: this.path }, { cause: e });
      }
      // Not wiped: deserialized binary values are views into `plain`.
      yield deserialize(plain) as Value[][];
    }
  }

  private readFully(buf: Buffer, at: number): void {
    let off = 0;
    while (off < buf.length) {
      const n = readSync(this.fd!, buf, off, buf.length - off, at + off);
      if (n === 0) throw new AegisError('INTERNAL_ERROR', `A spill file of this query was truncated on disk (${this.path}).`, { path: this.path });
      off += n;
    }
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
    rmSync(this.path, { force: true });
    this.onClose();
  }
}

/** Partitions a spilling hash operator (aggregation, join) writes its overflow into. */
export const SPILL_PARTITIONS = 16;
/** Levels of recursive partitioning before an operator gives up (each uses fresh hash bits). */
export const MAX_SPILL_LEVEL = 6;
const PENDING_ROWS = 1024;

/**
 * The spill partition (0..15) of an encoded hash key at recursion `level`: FNV-1a of the key,
 * seeded by the level, so rows that shared a partition at one level spread at the next.
 */
export function partitionOf(key: string | number | boolean, level: number): number {
  const s = typeof key === 'string' ? key : String(key);
  let h = (0x811c9dc5 ^ Math.imul(level + 1, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) % SPILL_PARTITIONS;
}

function* readThenClose(f: SpillFile): Generator<Value[][]> {
  try {
    yield* f.read();
  } finally {
    f.close();
  }
}

/** Spilled rows (frames of rows, or none) as batches of `types` again. */
export async function* spilledBatches(frames: Iterable<Value[][]> | undefined, types: readonly SqlType[]): AsyncGenerator<Batch> {
  if (frames === undefined) return;
  for (const rows of frames) yield rowsToBatch(types, rows);
}

/** {@link SPILL_PARTITIONS} spill files filled a row at a time (buffered into frames). */
export class SpillPartitions {
  private readonly files: (SpillFile | undefined)[] = [];
  private readonly pending: Value[][][] = [];
  /** Rows written. */
  rows = 0;

  constructor(private readonly space: SpillSpace) {
    for (let p = 0; p < SPILL_PARTITIONS; p++) this.pending.push([]);
  }

  add(p: number, row: Value[]): void {
    const rows = this.pending[p]!;
    rows.push(row);
    this.rows++;
    if (rows.length >= PENDING_ROWS) this.flush(p);
  }

  private flush(p: number): void {
    const rows = this.pending[p]!;
    if (rows.length === 0) return;
    const f = (this.files[p] ??= this.space.file());
    f.append(rows);
    this.pending[p] = [];
  }

  /** The rows of each non-empty partition, frame by frame (call once, after the last add). */
  *partitions(): Generator<Generator<Value[][]>> {
    for (const f of this.partitionFiles()) if (f !== undefined) yield f;
  }

  /**
   * Per partition 0..15, its frames, or undefined for a partition never written (call once,
   * after the last add) — for operators that pair partitions of two inputs.
   */
  *partitionFiles(): Generator<Generator<Value[][]> | undefined> {
    for (let p = 0; p < SPILL_PARTITIONS; p++) this.flush(p);
    for (let p = 0; p < SPILL_PARTITIONS; p++) {
      const f = this.files[p];
      yield f === undefined ? undefined : readThenClose(f);
    }
  }

  close(): void {
    for (const f of this.files) f?.close();
    for (let p = 0; p < SPILL_PARTITIONS; p++) this.pending[p] = [];
  }
}
