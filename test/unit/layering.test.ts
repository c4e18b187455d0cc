/**
 * The module layering src/README.md promises, checked over every relative import (static,
 * type-only and dynamic) under src/: a module imports only from modules in lower layers, so the
 * dependency graph between src/'s top-level modules has no cycle. A new top-level module must be
 * placed in a layer here (and in src/README.md).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Lowest first. Modules in one layer do not import each other. */
const LAYERS: readonly (readonly string[])[] = [
  ['errors'],
  ['types'],
  ['sql', 'functions', 'kms', 'formats'],
  ['plan', 'storage'],
  ['exec', 'crypto', 'catalog'],
  ['results'],
  ['config'],
  ['backends'],
  ['scan'],
  ['api'],
  ['server', 'client'],
  ['cli', 'index'],
];

const SRC = resolve(import.meta.dirname, '../../src');

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** `exec` for src/exec/…, `config` for src/config.ts; undefined outside src/. */
function moduleOf(file: string): string | undefined {
  const rel = relative(SRC, file);
  if (rel.startsWith('..')) return undefined;
  const [head, ...rest] = rel.split('/');
  return rest.length > 0 ? head! : head!.replace(/\.[jt]s$/, '');
}

interface Edge {
  from: string;
  to: string;
  file: string;
  spec: string;
}

function imports(): Edge[] {
  const edges: Edge[] = [];
  const re = /\b(?:import|export)\s[^;]*?\bfrom\s*['"](\.[^'"]+)['"]|\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g;
  for (const file of sources(SRC)) {
    const from = moduleOf(file)!;
    for (const m of readFileSync(file, 'utf8').matchAll(re)) {
      const spec = (m[1] ?? m[2])!;
      const to = moduleOf(resolve(dirname(file), spec));
      if (to !== undefined && to !== from) edges.push({ from, to, file: relative(SRC, file), spec });
    }
  }
  return edges;
}

const rank = new Map(LAYERS.flatMap((layer, i) => layer.map((m) => [m, i] as const)));
const edges = imports();
const offending = (from: string, to: readonly string[]): string[] =>
  edges.filter((e) => e.from === from && to.includes(e.to)).map((e) => `${e.file} imports ${e.spec}`);

describe('module layering (src/README.md)', () => {
  it('places every top-level module of src/ in a layer', () => {
    const modules = new Set(sources(SRC).map((f) => moduleOf(f)!));
    expect([...modules].filter((m) => !rank.has(m)).sort()).toEqual([]);
  });

  it('has every import point to a lower layer', () => {
    const upward = edges.filter((e) => rank.get(e.to)! >= rank.get(e.from)!).map((e) => `${e.file} imports ${e.spec}`);
    expect(upward).toEqual([]);
  });

  it('keeps the planner free of the executor, the catalog and the scan', () => {
    expect(offending('plan', ['exec', 'catalog', 'scan', 'api'])).toEqual([]);
  });

  it('keeps the catalog free of the executor and the planner', () => {
    expect(offending('catalog', ['exec', 'plan', 'scan', 'api'])).toEqual([]);
  });

  it('keeps the executor free of objects, keys and settings', () => {
    expect(offending('exec', ['scan', 'storage', 'kms', 'crypto', 'config', 'backends', 'formats', 'catalog'])).toEqual([]);
  });

  it('keeps the settings free of backends', () => {
    expect(offending('config', ['storage', 'backends'])).toEqual([]);
  });
});
