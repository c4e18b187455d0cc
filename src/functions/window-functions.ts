/**
 * Type rules of the window-only functions. The executor's window operator computes them over a
 * sorted partition; this file says what each returns and what its arguments coerce to.
 *
 *   row_number(), rank(), dense_rank()        → bigint
 *   percent_rank(), cume_dist()               → double
 *   ntile(n bigint)                           → bigint
 *   lag/lead(x [, offset bigint [, default]]) → type of x (default coerced to it)
 *   first_value(x), last_value(x)             → type of x
 *   nth_value(x, n bigint)                    → type of x
 * Aggregates over a window use resolveAggregate.
 */
import { AegisError } from '../errors.js';
import { canCoerce, commonSuperType } from '../types/coercion.js';
import type { SqlType } from '../types/sql-type.js';
import { formatType } from '../types/sql-type.js';
import type { ResolvedWindowFunction, WindowFunctionKind } from './registry.js';

export const WINDOW_NAMES: readonly WindowFunctionKind[] = [
  'row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile',
  'lag', 'lead', 'first_value', 'last_value', 'nth_value',
];

const BIGINT: SqlType = { kind: 'bigint' };
const DOUBLE: SqlType = { kind: 'double' };

function bad(name: string, args: SqlType[], expected: string): AegisError {
  return new AegisError(
    'TYPE_MISMATCH',
    `Unexpected parameters (${args.map(formatType).join(', ')}) for function ${name}. Expected: ${expected}`,
    { function: name },
  );
}

/**
 * Resolves a ranking/value window function.
 * @throws AegisError NOT_FOUND for a name that is not a window function; TYPE_MISMATCH for bad arguments.
 */
export function resolveWindowFunction(name: string, argTypes: SqlType[]): ResolvedWindowFunction {
  const n = name.toLowerCase() as WindowFunctionKind;
  if (!WINDOW_NAMES.includes(n)) throw new AegisError('NOT_FOUND', `Function '${name}' not registered`, { function: name });
  switch (n) {
    case 'row_number':
    case 'rank':
    case 'dense_rank':
    case 'percent_rank':
    case 'cume_dist':
      if (argTypes.length !== 0) throw bad(n, argTypes, `${n}()`);
      return { name: n, returnType: n === 'percent_rank' || n === 'cume_dist' ? DOUBLE : BIGINT, argTypes: [] };
    case 'ntile':
      if (argTypes.length !== 1 || !canCoerce(argTypes[0]!, BIGINT)) throw bad(n, argTypes, 'ntile(bigint)');
      return { name: n, returnType: BIGINT, argTypes: [BIGINT] };
    case 'first_value':
    case 'last_value':
      if (argTypes.length !== 1) throw bad(n, argTypes, `${n}(T)`);
      return { name: n, returnType: argTypes[0]!, argTypes: [argTypes[0]!] };
    case 'nth_value':
      if (argTypes.length !== 2 || !canCoerce(argTypes[1]!, BIGINT)) throw bad(n, argTypes, 'nth_value(T, bigint)');
      return { name: n, returnType: argTypes[0]!, argTypes: [argTypes[0]!, BIGINT] };
    case 'lag':
    case 'lead': {
      const sig = `${n}(T), ${n}(T, bigint), ${n}(T, bigint, T)`;
      if (argTypes.length < 1 || argTypes.length > 3) throw bad(n, argTypes, sig);
      if (argTypes.length >= 2 && !canCoerce(argTypes[1]!, BIGINT)) throw bad(n, argTypes, sig);
      let t = argTypes[0]!;
      if (argTypes.length === 3) {
        const c = commonSuperType(t, argTypes[2]!);
        if (!c) throw bad(n, argTypes, sig);
        t = c;
      }
      const out = [t];
      if (argTypes.length >= 2) out.push(BIGINT);
      if (argTypes.length === 3) out.push(t);
      return { name: n, returnType: t, argTypes: out };
    }
  }
}
