/** The rules the optimizer runs, in order, until none changes the plan. */
import { constantFolding } from './constant-folding.js';
import { eliminateCrossJoins } from './eliminate-cross-joins.js';
import { extractJoinKeys } from './extract-join-keys.js';
import { factorOrConjuncts } from './factor-or-conjuncts.js';
import { lateralToJoin } from './lateral-to-join.js';
import { limitPushdown } from './limit-pushdown.js';
import { predicatePushdown } from './predicate-pushdown.js';
import { projectionPushdown } from './projection-pushdown.js';
import { removeIdentityProjection } from './remove-identity-projection.js';
import type { Rule } from './rule.js';
import { semiAntiJoin } from './semi-anti-join.js';
import { singleDistinctToGroupBy } from './single-distinct-to-group-by.js';
import { subqueryToJoin } from './subquery-to-join.js';

export type { Rule, RuleContext } from './rule.js';

export const RULES: readonly Rule[] = [
  constantFolding,
  factorOrConjuncts,
  subqueryToJoin,
  lateralToJoin,
  semiAntiJoin,
  predicatePushdown,
  extractJoinKeys,
  eliminateCrossJoins,
  limitPushdown,
  singleDistinctToGroupBy,
  projectionPushdown,
  removeIdentityProjection,
];
