/**
 * How many terminal cells text takes: East Asian wide and fullwidth characters and emoji take
 * two, combining marks and joiners none, everything else one. Counted per grapheme cluster, so a
 * flag, a skin-tone emoji or a ZWJ family is one glyph of width two, as terminals draw them.
 */
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\uFE0F/u;
const ZERO_WIDTH = /^[\p{M}\u200b-\u200d\u2060\uFEFF]+$/u;

/** Code points that East Asian Width gives W or F (the ranges terminals agree on). */
function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

function graphemeWidth(g: string): number {
  if (ZERO_WIDTH.test(g)) return 0;
  if (EMOJI.test(g) && (g.codePointAt(0)! >= 0x1f000 || g.includes('\ufe0f') || g.length > 2)) return 2;
  return isWide(g.codePointAt(0)!) ? 2 : 1;
}

/** Terminal cells `s` takes. */
export function displayWidth(s: string): number {
  // Plain ASCII, the common case, is its length.
  if (/^[\x20-\x7e]*$/.test(s)) return s.length;
  let w = 0;
  for (const { segment } of segmenter.segment(s)) w += graphemeWidth(segment);
  return w;
}

/** `s` cut to at most `max` cells, ending in `…` when cut (never inside a grapheme). */
export function truncateToWidth(s: string, max: number): string {
  if (displayWidth(s) <= max) return s;
  let out = '';
  let w = 0;
  for (const { segment } of segmenter.segment(s)) {
    const gw = graphemeWidth(segment);
    if (w + gw > max - 1) break;
    out += segment;
    w += gw;
  }
  return out + '…';
}

/** `s` padded with spaces to `width` cells, on the right (left-aligned) or the left. */
export function padToWidth(s: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return align === 'left' ? s + fill : fill + s;
}
