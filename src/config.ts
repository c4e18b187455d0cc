import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, userInfo } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { AegisError } from './errors.js';
import { KeyringPassphrase } from './kms/keyring-passphrase.js';
import { normalizeOutputLocation, parseEncryptionOption, type EncryptionOption, type ResultConfiguration } from './results/result-configuration.js';

/**
 * Engine settings (README: Configuration). Each comes from, in order: a command-line flag, the
 * environment, `aegis.config.json` in the working directory, the default.
 */
export interface AegisConfig {
  /** Absolute warehouse directory (LocalStore buckets, LocalKms keyring, catalog). */
  warehouse: string;
  storage: 'local' | 's3';
  kms: 'local' | 'aws';
  /** Engine region. */
  region: string;
  /** Who the engine acts as for LocalKms permission checks and the audit log. */
  principal: string;
  s3Endpoint?: string;
  kmsEndpoint?: string;
  s3PathStyle: boolean;
  workers: number;
  /** Account id in LocalKms key ARNs. */
  account: string;
  /** Client result settings (`ResultConfiguration`); unset fields come from the workgroup or the default. */
  outputLocation?: string;
  resultEncryption?: EncryptionOption;
  resultKmsKey?: string;
  /** Workgroup queries run in (default `primary`). */
  workgroup: string;
  /** Queries stop with QUERY_TIMEOUT after this many seconds (unset: no limit). */
  queryTimeoutSeconds?: number;
  /** Refuse every object stored without encryption (ENCRYPTION_REQUIRED). */
  requireEncryption: boolean;
  /** Per-query memory budget in bytes (unset: a share of the V8 heap, see exec/query-memory.ts). */
  maxQueryMemory?: number;
  /** Root of the encrypted spill files of queries past their budget (unset: `<tmpdir>/aegis-spill`). */
  spillDir?: string;
  /** Read legacy, unauthenticated AES-CBC client-side encrypted objects in every table. */
  allowLegacyCse: boolean;
  /**
   * Seals the embedded warehouse's own keys (LocalKms keyring, LocalStore master key). Only from
   * the environment or the config file — never a flag, which would land in shell history. The
   * holder prints as `[redacted]`.
   */
  keyringPassphrase?: KeyringPassphrase;
  /** Where each setting came from, for `--help`/diagnostics. */
  sources: Record<ConfigKey, 'flag' | 'env' | 'file' | 'default'>;
}

export type ConfigKey =
  | 'warehouse'
  | 'storage'
  | 'kms'
  | 'region'
  | 'principal'
  | 's3Endpoint'
  | 'kmsEndpoint'
  | 's3PathStyle'
  | 'workers'
  | 'account'
  | 'outputLocation'
  | 'resultEncryption'
  | 'resultKmsKey'
  | 'workgroup'
  | 'queryTimeout'
  | 'requireEncryption'
  | 'maxQueryMemory'
  | 'spillDir'
  | 'allowLegacyCse'
  | 'keyringPassphrase';

/** Flags as parsed from the command line (kebab-case names; booleans as `true`). */
export type ConfigFlags = Readonly<Record<string, string | boolean | undefined>>;

interface Setting {
  flag?: string;
  env?: string[];
}

const SETTINGS: Record<ConfigKey, Setting> = {
  warehouse: { flag: 'warehouse', env: ['AEGIS_WAREHOUSE'] },
  storage: { flag: 'storage', env: ['AEGIS_STORAGE'] },
  kms: { flag: 'kms', env: ['AEGIS_KMS'] },
  region: { flag: 'region', env: ['AWS_REGION', 'AWS_DEFAULT_REGION'] },
  principal: { flag: 'principal', env: ['AEGIS_PRINCIPAL'] },
  s3Endpoint: { flag: 's3-endpoint', env: ['AWS_ENDPOINT_URL_S3'] },
  kmsEndpoint: { flag: 'kms-endpoint', env: ['AWS_ENDPOINT_URL_KMS'] },
  s3PathStyle: { flag: 's3-path-style', env: ['AEGIS_S3_PATH_STYLE'] },
  workers: { flag: 'workers', env: ['AEGIS_WORKERS'] },
  account: { env: ['AEGIS_ACCOUNT'] },
  outputLocation: { flag: 'output-location', env: ['AEGIS_OUTPUT_LOCATION'] },
  resultEncryption: { flag: 'result-encryption', env: ['AEGIS_RESULT_ENCRYPTION'] },
  resultKmsKey: { flag: 'result-kms-key', env: ['AEGIS_RESULT_KMS_KEY'] },
  workgroup: { flag: 'workgroup', env: ['AEGIS_WORKGROUP'] },
  queryTimeout: { flag: 'query-timeout', env: ['AEGIS_QUERY_TIMEOUT'] },
  requireEncryption: { flag: 'require-encryption', env: ['AEGIS_REQUIRE_ENCRYPTION'] },
  maxQueryMemory: { flag: 'max-query-memory', env: ['AEGIS_MAX_QUERY_MEMORY'] },
  spillDir: { flag: 'spill-dir', env: ['AEGIS_SPILL_DIR'] },
  allowLegacyCse: { flag: 'allow-legacy-cse', env: ['AEGIS_ALLOW_LEGACY_CSE'] },
  keyringPassphrase: { env: ['AEGIS_KEYRING_PASSPHRASE'] },
};

