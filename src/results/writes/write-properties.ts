/**
 * The `WITH (…)` properties of CREATE TABLE AS and UNLOAD, as Athena takes them, validated before
 * anything runs. An unknown property is an error that lists the valid ones.
 */
import { AegisError } from '../../errors.js';
import type { Expr, Property } from '../../sql/ast.js';

export type DataFormat = 'PARQUET' | 'TEXTFILE' | 'JSON';
export type WriteCompression = 'SNAPPY' | 'GZIP' | 'ZSTD' | 'NONE';

export interface WriteProperties {
  format: DataFormat;
  compression: WriteCompression;
  /** Field delimiter of TEXTFILE output (one character). */
  fieldDelimiter: string;
  /** Partition columns (must be the query's last columns, in this order). */
  partitionedBy: string[];
  /** CTAS only: where the table's data goes (must be empty). */
  externalLocation?: string;
}

const CTAS_PROPERTIES = [
  'format',
  'external_location',
  'partitioned_by',
  'bucketed_by',
  'bucket_count',
  'write_compression',
  'compression_level',
  'field_delimiter',
  'table_type',
  'is_external',
  'parquet_compression',
  'orc_compression',
] as const;

const UNLOAD_PROPERTIES = ['format', 'compression', 'compression_level', 'field_delimiter', 'partitioned_by'] as const;

function literalString(p: Property): string {
  const e: Expr = p.value;
  if (e.kind === 'string') return e.value;
  if (e.kind === 'integer' || e.kind === 'double') return e.text;
  if (e.kind === 'boolean') return String(e.value);
  throw new AegisError('INVALID_ARGUMENT', `Property '${p.name}' must be a literal (e.g. ${p.name} = 'value')`, { property: p.name });
}

function literalArray(p: Property): string[] {
  const e = p.value;
  if (e.kind === 'array' && e.elements.every((x) => x.kind === 'string')) {
    return e.elements.map((x) => (x as { value: string }).value.toLowerCase());
  }
  throw new AegisError('INVALID_ARGUMENT', `Property '${p.name}' must be an ARRAY of column names (e.g. ${p.name} = ARRAY['dt'])`, { property: p.name });
}

function parseFormat(v: string): DataFormat {
  const f = v.toUpperCase();
  if (f === 'PARQUET' || f === 'TEXTFILE' || f === 'JSON') return f;
  if (['ORC', 'AVRO', 'ION'].includes(f)) throw new AegisError('NOT_SUPPORTED', `Writing format ${f} is not supported; use PARQUET, TEXTFILE or JSON.`, { format: f });
  throw new AegisError('INVALID_ARGUMENT', `Unknown format '${v}'; use PARQUET, TEXTFILE or JSON.`, { format: v });
}

function parseCompression(v: string, format: DataFormat): WriteCompression {
  const c = v.toUpperCase() === 'UNCOMPRESSED' ? 'NONE' : v.toUpperCase();
  if (!['SNAPPY', 'GZIP', 'ZSTD', 'NONE'].includes(c)) {
    throw new AegisError('INVALID_ARGUMENT', `Unknown compression '${v}'; use SNAPPY, GZIP, ZSTD or NONE.`, { compression: v });
  }
  if (format !== 'PARQUET' && (c === 'SNAPPY' || c === 'ZSTD')) {
    throw new AegisError('NOT_SUPPORTED', `Compression ${c} is not supported for ${format} output (aegis reads text as plain or GZIP); use GZIP or NONE.`, { compression: c });
  }
  return c as WriteCompression;
}

/**
 * Parses CTAS (`ctas`) or UNLOAD properties.
 * @throws AegisError INVALID_ARGUMENT (unknown property — the message lists the valid ones — or a
 *   bad value), NOT_SUPPORTED (ORC/AVRO, bucketing, Iceberg).
 */
export function parseWriteProperties(props: readonly Property[], statement: 'ctas' | 'unload'): WriteProperties {
  const valid: readonly string[] = statement === 'ctas' ? CTAS_PROPERTIES : UNLOAD_PROPERTIES;
  const byName = new Map<string, Property>();
  for (const p of props) {
    if (!valid.includes(p.name)) {
      throw new AegisError(
        'INVALID_ARGUMENT',
        `Unknown ${statement === 'ctas' ? 'CREATE TABLE AS' : 'UNLOAD'} property '${p.name}'. Valid properties: ${valid.join(', ')}.`,
        { property: p.name },
      );
    }
    if (byName.has(p.name)) throw new AegisError('INVALID_ARGUMENT', `Property '${p.name}' is given twice`, { property: p.name });
    byName.set(p.name, p);
  }
  const str = (n: string): string | undefined => (byName.has(n) ? literalString(byName.get(n)!) : undefined);
  const format = parseFormat(str('format') ?? 'PARQUET');
  const compressionText = str(statement === 'ctas' ? 'write_compression' : 'compression') ?? str('parquet_compression');
  const compression = compressionText !== undefined ? parseCompression(compressionText, format) : format === 'PARQUET' ? 'SNAPPY' : format === 'TEXTFILE' ? 'GZIP' : 'GZIP';
  const delimiter = str('field_delimiter');
  if (delimiter !== undefined && format !== 'TEXTFILE') {
    throw new AegisError('INVALID_ARGUMENT', `field_delimiter applies to TEXTFILE output only (format is ${format})`, { property: 'field_delimiter' });
  }
  if (delimiter !== undefined && [...delimiter].length !== 1) {
    throw new AegisError('INVALID_ARGUMENT', `field_delimiter must be one character (got '${delimiter}')`, { property: 'field_delimiter' });
  }
  if (byName.has('bucketed_by') || byName.has('bucket_count')) {
    throw new AegisError('NOT_SUPPORTED', 'Bucketed tables (bucketed_by, bucket_count) are not supported for CREATE TABLE AS; partition with partitioned_by instead.', { property: 'bucketed_by' });
  }
  const tableType = str('table_type');
  if (tableType !== undefined && tableType.toUpperCase() !== 'HIVE') {
    throw new AegisError('NOT_SUPPORTED', `table_type '${tableType}' is not supported; aegis creates HIVE tables.`, { property: 'table_type' });
  }
  const isExternal = str('is_external');
  if (isExternal !== undefined && isExternal.toLowerCase() === 'false') {
    throw new AegisError('NOT_SUPPORTED', "is_external = false (managed tables) is not supported; aegis creates external tables.", { property: 'is_external' });
  }
  const out: WriteProperties = {
    format,
    compression,
    fieldDelimiter: delimiter ?? (statement === 'ctas' ? '\u0001' : ','),
    partitionedBy: byName.has('partitioned_by') ? literalArray(byName.get('partitioned_by')!) : [],
  };
  const location = str('external_location');
  if (location !== undefined) out.externalLocation = location;
  return out;
}
