/**
 * Window frames: binds `ROWS | RANGE | GROUPS BETWEEN … AND …` and makes the semantic checks of
 * Trino's analyzer (StatementAnalyzer.analyzeWindowFrame and the frame-offset analysis), so a
 * frame Trino refuses is refused before any row is read:
 *   - start UNBOUNDED FOLLOWING, end UNBOUNDED PRECEDING, CURRENT ROW → PRECEDING,
 *     FOLLOWING → PRECEDING and FOLLOWING → CURRENT ROW are INVALID_WINDOW_FRAME;
 *   - ROWS and GROUPS offsets are exact numbers of scale 0 (TYPE_MISMATCH otherwise); GROUPS
 *     offsets need an ORDER BY;
 *   - RANGE offsets need exactly one ORDER BY key, of a numeric or date/time type, and an offset
 *     of a matching type: numeric for numeric keys, an interval for date/time keys.
 * Negative or NULL offset values are INVALID_WINDOW_FRAME at run time (window-frame.ts).
 */
import type * as A from '../../sql/ast.js';
import { formatType, isIntegral, isNumeric, type SqlType } from '../../types/sql-type.js';
import type { SortKey } from '../bound-expr.js';
import type { FrameBound, WindowFrame } from '../logical/plan-node.js';
import type { ExprBinder } from './bind-expr.js';
import { errAt } from './scope.js';

/** The frame without a frame clause: RANGE UNBOUNDED PRECEDING to CURRENT ROW (peers included). */
export const DEFAULT_FRAME: WindowFrame = {
  mode: 'range',
  start: { type: 'unbounded_preceding' },
  end: { type: 'current_row' },
};

const KEYWORDS: Record<FrameBound['type'], string> = {
  unbounded_preceding: 'UNBOUNDED PRECEDING',
  preceding: 'PRECEDING',
  current_row: 'CURRENT ROW',
  following: 'FOLLOWING',
  unbounded_following: 'UNBOUNDED FOLLOWING',
};

/**
 * Binds a frame clause for a window ordered by `orderBy`.
 * @throws AegisError INVALID_WINDOW_FRAME / TYPE_MISMATCH as Trino's analyzer.
 */
export function bindFrame(b: ExprBinder, f: A.WindowFrame | undefined, orderBy: SortKey[], pos?: A.Pos): WindowFrame {
  if (!f) return DEFAULT_FRAME;
  const end: A.FrameBound = f.end ?? { type: 'current_row' };
  const s = f.start.type;
  const e = end.type;
  const invalid = (message: string) => errAt('INVALID_WINDOW_FRAME', message, pos);
  if (s === 'unbounded_following') throw invalid('Window frame start cannot be UNBOUNDED FOLLOWING');
  if (e === 'unbounded_preceding') throw invalid('Window frame end cannot be UNBOUNDED PRECEDING');
  if ((s === 'current_row' || s === 'following') && e === 'preceding') {
    throw invalid(`Window frame starting from ${KEYWORDS[s]} cannot end with PRECEDING`);
  }
  if (s === 'following' && e === 'current_row') throw invalid('Window frame starting from FOLLOWING cannot end with CURRENT ROW');

  const mode = f.unit;
  const hasOffset = !!(f.start.offset || end.offset);
  if (mode === 'range' && hasOffset) {
    if (orderBy.length !== 1) {
      throw invalid(`Window frame of type RANGE PRECEDING or FOLLOWING requires single sort item in ORDER BY (actual: ${orderBy.length})`);
    }
    const key = orderBy[0]!.expr.type;
    if (!isNumeric(key) && key.kind !== 'date' && key.kind !== 'timestamp' && !key.kind.startsWith('interval')) {
      throw errAt('TYPE_MISMATCH', `Window frame of type RANGE PRECEDING or FOLLOWING requires that sort item type be numeric, datetime or interval (actual: ${formatType(key)})`, pos);
    }
  }
  if (mode === 'groups' && hasOffset && orderBy.length === 0) {
    throw invalid('Window frame of type GROUPS PRECEDING or FOLLOWING requires ORDER BY');
  }
  const bound = (x: A.FrameBound, which: 'start' | 'end'): FrameBound => {
    if (!x.offset) return { type: x.type };
    const off = b.bind(x.offset);
    checkOffsetType(mode, which, off.type, orderBy[0]?.expr.type, pos);
    return { type: x.type, offset: off };
  };
  return { mode, start: bound(f.start, 'start'), end: bound(end, 'end') };
}

function checkOffsetType(mode: WindowFrame['mode'], which: 'start' | 'end', t: SqlType, key: SqlType | undefined, pos?: A.Pos): void {
  if (t.kind === 'unknown') return; // NULL: refused when evaluated
  if (mode !== 'range') {
    if (isIntegral(t) || (t.kind === 'decimal' && t.scale === 0)) return;
    throw errAt('TYPE_MISMATCH', `Window frame ${mode.toUpperCase()} ${which} value type must be exact numeric type with scale 0 (actual ${formatType(t)})`, pos);
  }
  if (!key) return;
  const datetimeKey = key.kind === 'date' || key.kind === 'timestamp';
  const ok = datetimeKey
    ? t.kind === 'interval_day_second' || t.kind === 'interval_year_month'
    : isNumeric(key) ? isNumeric(t) : t.kind === key.kind;
  if (!ok) {
    throw errAt('TYPE_MISMATCH', `Window frame RANGE value type (${formatType(t)}) not compatible with sort item type (${formatType(key)})`, pos);
  }
}
