/**
 * The catalog database's schema, as an ordered list of migrations. `schema_migrations` records
 * which ones ran; {@link migrate} applies the missing ones inside one IMMEDIATE transaction, so
 * two processes opening a fresh warehouse at once cannot both migrate. Never edit a released
 * migration; append a new one.
 */
import type Database from 'better-sqlite3';
import { AegisError } from '../../errors.js';

interface Migration {
  readonly version: number;
  readonly sql: string;
}

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE databases (
        name        TEXT PRIMARY KEY,
        comment     TEXT,
        location    TEXT,
        properties  TEXT NOT NULL DEFAULT '{}',
        create_time INTEGER NOT NULL
      );
      CREATE TABLE tables (
        id               INTEGER PRIMARY KEY,
        db               TEXT NOT NULL REFERENCES databases(name) ON DELETE CASCADE,
        name             TEXT NOT NULL,
        table_type       TEXT NOT NULL CHECK (table_type IN ('EXTERNAL_TABLE', 'VIRTUAL_VIEW')),
        location         TEXT NOT NULL,
        input_format     TEXT,
        output_format    TEXT,
        serde_lib        TEXT,
        serde_properties TEXT NOT NULL DEFAULT '{}',
        bucketing        TEXT,
        parameters       TEXT NOT NULL DEFAULT '{}',
        comment          TEXT,
        view_sql         TEXT,
        create_time      INTEGER NOT NULL,
        UNIQUE (db, name)
      );
      CREATE TABLE columns (
        table_id  INTEGER NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
        kind      TEXT NOT NULL CHECK (kind IN ('data', 'partition')),
        ordinal   INTEGER NOT NULL,
        name      TEXT NOT NULL,
        hive_type TEXT NOT NULL,
        sql_type  TEXT NOT NULL,
        comment   TEXT,
        PRIMARY KEY (table_id, kind, ordinal)
      );
      CREATE TABLE partitions (
        id          INTEGER PRIMARY KEY,
        table_id    INTEGER NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
        name        TEXT NOT NULL,
        values_json TEXT NOT NULL,
        location    TEXT NOT NULL,
        create_time INTEGER NOT NULL,
        UNIQUE (table_id, name)
      );
      -- One row per (partition, key): what pruning filters on. 'num' shadows 'value' for
      -- numeric keys so ranges compare as numbers.
      CREATE TABLE partition_values (
        table_id INTEGER NOT NULL,
        part_id  INTEGER NOT NULL REFERENCES partitions(id) ON DELETE CASCADE,
        key_idx  INTEGER NOT NULL,
        value    TEXT,
        num      REAL,
        PRIMARY KEY (part_id, key_idx)
      );
      CREATE INDEX partition_values_by_text ON partition_values (table_id, key_idx, value, part_id);
      CREATE INDEX partition_values_by_num ON partition_values (table_id, key_idx, num, part_id);
      CREATE TABLE workgroups (
        name          TEXT PRIMARY KEY,
        state         TEXT NOT NULL DEFAULT 'ENABLED',
        description   TEXT,
        configuration TEXT NOT NULL DEFAULT '{}',
        create_time   INTEGER NOT NULL
      );
      INSERT INTO databases (name, comment, properties, create_time)
        VALUES ('default', 'Default Hive database', '{}', CAST(strftime('%s', 'now') AS INTEGER) * 1000);
      INSERT INTO workgroups (name, state, configuration, create_time)
        VALUES ('primary', 'ENABLED', '{}', CAST(strftime('%s', 'now') AS INTEGER) * 1000);
    `,
  },
  {
    version: 2,
    sql: `
      CREATE TABLE query_executions (
        id                   TEXT PRIMARY KEY,
        query                TEXT NOT NULL,
        database             TEXT NOT NULL,
        workgroup            TEXT NOT NULL,
        statement_type       TEXT,
        substatement_type    TEXT,
        state                TEXT NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
        error_code           TEXT,
        error_message        TEXT,
        submitted_at         INTEGER NOT NULL,
        completed_at         INTEGER,
        planning_ms          REAL,
        execution_ms         REAL,
        total_ms             REAL,
        data_scanned_bytes   INTEGER,
        output_location      TEXT,
        encryption_option    TEXT,
        kms_key              TEXT,
        execution_parameters TEXT NOT NULL DEFAULT '[]',
        row_count            INTEGER,
        update_count         INTEGER,
        client_request_token TEXT,
        pid                  INTEGER,
        result_configuration TEXT
      );
      -- Objects a running CTAS / INSERT / UNLOAD has written but not yet committed: if its process
      -- dies, the next open deletes them, so a killed write leaves no orphan data.
      CREATE TABLE pending_writes (
        query_id TEXT NOT NULL,
        uri      TEXT NOT NULL,
        PRIMARY KEY (query_id, uri)
      );
      CREATE INDEX query_executions_by_time ON query_executions (submitted_at DESC, id);
      CREATE INDEX query_executions_by_workgroup ON query_executions (workgroup, submitted_at DESC);
    `,
  },
  {
    version: 3,
    sql: `
      -- Access keys of the Athena API (aegis serve); the secret is wrapped by the warehouse key.
      CREATE TABLE access_keys (
        access_key_id  TEXT PRIMARY KEY,
        principal      TEXT NOT NULL,
        wrapped_secret TEXT NOT NULL,
        create_time    INTEGER NOT NULL
      );
      CREATE TABLE prepared_statements (
        workgroup     TEXT NOT NULL,
        name          TEXT NOT NULL,
        query         TEXT NOT NULL,
        description   TEXT,
        last_modified INTEGER NOT NULL,
        PRIMARY KEY (workgroup, name)
      );
    `,
  },
];

/** The schema version this build of aegis writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Applies missing migrations. Throws if the file was written by a newer aegis. */
export function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const run = db.transaction(() => {
    const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
    const current = row.v ?? 0;
    if (current > SCHEMA_VERSION) {
      throw new AegisError('NOT_SUPPORTED', `The catalog database has schema version ${current}, newer than this aegis supports (${SCHEMA_VERSION}). Upgrade aegis.`);
    }
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(m.version, Date.now());
    }
  });
  run.immediate();
}
