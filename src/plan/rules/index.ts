/** The rules the optimizer runs, in order. */
import type { Rule } from './rule.js';

export type { Rule, RuleContext } from './rule.js';

export const RULES: readonly Rule[] = [];
