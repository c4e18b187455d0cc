/**
 * Documented Trino functions aegis refuses, each with the reason a user is given: calling one
 * fails with NOT_SUPPORTED and this reason, never "function not registered". A registered
 * implementation of the same name always wins (registry.ts consults refusals last), and the
 * function catalog test fails while a refused name is also implemented, so this list shrinks as
 * functions land. docs/functions.md is generated from the registry and this list.
 */
import { registerRefusal } from './function-table.js';
import type { Refusal } from './function-table.js';

const HLL = 'aegis has no HyperLogLog type; approx_distinct(x) gives the estimate directly';
const SET_DIGEST = 'aegis has no SetDigest type';
const DIGEST = 'aegis has no qdigest or tdigest type; approx_percentile(x, p) gives percentiles directly';
const COLOR = 'aegis has no COLOR type (terminal colour rendering)';
const MULTISET = 'aegis has no MULTISET type; use arrays (array_agg, array_distinct, array_union)';
const SQL_JSON = 'the SQL/JSON path functions are not supported; use json_extract, json_extract_scalar and json_parse';
const THETA = 'DataSketches theta sketches are not supported';

const REFUSALS: [string, Refusal['kind'], string][] = [
  ['approx_set', 'aggregate', HLL],
  ['merge', 'aggregate', HLL],
  ['empty_approx_set', 'scalar', HLL],
  ['make_set_digest', 'aggregate', SET_DIGEST],
  ['merge_set_digest', 'aggregate', SET_DIGEST],
  ['intersection_cardinality', 'scalar', SET_DIGEST],
  ['jaccard_index', 'scalar', SET_DIGEST],
  ['hash_counts', 'scalar', SET_DIGEST],
  ['qdigest_agg', 'aggregate', DIGEST],
  ['tdigest_agg', 'aggregate', DIGEST],
  ['value_at_quantile', 'scalar', DIGEST],
  ['values_at_quantiles', 'scalar', DIGEST],
  ['quantile_at_value', 'scalar', DIGEST],
  ['bar', 'scalar', COLOR],
  ['color', 'scalar', COLOR],
  ['render', 'scalar', COLOR],
  ['rgb', 'scalar', COLOR],
  ['collect', 'aggregate', MULTISET],
  ['fusion', 'aggregate', MULTISET],
  ['intersection', 'aggregate', MULTISET],
  ['element', 'scalar', MULTISET],
  ['set', 'scalar', MULTISET],
  ['json_exists', 'scalar', SQL_JSON],
  ['json_query', 'scalar', SQL_JSON],
  ['json_value', 'scalar', SQL_JSON],
  ['json_object', 'scalar', SQL_JSON],
  ['json_array', 'scalar', SQL_JSON],
  ['json_serialize', 'scalar', SQL_JSON],
  ['theta_sketch_cardinality', 'scalar', THETA],
  ['theta_sketch_union', 'aggregate', THETA],
  ['zstd_compress', 'scalar', 'Zstandard compression is not available in the Node.js runtime aegis supports (20)'],
  ['zstd_decompress', 'scalar', 'Zstandard compression is not available in the Node.js runtime aegis supports (20)'],
  ['current_groups', 'scalar', 'aegis has no user groups (access is per workgroup)'],
  ['current_user', 'scalar', 'aegis has no user identity in a session'],
];

for (const [name, kind, reason] of REFUSALS) registerRefusal(name, { kind, reason });
