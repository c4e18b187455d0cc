/**
 * reduce_agg(value T, initialState S, inputFunction(S, T) → S, combineFunction(S, S) → S) → S
 * (Trino's aggregate.md). Rows whose value or initial state is NULL are skipped (both are
 * non-nullable inputs in Trino); no remaining row gives NULL. The state must be a boolean, a
 * number, a date/time or an interval: Trino refuses other state types with NOT_SUPPORTED.
 */
import { AegisError } from '../errors.js';
import { castValue } from '../types/cast.js';
import { commonSuperType } from '../types/coercion.js';
import type { SqlType } from '../types/sql-type.js';
import { formatType, typesEqual } from '../types/sql-type.js';
import type { Value } from '../types/value.js';
import { aggregateOf } from './aggregate-support.js';
import { registerAggregate } from './function-table.js';
import type { LambdaArg, LambdaFn } from './registry.js';
import { UNKNOWN, isLambda } from './signature.js';

const STATE_KINDS = ['boolean', 'tinyint', 'smallint', 'integer', 'bigint', 'real', 'double', 'decimal', 'date', 'timestamp',
  'interval_day_second', 'interval_year_month'];

function supported(t: SqlType): boolean {
  if (t.kind === 'decimal') return t.precision <= 18;
  if (t.kind === 'timestamp') return !t.withTimeZone && t.precision <= 6;
  return STATE_KINDS.includes(t.kind);
}

registerAggregate({
  name: 'reduce_agg',
  signatures: ['reduce_agg(T, S, function(S, T, S), function(S, S, S))'],
  resolve: () => undefined,
  resolveLambdas(args) {
    if (args.length !== 4) return undefined;
    if (isLambda(args[0]!) || isLambda(args[1]!) || !isLambda(args[2]!) || !isLambda(args[3]!)) return undefined;
    const [value, init, input, combine] = args as [SqlType, SqlType, LambdaArg, LambdaArg];
    if (input.arity !== 2 || combine.arity !== 2) return undefined;
    let state = init;
    let body = input.bind([state, value]);
    if (!typesEqual(body, state) && body.kind !== 'unknown') {
      const wider = commonSuperType(state, body);
      if (!wider) return undefined;
      state = wider;
      body = input.bind([state, value]);
    }
    const combineBody = combine.bind([state, state]);
    if (state.kind !== 'unknown' && !supported(state)) {
      throw new AegisError('NOT_SUPPORTED', `State type not supported for reduce_agg: ${formatType(state)}`, { function: 'reduce_agg' });
    }
    const s = state;
    const toState = (v: Value): Value => (v === null || typesEqual(body, s) || body.kind === 'unknown' ? v : castValue(v, body, s));
    return {
      ...aggregateOf(s, [value, s, UNKNOWN, UNKNOWN], {
        init: () => ({ set: false, v: null as Value }),
        add: (st, [x, initial, f]) => {
          if (x === null || initial === null) return;
          if (!st.set) {
            st.set = true;
            st.v = initial!;
          }
          st.v = toState((f as unknown as LambdaFn)(st.v, x!));
        },
        merge: () => {
          throw new AegisError('INTERNAL_ERROR', 'reduce_agg partial states are not merged');
        },
        result: (st) => (st.set ? st.v : null),
      }),
      lambdas: [undefined, undefined, { params: [s, value], body }, { params: [s, s], body: combineBody }],
    };
  },
});