/** The global flags every command accepts (booleans listed in {@link GLOBAL_BOOLEAN_FLAGS}). */
export const GLOBAL_FLAGS: readonly string[] = Object.values(SETTINGS).flatMap((s) => (s.flag ? [s.flag] : []));
export const GLOBAL_BOOLEAN_FLAGS: readonly string[] = ['s3-path-style', 'require-encryption', 'allow-legacy-cse'];

export const CONFIG_FILE = 'aegis.config.json';

export interface ResolveOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Resolves the settings; INVALID_ARGUMENT names the bad value and where it came from. */
export function resolveConfig(flags: ConfigFlags = {}, opts: ResolveOptions = {}): AegisConfig {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const file = readConfigFile(cwd);
  const sources = {} as AegisConfig['sources'];

  const raw = (key: ConfigKey): { value: string | boolean | number; from: string } | undefined => {
    const s = SETTINGS[key];
    const f = s.flag !== undefined ? flags[s.flag] : undefined;
    if (f !== undefined) {
      sources[key] = 'flag';
      return { value: f, from: `--${s.flag}` };
    }
    for (const name of s.env ?? []) {
      const v = env[name];
      if (v !== undefined && v !== '') {
        sources[key] = 'env';
        return { value: v, from: name };
      }
    }
    if (file && file.values[key] !== undefined) {
      sources[key] = 'file';
      return { value: file.values[key] as string | boolean | number, from: `${file.path} (${key})` };
    }
    sources[key] = 'default';
    return undefined;
  };
  const str = (key: ConfigKey, dflt?: string): string | undefined => {
    const r = raw(key);
    if (!r) return dflt;
    if (typeof r.value !== 'string' || r.value === '') throw new AegisError('INVALID_ARGUMENT', `${r.from} must be a non-empty string.`);
    return r.value;
  };
  const oneOf = <T extends string>(key: ConfigKey, allowed: readonly T[], dflt: T): T => {
    const v = str(key, dflt)!;
    if (!(allowed as readonly string[]).includes(v)) {
      throw new AegisError('INVALID_ARGUMENT', `${key} must be one of ${allowed.join(', ')} (got '${v}').`);
    }
    return v as T;
  };

  const warehouseRaw = str('warehouse', './warehouse')!;
  // A relative warehouse is relative to the working directory (where aegis.config.json lives).
  const warehouse = isAbsolute(warehouseRaw) ? warehouseRaw : resolve(cwd, warehouseRaw);

  const boolSetting = (key: ConfigKey): boolean => {
    const r = raw(key);
    return r === undefined ? false : toBool(r.value, r.from);
  };
  const pathStyle = raw('s3PathStyle');
  const s3PathStyle = pathStyle === undefined ? false : toBool(pathStyle.value, pathStyle.from);

  const workersRaw = raw('workers');
  let workers = defaultWorkers();
  if (workersRaw !== undefined) {
    const n = Number(workersRaw.value);
    if (!Number.isInteger(n) || n < 1 || n > 256) throw new AegisError('INVALID_ARGUMENT', `${workersRaw.from} must be an integer 1–256 (got '${String(workersRaw.value)}').`);
    workers = n;
  }

  const region = str('region', 'us-east-1')!;
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new AegisError('INVALID_ARGUMENT', `'${region}' is not an AWS region name (e.g. us-east-1).`);
  const account = str('account', '000000000000')!;
  if (!/^\d{12}$/.test(account)) throw new AegisError('INVALID_ARGUMENT', `account must be 12 digits (got '${account}').`);

  const cfg: AegisConfig = {
    warehouse,
    storage: oneOf('storage', ['local', 's3'] as const, 'local'),
    kms: oneOf('kms', ['local', 'aws'] as const, 'local'),
    region,
    principal: str('principal', defaultPrincipal())!,
    s3PathStyle,
    workers,
    account,
    workgroup: str('workgroup', 'primary')!,
    requireEncryption: boolSetting('requireEncryption'),
    allowLegacyCse: boolSetting('allowLegacyCse'),
    sources,
  };
  const outputLocation = str('outputLocation');
  if (outputLocation !== undefined) cfg.outputLocation = normalizeOutputLocation(outputLocation, `output location (${sources.outputLocation})`);
  const resultEncryption = str('resultEncryption');
  if (resultEncryption !== undefined) cfg.resultEncryption = parseEncryptionOption(resultEncryption, 'result encryption');
  const timeout = raw('queryTimeout');
  if (timeout !== undefined) {
    const n = Number(timeout.value);
    if (!Number.isFinite(n) || n <= 0) throw new AegisError('INVALID_ARGUMENT', `${timeout.from} must be a positive number of seconds (got '${String(timeout.value)}').`);
    cfg.queryTimeoutSeconds = n;
  }
  const memory = raw('maxQueryMemory');
  if (memory !== undefined) cfg.maxQueryMemory = parseDataSize(memory.value, memory.from);
  const spillDir = str('spillDir');
  if (spillDir !== undefined) cfg.spillDir = isAbsolute(spillDir) ? spillDir : resolve(cwd, spillDir);
  const passphrase = str('keyringPassphrase');
  if (passphrase !== undefined) cfg.keyringPassphrase = new KeyringPassphrase(passphrase);
  const resultKmsKey = str('resultKmsKey');
  if (resultKmsKey !== undefined) cfg.resultKmsKey = resultKmsKey;
  const s3Endpoint = str('s3Endpoint');
  const kmsEndpoint = str('kmsEndpoint');
  if (s3Endpoint !== undefined) cfg.s3Endpoint = s3Endpoint;
  if (kmsEndpoint !== undefined) cfg.kmsEndpoint = kmsEndpoint;
  return cfg;
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3, t: 1024 ** 4, tb: 1024 ** 4, tib: 1024 ** 4 };

