/**
 * Partition projection: computes a table's partitions from its `projection.*` properties and the
 * query's partition constraints, without listing storage or reading the metastore (what makes
 * projection fast on tables with millions of date-hour partitions).
 *
 * Each key's candidate values are enumerated from its configuration and narrowed by the
 * constraints on that key; the partitions are the cartesian product, in key order. `injected`
 * keys take their values only from equality / IN constraints, as Athena requires.
 */
import { AegisError } from '../../errors.js';
import type { TableMeta } from '../catalog.js';
import { constraintsOn, valueMatches, type KeyConstraint, type PartitionFilter } from '../partition-filter.js';
import { makePartitionName } from '../partition-name.js';
import { equalityValues, keyCandidates } from './key-candidates.js';
import { parseProjectionConfig } from './projection-config.js';

/** A projected partition: values in key order, its `k=v/…` name and its data location. */
export interface ProjectedPartition {
  readonly values: readonly string[];
  readonly name: string;
  readonly location: string;
}

export interface ProjectOptions {
  /** The instant NOW-relative ranges are computed from (default: the current time). */
  now?: Date;
  /** Refuse to enumerate more partitions than this (default 1,000,000, Athena's limit). */
  maxPartitions?: number;
}

/**
 * Enumerates the partitions of a projection-enabled table that can satisfy `filter`.
 * @throws AegisError INVALID_ARGUMENT when projection is not enabled or misconfigured, when an
 *   injected key has no equality constraint, or when more than `maxPartitions` would result.
 */
export function projectPartitions(table: TableMeta, filter?: PartitionFilter, opts: ProjectOptions = {}): ProjectedPartition[] {
  const keys = table.partitionKeys;
  const config = parseProjectionConfig(table.parameters, keys.map((k) => k.name));
  if (!config.enabled) {
    throw new AegisError('INVALID_ARGUMENT', `Partition projection is not enabled for ${table.database}.${table.name}`, {
      database: table.database,
      table: table.name,
    });
  }
  const now = opts.now ?? new Date();
  const max = opts.maxPartitions ?? 1_000_000;
  const perKey: string[][] = keys.map((key) => {
    const cs = constraintsOn(filter, key.name);
    const spec = config.columns.get(key.name)!;
    const candidates = spec.type === 'injected' ? injectedValues(table, key.name, cs) : keyCandidates(key.name, key.type, spec, cs, now, max);
    return candidates.filter((v) => cs.every((c) => valueMatches(key.type, v, c)));
  });
  const total = perKey.reduce((n, vs) => n * vs.length, 1);
  if (total > max) {
    throw new AegisError(
      'INVALID_ARGUMENT',
      `Partition projection for ${table.database}.${table.name} would produce ${total} partitions, more than the limit of ${max}. Add predicates on the partition keys.`,
      { database: table.database, table: table.name, partitions: total },
    );
  }
  const names = keys.map((k) => k.name);
  const out: ProjectedPartition[] = [];
  const combo: string[] = [];
  const walk = (i: number): void => {
    if (i === keys.length) {
      const values = [...combo];
      out.push({ values, name: makePartitionName(names, values), location: locationOf(table, config.locationTemplate, names, values) });
      return;
    }
    for (const v of perKey[i]!) {
      combo[i] = v;
      walk(i + 1);
    }
  };
  if (total > 0) walk(0);
  return out;
}

function locationOf(table: TableMeta, template: string | undefined, names: readonly string[], values: readonly string[]): string {
  if (template === undefined) return `${table.storage.location}${makePartitionName(names, values)}/`;
  let loc = template.replace(/\$\{([^}]*)\}/g, (_, n: string) => values[names.indexOf(n.toLowerCase())] ?? '');
  if (!loc.endsWith('/')) loc += '/';
  return loc;
}

function injectedValues(table: TableMeta, key: string, cs: KeyConstraint[]): string[] {
  const values = equalityValues(cs);
  if (values === undefined) {
    throw new AegisError(
      'INVALID_ARGUMENT',
      `For the injected projected partition column ${key} of ${table.database}.${table.name}, the WHERE clause must contain only static equality conditions, and at least one such condition must be present.`,
      { database: table.database, table: table.name, partitionKey: key },
    );
  }
  return values;
}
