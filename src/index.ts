/**
 * The `aegis` package: `import { connect, AegisError } from 'aegis'`. Everything exported here
 * is the library's contract (README "Library"); nothing else under `src/` is.
 */
export { connect, Database, type ConnectOptions, type ParameterValue, type QueryOptions } from './client/connect.js';
export { Query, type ColumnInfo, type QueryStatistics, type RowArray, type RowObject } from './client/query.js';
export type { JsValue } from './client/js-value.js';
export { AegisError, type ErrorCode, type ErrorDetails } from './errors.js';
export type { PreflightEntry } from './scan/preflight.js';
export type { EncryptionConfiguration, EncryptionOption, ResultConfiguration } from './results/result-configuration.js';
