/**
 * What SQL type a Parquet column holds (seen through the Arrow type parquet-wasm decodes it to),
 * and which file type → table type readings are allowed. The rules follow Athena/Trino's Hive
 * connector: same type, integer widening, integer → decimal that fits, real → double, decimal
 * rescaling that loses nothing, string ↔ binary, any timestamp unit; nested types recursively
 * (struct fields by name, case-insensitive). Everything else is a TYPE_MISMATCH.
 */
import { type DataType, Type } from 'apache-arrow';
import type { SqlType } from '../../types/sql-type.js';
import { formatType } from '../../types/sql-type.js';

interface IntLike {
  bitWidth: number;
  isSigned: boolean;
}

/** The SQL type of an Arrow type, or `undefined` when aegis cannot represent it. */
export function sqlTypeOfArrow(t: DataType): SqlType | undefined {
  switch (t.typeId) {
    case Type.Null:
      return { kind: 'unknown' };
    case Type.Bool:
      return { kind: 'boolean' };
    case Type.Int: {
      const { bitWidth, isSigned } = t as unknown as IntLike;
      const bits = isSigned ? bitWidth : bitWidth * 2;
      if (bits <= 8) return { kind: 'tinyint' };
      if (bits <= 16) return { kind: 'smallint' };
      if (bits <= 32) return { kind: 'integer' };
      return { kind: 'bigint' }; // UINT64 above 2^63 wraps, as in Trino
    }
    case Type.Float:
      return (t as unknown as { precision: number }).precision === 2 ? { kind: 'double' } : { kind: 'real' };
    case Type.Utf8:
    case Type.LargeUtf8:
    case Type.Utf8View:
      return { kind: 'varchar' };
    case Type.Binary:
    case Type.LargeBinary:
    case Type.BinaryView:
    case Type.FixedSizeBinary:
      return { kind: 'varbinary' };
    case Type.Decimal: {
      const d = t as unknown as { precision: number; scale: number };
      return { kind: 'decimal', precision: d.precision, scale: d.scale };
    }
    case Type.Date:
      return { kind: 'date' };
    case Type.Timestamp: {
      const unit = (t as unknown as { unit: number }).unit; // 0 s, 1 ms, 2 us, 3 ns
      return { kind: 'timestamp', precision: [0, 3, 6, 9][unit] ?? 6 };
    }
    case Type.List:
    case Type.LargeList:
    case Type.FixedSizeList: {
      const child = sqlTypeOfArrow(t.children[0]!.type);
      return child && { kind: 'array', element: child };
    }
    case Type.Struct: {
      const fields = t.children.map((f) => ({ name: f.name, type: sqlTypeOfArrow(f.type) }));
      if (fields.some((f) => !f.type)) return undefined;
      return { kind: 'row', fields: fields as { name: string; type: SqlType }[] };
    }
    case Type.Map: {
      const entries = t.children[0]!.type.children;
      const k = sqlTypeOfArrow(entries[0]!.type), v = sqlTypeOfArrow(entries[1]!.type);
      return k && v && { kind: 'map', key: k, value: v };
    }
    case Type.Dictionary:
      return sqlTypeOfArrow((t as unknown as { dictionary: DataType }).dictionary);
    default:
      return undefined;
  }
}

const INT_RANK: Record<string, number> = { tinyint: 1, smallint: 2, integer: 3, bigint: 4 };
const INT_DIGITS: Record<string, number> = { tinyint: 3, smallint: 5, integer: 10, bigint: 19 };

/** May a file column of type `file` be read as the table type `table`? */
export function canRead(file: SqlType, table: SqlType): boolean {
  if (file.kind === 'unknown') return true;
  const fi = INT_RANK[file.kind], ti = INT_RANK[table.kind];
  if (fi !== undefined && ti !== undefined) return fi <= ti;
  if (fi !== undefined && table.kind === 'decimal') return table.precision - table.scale >= INT_DIGITS[file.kind]!;
  switch (table.kind) {
    case 'boolean':
    case 'date':
    case 'timestamp':
      return file.kind === table.kind && !(table.kind === 'timestamp' && table.withTimeZone);
    case 'real':
      return file.kind === 'real';
    case 'double':
      return file.kind === 'double' || file.kind === 'real';
    case 'decimal':
      return (
        file.kind === 'decimal' &&
        table.scale >= file.scale &&
        table.precision - table.scale >= file.precision - file.scale
      );
    case 'varchar':
    case 'char':
    case 'json':
    case 'varbinary':
      return file.kind === 'varchar' || file.kind === 'varbinary';
    case 'array':
      return file.kind === 'array' && canRead(file.element, table.element);
    case 'map':
      return file.kind === 'map' && canRead(file.key, table.key) && canRead(file.value, table.value);
    case 'row': {
      if (file.kind !== 'row') return false;
      return table.fields.every((tf) => {
        const ff = file.fields.find((f) => f.name?.toLowerCase() === tf.name?.toLowerCase());
        return !ff || canRead(ff.type, tf.type);
      });
    }
    default:
      return false;
  }
}

/** Display of a file type for error messages: SQL name plus the Arrow type it came from. */
export function describeFileType(t: DataType): string {
  const s = sqlTypeOfArrow(t);
  return s ? `${formatType(s)} (${String(t)})` : String(t);
}
