/**
 * Building blocks for aggregates: an accumulator is a plain, structured-clone-safe state plus
 * four pure steps (init/add/merge/result), so partial states can cross worker threads with
 * `save()` / `load()`.
 */
import type { SqlType } from '../types/sql-type.js';
import type { Value } from '../types/value.js';
import { registerAggregate } from './function-table.js';
import type { Accumulator, ResolvedAggregate } from './registry.js';

export interface AggSpec<S> {
  init(): S;
  /** Folds one row into the state; may mutate and/or return the new state. */
  add(state: S, args: Value[]): S | void;
  merge(a: S, b: S): S | void;
  result(state: S): Value;
}

class StateAccumulator<S> implements Accumulator {
  constructor(readonly spec: AggSpec<S>, public state: S) {}
  add(args: Value[]): void {
    const next = this.spec.add(this.state, args);
    if (next !== undefined) this.state = next;
  }
  merge(other: Accumulator): void {
    const next = this.spec.merge(this.state, (other as StateAccumulator<S>).state);
    if (next !== undefined) this.state = next;
  }
  result(): Value {
    return this.spec.result(this.state);
  }
  save(): unknown {
    return this.state;
  }
}

/** A resolved aggregate over a state spec. */
export function aggregateOf<S>(
  returnType: SqlType,
  argTypes: SqlType[],
  spec: AggSpec<S>,
  opts: { orderSensitive?: boolean; intermediate?: SqlType } = {},
): Omit<ResolvedAggregate, 'name'> {
  const r: Omit<ResolvedAggregate, 'name'> = {
    returnType,
    argTypes,
    orderSensitive: opts.orderSensitive ?? false,
    create: () => new StateAccumulator(spec, spec.init()),
    load: (state) => new StateAccumulator(spec, state as S),
  };
  if (opts.intermediate) r.intermediate = opts.intermediate;
  return r;
}

/** Registers an aggregate with a type rule. */
export function defineAggregate(
  name: string,
  signatures: string[],
  resolve: (args: SqlType[]) => Omit<ResolvedAggregate, 'name'> | undefined,
): void {
  registerAggregate({ name, signatures, resolve });
}
