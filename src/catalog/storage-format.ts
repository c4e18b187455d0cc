/**
 * How Hive DDL's ROW FORMAT / STORED AS clauses become a storage descriptor (input format,
 * output format, SerDe class and SerDe properties), exactly as the Hive metastore and Glue record
 * them, so `SHOW CREATE TABLE` and readers see the same class names Athena shows.
 */
import { AegisError } from '../errors.js';

export const SERDE = {
  lazySimple: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
  openCsv: 'org.apache.hadoop.hive.serde2.OpenCSVSerde',
  hiveJson: 'org.apache.hive.hcatalog.data.JsonSerDe',
  openxJson: 'org.openx.data.jsonserde.JsonSerDe',
  parquet: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
  orc: 'org.apache.hadoop.hive.ql.io.orc.OrcSerde',
  avro: 'org.apache.hadoop.hive.serde2.avro.AvroSerDe',
  lazyBinaryColumnar: 'org.apache.hadoop.hive.serde2.columnar.LazyBinaryColumnarSerDe',
  columnar: 'org.apache.hadoop.hive.serde2.columnar.ColumnarSerDe',
  ion: 'com.amazon.ionhiveserde.IonHiveSerDe',
} as const;

const TEXT_IN = 'org.apache.hadoop.mapred.TextInputFormat';
const TEXT_OUT = 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat';

/**
 * SerDes aegis accepts in `ROW FORMAT SERDE`. Those whose scans aegis implements are `readable`;
 * the others are recorded (so the DDL of an existing Athena table can be replayed) and scans of
 * them fail with NOT_SUPPORTED.
 */
export const KNOWN_SERDES: Readonly<Record<string, { readable: boolean }>> = {
  [SERDE.lazySimple]: { readable: true },
  [SERDE.openCsv]: { readable: true },
  [SERDE.hiveJson]: { readable: true },
  [SERDE.openxJson]: { readable: true },
  [SERDE.parquet]: { readable: true },
  [SERDE.orc]: { readable: false },
  [SERDE.avro]: { readable: false },
  [SERDE.lazyBinaryColumnar]: { readable: false },
  [SERDE.columnar]: { readable: false },
  [SERDE.ion]: { readable: false },
};

interface FormatTriple {
  inputFormat: string;
  outputFormat: string;
  serdeLib: string;
}

/** `STORED AS <name>` → formats and the SerDe Hive pairs with them. */
export const STORED_AS: Readonly<Record<string, FormatTriple>> = {
  TEXTFILE: { inputFormat: TEXT_IN, outputFormat: TEXT_OUT, serdeLib: SERDE.lazySimple },
  PARQUET: {
    inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    serdeLib: SERDE.parquet,
  },
  ORC: {
    inputFormat: 'org.apache.hadoop.hive.ql.io.orc.OrcInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat',
    serdeLib: SERDE.orc,
  },
  AVRO: {
    inputFormat: 'org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat',
    serdeLib: SERDE.avro,
  },
  JSON: { inputFormat: TEXT_IN, outputFormat: TEXT_OUT, serdeLib: SERDE.hiveJson },
  JSONFILE: { inputFormat: TEXT_IN, outputFormat: TEXT_OUT, serdeLib: SERDE.hiveJson },
  SEQUENCEFILE: {
    inputFormat: 'org.apache.hadoop.mapred.SequenceFileInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.HiveSequenceFileOutputFormat',
    serdeLib: SERDE.lazySimple,
  },
  RCFILE: {
    inputFormat: 'org.apache.hadoop.hive.ql.io.RCFileInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.RCFileOutputFormat',
    serdeLib: SERDE.lazyBinaryColumnar,
  },
  ION: {
    inputFormat: 'com.amazon.ionhiveserde.formats.IonInputFormat',
    outputFormat: 'com.amazon.ionhiveserde.formats.IonOutputFormat',
    serdeLib: SERDE.ion,
  },
};

/** The delimiter clauses of `ROW FORMAT DELIMITED` and the SerDe property each becomes. */
export const DELIMITED_PROPERTIES = {
  fieldsTerminatedBy: 'field.delim',
  escapedBy: 'escape.delim',
  collectionItemsTerminatedBy: 'collection.delim',
  mapKeysTerminatedBy: 'mapkey.delim',
  linesTerminatedBy: 'line.delim',
  nullDefinedAs: 'serialization.null.format',
} as const;

export type DelimitedClauses = Partial<Record<keyof typeof DELIMITED_PROPERTIES, string>>;

export type RowFormatInput = { kind: 'delimited'; clauses: DelimitedClauses } | { kind: 'serde'; serde: string; properties: Record<string, string> };

export type StoredAsInput = { kind: 'format'; format: string } | { kind: 'io'; inputFormat: string; outputFormat: string };

export interface ResolvedFormat {
  inputFormat: string;
  outputFormat: string;
  serdeLib: string;
  serdeProperties: Record<string, string>;
}

/**
 * Combines ROW FORMAT and STORED AS as Hive does: the default is TEXTFILE with LazySimpleSerDe;
 * ROW FORMAT overrides the SerDe that STORED AS implies; `STORED AS INPUTFORMAT … OUTPUTFORMAT …`
 * keeps the SerDe from ROW FORMAT (LazySimpleSerDe if none).
 * @throws AegisError NOT_SUPPORTED for an unknown SerDe class or STORED AS format.
 */
export function resolveStorageFormat(rowFormat: RowFormatInput | undefined, storedAs: StoredAsInput | undefined): ResolvedFormat {
  let triple: FormatTriple;
  if (!storedAs) {
    triple = STORED_AS.TEXTFILE!;
  } else if (storedAs.kind === 'format') {
    const f = STORED_AS[storedAs.format.toUpperCase()];
    if (!f) {
      throw new AegisError('NOT_SUPPORTED', `STORED AS ${storedAs.format} is not supported. Supported: ${Object.keys(STORED_AS).join(', ')}`, {
        format: storedAs.format,
      });
    }
    triple = f;
  } else {
    triple = { inputFormat: storedAs.inputFormat, outputFormat: storedAs.outputFormat, serdeLib: SERDE.lazySimple };
  }
  const serdeProperties: Record<string, string> = {};
  let serdeLib = triple.serdeLib;
  if (rowFormat?.kind === 'serde') {
    if (!KNOWN_SERDES[rowFormat.serde]) {
      throw new AegisError('NOT_SUPPORTED', `Unknown SerDe '${rowFormat.serde}'. Supported: ${Object.keys(KNOWN_SERDES).join(', ')}`, {
        serde: rowFormat.serde,
      });
    }
    serdeLib = rowFormat.serde;
    Object.assign(serdeProperties, rowFormat.properties);
  } else if (rowFormat?.kind === 'delimited') {
    serdeLib = SERDE.lazySimple;
    for (const [clause, prop] of Object.entries(DELIMITED_PROPERTIES)) {
      const v = rowFormat.clauses[clause as keyof DelimitedClauses];
      if (v !== undefined) serdeProperties[prop] = v;
    }
    // Hive also records the field delimiter as the serialization format.
    if (serdeProperties['field.delim'] !== undefined) serdeProperties['serialization.format'] = serdeProperties['field.delim'];
  }
  return { inputFormat: triple.inputFormat, outputFormat: triple.outputFormat, serdeLib, serdeProperties };
}
