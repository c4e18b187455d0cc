/**
 * A query execution as the warehouse remembers it (Athena's `QueryExecution`): every statement
 * aegis runs gets one, with its state, timings, bytes scanned, where its result went and how that
 * result was encrypted.
 */

export type QueryState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export const QUERY_STATES: readonly QueryState[] = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];

export interface QueryExecutionRecord {
  id: string;
  query: string;
  database: string;
  workgroup: string;
  /** Athena's StatementType: DDL | DML | UTILITY (known once parsed). */
  statementType?: 'DDL' | 'DML' | 'UTILITY';
  /** The statement kind, e.g. SELECT, CREATE_TABLE_AS, SHOW_TABLES (Athena's SubstatementType). */
  substatementType?: string;
  state: QueryState;
  errorCode?: string;
  errorMessage?: string;
  submittedAt: Date;
  completedAt?: Date;
  planningMs?: number;
  executionMs?: number;
  totalMs?: number;
  dataScannedBytes?: number;
  /** The result object's URI (`s3://…/<id>.csv`). */
  outputLocation?: string;
  /** Effective result encryption: SSE_S3 | SSE_KMS | CSE_KMS | NONE. */
  encryptionOption?: string;
  /** The result key as configured (SSE_KMS / CSE_KMS). */
  kmsKey?: string;
  /** `?` values, as text. */
  executionParameters: string[];
  /** Rows in the result (SELECT) or written (CTAS / INSERT). */
  rowCount?: number;
  updateCount?: number;
  /** Athena's ClientRequestToken, for idempotent starts. */
  clientRequestToken?: string;
  /** Process id of the aegis process running it (to recognise executions orphaned by a crash). */
  pid?: number;
  /**
   * The effective `ResultConfiguration` it ran with (Athena's field names: OutputLocation,
   * EncryptionConfiguration, ExpectedBucketOwner, AclConfiguration).
   */
  resultConfiguration?: Record<string, unknown>;
}

export interface ListExecutionsOptions {
  limit?: number;
  workgroup?: string;
  state?: QueryState;
}
