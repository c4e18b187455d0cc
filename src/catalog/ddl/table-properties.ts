/**
 * Validation of the TBLPROPERTIES aegis (and Athena) give meaning to. Unknown properties are
 * kept as they are — Glue tables carry many tool-specific ones — but a known property with a
 * value aegis would misread fails CREATE TABLE naming the property.
 */
import { AegisError } from '../../errors.js';
import { parseProjectionConfig } from '../projection/projection-config.js';

function invalid(property: string, value: string, why: string): never {
  throw new AegisError('INVALID_ARGUMENT', `Invalid table property '${property}' = '${value}': ${why}`, { property });
}

const COMPRESSIONS: Record<string, readonly string[]> = {
  'parquet.compression': ['UNCOMPRESSED', 'NONE', 'SNAPPY', 'GZIP', 'LZO', 'LZ4', 'BROTLI', 'ZSTD'],
  'write.compression': ['NONE', 'UNCOMPRESSED', 'SNAPPY', 'GZIP', 'LZO', 'LZ4', 'ZSTD', 'DEFLATE', 'BZIP2'],
  'orc.compress': ['NONE', 'ZLIB', 'SNAPPY', 'LZO', 'LZ4', 'ZSTD'],
  compressionType: ['NONE', 'GZIP', 'BZIP2', 'DEFLATE', 'LZ4', 'SNAPPY', 'ZSTD'],
  'avro.compression': ['NULL', 'DEFLATE', 'SNAPPY', 'BZIP2', 'XZ', 'ZSTANDARD'],
};

const ENCRYPTION_OPTIONS = ['SSE_S3', 'SSE_KMS', 'CSE_KMS'];

/**
 * Checks the known properties of a table being created.
 * @param partitionKeys the table's partition key names (for `projection.*`).
 * @throws AegisError INVALID_ARGUMENT naming the property.
 */
export function validateTableProperties(props: Readonly<Record<string, string>>, partitionKeys: readonly string[]): void {
  for (const key of ['skip.header.line.count', 'skip.footer.line.count']) {
    const v = props[key];
    if (v !== undefined && !/^\s*\d+\s*$/.test(v)) invalid(key, v, 'must be a non-negative integer');
  }
  const hed = props['has_encrypted_data'];
  if (hed !== undefined && !/^(true|false)$/i.test(hed.trim())) invalid('has_encrypted_data', hed, "must be 'true' or 'false'");
  const opt = props['encryption_option'];
  if (opt !== undefined && !ENCRYPTION_OPTIONS.includes(opt.trim().toUpperCase())) {
    invalid('encryption_option', opt, `must be one of ${ENCRYPTION_OPTIONS.join(', ')}`);
  }
  const kmsKey = props['kms_key'];
  if (opt?.trim().toUpperCase() === 'CSE_KMS' && (kmsKey === undefined || kmsKey.trim() === '')) {
    throw new AegisError('INVALID_ARGUMENT', "Table property 'encryption_option' = 'CSE_KMS' requires 'kms_key' (a KMS key ARN, id or alias)", {
      property: 'kms_key',
    });
  }
  if (kmsKey !== undefined && kmsKey.trim() === '') invalid('kms_key', kmsKey, 'must name a KMS key');
  for (const [key, allowed] of Object.entries(COMPRESSIONS)) {
    const v = props[key];
    if (v !== undefined && !allowed.includes(v.trim().toUpperCase())) invalid(key, v, `must be one of ${allowed.join(', ')}`);
  }
  const level = props['compression_level'];
  if (level !== undefined && !/^\s*-?\d+\s*$/.test(level)) invalid('compression_level', level, 'must be an integer');
  const tableType = props['table_type'];
  if (tableType !== undefined && tableType.trim().toUpperCase() !== 'HIVE') {
    throw new AegisError('NOT_SUPPORTED', `Table property 'table_type' = '${tableType}': only Hive external tables are supported (no Iceberg)`, {
      property: 'table_type',
    });
  }
  parseProjectionConfig(props, partitionKeys);
}
