/**
 * Bit-unpacking of Parquet's bit-packed runs (RLE / bit-packed hybrid encoding: groups of 8
 * values of `width` bits, LSB first, so a group is exactly `width` bytes), one unrolled kernel
 * per bit width, in the manner of Lemire's fastpfor unpackers: each of the 8 values of a group
 * is assembled from the bytes it spans with constant shifts, without a per-value loop or branch.
 * The kernels are generated once per width (1–24) on first use.
 */

/**
 * Decodes `groups` whole groups of 8 values of `width` bits from `b` at byte `p` into
 * `out[k …]`; returns the largest value decoded and adds their sum to `state[0]`. The caller
 * checks that the groups' bytes lie inside `b`.
 */
export type GroupUnpacker = (b: Uint8Array, p: number, out: Int32Array | Uint8Array, k: number, groups: number, state: Float64Array) => number;

/** The widest kernel generated (a value then spans at most 4 bytes at any bit offset). */
export const MAX_UNPACK_WIDTH = 24;

const kernels: (GroupUnpacker | undefined)[] = [];

/** The unrolled kernel for `width` (1 … {@link MAX_UNPACK_WIDTH}). */
export function groupUnpacker(width: number): GroupUnpacker {
  if (!(Number.isInteger(width) && width >= 1 && width <= MAX_UNPACK_WIDTH)) throw new RangeError(`bit width ${width}`);
  return (kernels[width] ??= generate(width));
}

function generate(width: number): GroupUnpacker {
  const mask = 2 ** width - 1;
  const lines: string[] = [];
  let bit = 0;
  for (let j = 0; j < 8; j++, bit += width) {
    // Value j occupies bits [bit, bit + width) of the group: the bytes it touches, each shifted
    // into place (the first one right by the value's offset in it).
    const parts: string[] = [];
    for (let by = bit >> 3; by <= (bit + width - 1) >> 3; by++) {
      const shift = by * 8 - bit;
      parts.push(shift >= 0 ? `(b[p + ${by}] << ${shift})` : `(b[p + ${by}] >>> ${-shift})`);
    }
    lines.push(`const x${j} = (${parts.join(' | ')}) & ${mask};`, `out[k + ${j}] = x${j};`);
  }
  const body = [
    'let max = 0;',
    'let sum = 0;',
    `for (let g = 0; g < groups; g++, p += ${width}, k += 8) {`,
    ...lines.map((l) => `  ${l}`),
    '  sum += x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7;',
    '  const m = Math.max(x0, x1, x2, x3, x4, x5, x6, x7);',
    '  if (m > max) max = m;',
    '}',
    'state[0] += sum;',
    'return max;',
  ].join('\n');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from the width only
  return new Function('b', 'p', 'out', 'k', 'groups', 'state', body) as GroupUnpacker;
}
