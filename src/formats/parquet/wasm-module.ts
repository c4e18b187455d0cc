/**
 * The parquet-wasm instance the decoder uses, replaceable after a WebAssembly trap.
 *
 * A Rust panic inside parquet-wasm (a corrupt page, an impossible length) surfaces as
 * `RuntimeError: unreachable`, and leaves that instance's shadow stack and heap in an unknown
 * state. The decoder therefore calls only synchronous entry points (a trap in parquet-wasm's
 * async API fires inside a promise callback, where no caller can catch it and the process dies),
 * and after a trap it drops the instance and loads a fresh one: the package's Node build is
 * CommonJS that instantiates its module on load, so a new `require` gives a new instance.
 */
import { createRequire } from 'node:module';
import { AegisError } from '../../errors.js';

type ParquetWasm = typeof import('parquet-wasm');

/** `WebAssembly.RuntimeError` (the lib typings aegis compiles against do not declare it). */
const WasmRuntimeError = (globalThis as unknown as { WebAssembly: { RuntimeError: abstract new () => Error } }).WebAssembly.RuntimeError;

const requireCjs = createRequire(import.meta.url);
const modulePath = requireCjs.resolve('parquet-wasm');
let current: ParquetWasm | undefined;
let reloads = 0;

function instance(): ParquetWasm {
  current ??= requireCjs(modulePath) as ParquetWasm;
  return current;
}

/** How many times this thread replaced its instance after a trap (for tests and diagnostics). */
export function wasmReloads(): number {
  return reloads;
}

function replaceInstance(): void {
  delete requireCjs.cache[modulePath];
  current = undefined;
  reloads++;
}

/**
 * Runs `fn` against the decoder's parquet-wasm instance. Any failure is BAD_DATA naming the
 * object (and the column, when one was being read); a WebAssembly trap also replaces the
 * instance so the next object decodes on a clean one.
 * @throws AegisError BAD_DATA; AegisErrors thrown by `fn` pass through.
 */
export function withParquetWasm<T>(uri: string, what: string, fn: (wasm: ParquetWasm) => T, column?: string): T {
  try {
    return fn(instance());
  } catch (e) {
    if (e instanceof AegisError) throw e;
    const trapped = e instanceof WasmRuntimeError;
    if (trapped) replaceInstance();
    const reason = trapped ? 'the Parquet decoder stopped on invalid data' : e instanceof Error ? e.message : String(e);
    throw new AegisError(
      'BAD_DATA',
      `Cannot read Parquet object ${uri}${column ? ` (column ${column})` : ''} while ${what}: ${reason.slice(0, 200)}. The object is corrupt or not Parquet.`,
      { uri, ...(column ? { columnName: column } : {}) },
      { cause: e },
    );
  }
}