/**
 * A data size as Trino writes them (`512MB`, `2GB`, `1.5GiB`, or bytes); units are powers of
 * 1024, as in Trino's DataSize. At least 1 MiB.
 */
export function parseDataSize(value: string | number | boolean, from: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(String(value));
  const unit = m ? SIZE_UNITS[m[2]!.toLowerCase()] : undefined;
  const bytes = m && unit !== undefined ? Math.floor(Number(m[1]) * unit) : NaN;
  if (typeof value === 'boolean' || !Number.isFinite(bytes) || bytes < 1024 * 1024) {
    throw new AegisError('INVALID_ARGUMENT', `${from} must be a data size of at least 1MB, such as 512MB or 2GB (got '${String(value)}').`);
  }
  return bytes;
}

/**
 * The client `ResultConfiguration` the settings give (only what was set; the workgroup and the
 * embedded default fill the rest). A KMS key alone implies nothing about the option.
 */
export function clientResultConfiguration(config: AegisConfig): ResultConfiguration | undefined {
  const rc: ResultConfiguration = {};
  if (config.outputLocation) rc.OutputLocation = config.outputLocation;
  if (config.resultEncryption) {
    rc.EncryptionConfiguration = { EncryptionOption: config.resultEncryption, ...(config.resultKmsKey ? { KmsKey: config.resultKmsKey } : {}) };
  } else if (config.resultKmsKey) {
    throw new AegisError('INVALID_ARGUMENT', 'A result KMS key needs a result encryption option: add --result-encryption SSE_KMS or CSE_KMS.');
  }
  return Object.keys(rc).length > 0 ? rc : undefined;
}

/**
 * The settings as they cross to a scan worker thread. Structured clone keeps no private fields,
 * so the passphrase travels as text (in memory, never persisted) and {@link configFromWorker}
 * rebuilds the holder on the other side.
 */
export type WorkerConfig = Omit<AegisConfig, 'keyringPassphrase'> & { keyringPassphraseText?: string };

export function configToWorker(config: AegisConfig): WorkerConfig {
  const { keyringPassphrase, ...rest } = config;
  return keyringPassphrase ? { ...rest, keyringPassphraseText: keyringPassphrase.revealForWorker() } : rest;
}

export function configFromWorker(wire: WorkerConfig): AegisConfig {
  const { keyringPassphraseText, ...rest } = wire;
  return keyringPassphraseText !== undefined ? { ...rest, keyringPassphrase: new KeyringPassphrase(keyringPassphraseText) } : rest;
}

function readConfigFile(cwd: string): { path: string; values: Partial<Record<ConfigKey, unknown>> } | undefined {
  const path = join(cwd, CONFIG_FILE);
  if (!existsSync(path)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new AegisError('INVALID_ARGUMENT', `${path} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AegisError('INVALID_ARGUMENT', `${path} must hold a JSON object.`);
  }
  const known = Object.keys(SETTINGS);
  for (const k of Object.keys(parsed)) {
    // A misspelt setting silently ignored would be worse than an error.
    if (!known.includes(k)) throw new AegisError('INVALID_ARGUMENT', `${path}: unknown setting '${k}'. Known: ${known.join(', ')}.`);
  }
  return { path, values: parsed as Partial<Record<ConfigKey, unknown>> };
}

function toBool(v: string | boolean | number, from: string): boolean {
  if (typeof v === 'boolean') return v;
  const s = String(v).toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(s)) return true;
  if (['0', 'false', 'no', 'off'].includes(s)) return false;
  throw new AegisError('INVALID_ARGUMENT', `${from} must be a boolean (1/0, true/false), got '${String(v)}'.`);
}

function defaultPrincipal(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'aegis';
  }
}

function defaultWorkers(): number {
  return typeof availableParallelism === 'function' ? availableParallelism() : 2;
}
