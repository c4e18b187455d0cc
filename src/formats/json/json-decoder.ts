/**
 * JSON-lines SerDes: one JSON object per line.
 *   - Hive JsonSerDe (`org.apache.hive.hcatalog.data.JsonSerDe`): keys match column names
 *     ignoring case.
 *   - OpenX JsonSerDe (`org.openx.data.jsonserde.JsonSerDe`): `case.insensitive` (default
 *     true), `mapping.<column>` = JSON key, `dots.in.keys` (a.b → a_b),
 *     `ignore.malformed.json` (a malformed line becomes a row of NULLs, as OpenX does).
 * Both: a malformed line (or one that is not an object) is a BAD_DATA error naming the object and
 * the line; a value that does not fit its column's type is BAD_DATA unless
 * `use.null.for.invalid.data` = true. Blank lines are skipped; missing keys are NULL.
 */
import type { Batch } from '../../types/batch.js';
import { formatType } from '../../types/sql-type.js';
import { badData } from '../bad-data.js';
import { ColumnBuilder } from '../column-builder.js';
import { DEFAULT_BATCH_ROWS, type TextDecodeRequest } from '../format.js';
import { textWindows } from '../text/text-windows.js';
import { type JsonNode, JsonSyntaxError, jsonText, parseJson, parseProjected } from './json-parse.js';
import { INVALID, type JsonKeyRules, jsonConverter, keyOf } from './json-value.js';

export type JsonSerde = 'hive-json' | 'openx-json';

const isTrue = (v: string | undefined): boolean => (v ?? '').toLowerCase() === 'true';

/**
 * Decodes a JSON-lines object (or one split of it) into batches of the projected columns,
 * reading a compressed object as a stream (text-windows.ts).
 */
export async function* decodeJsonLines(req: TextDecodeRequest, serde: JsonSerde): AsyncGenerator<Batch> {
  const p = req.properties;
  const openx = serde === 'openx-json';
  const rules: JsonKeyRules = {
    caseInsensitive: openx ? (p['case.insensitive'] ?? 'true').toLowerCase() !== 'false' : true,
    dotsInKeys: openx && isTrue(p['dots.in.keys']),
  };
  const ignoreMalformed = openx && isTrue(p['ignore.malformed.json']);
  const nullForInvalid = isTrue(p['use.null.for.invalid.data']);
  const cols = req.projection.map((i) => req.columns[i]!);
  const convs = cols.map((c) => jsonConverter(c.type, rules));
  // The JSON key each projected column reads (mapping.<col> overrides the column name).
  const keys = cols.map((c) => {
    const mapped = openx ? (p[`mapping.${c.name}`] ?? p[`mapping.${c.name.toLowerCase()}`]) : undefined;
    return mapped !== undefined ? keyOf(mapped, { ...rules, dotsInKeys: false }) : keyOf(c.name, { ...rules, dotsInKeys: false });
  });
  const columnsByKey = new Map<string, number[]>();
  keys.forEach((k, j) => columnsByKey.set(k, [...(columnsByKey.get(k) ?? []), j]));
  const keyCache = new Map<string, string>();
  const route = (k: string): readonly number[] | undefined => {
    let norm = keyCache.get(k);
    if (norm === undefined) {
      norm = keyOf(k, rules);
      if (keyCache.size < 10_000) keyCache.set(k, norm);
    }
    return columnsByKey.get(norm);
  };
  const nodes: JsonNode[] = new Array<JsonNode>(cols.length).fill(null);
  const batchRows = req.batchRows ?? DEFAULT_BATCH_ROWS;
  let builders = cols.map((c) => new ColumnBuilder(c.type, batchRows));
  let rows = 0;
  let lineNo = 0;
  let fromStart: boolean | undefined; // reading from the object's first byte: errors can name a line
  for await (const w of textWindows(req)) {
    const { bytes: buf, first, end, final } = w;
    fromStart ??= first === 0 && w.offset === 0;
    const n = buf.length;
    let pos = first;
    while (pos < end && pos < n) {
      let nl = buf.indexOf(10, pos);
      if (nl < 0) {
        if (!final) break; // the last line continues in the next window
        nl = n;
      }
      const s = pos;
      const e = nl > pos && buf[nl - 1] === 13 ? nl - 1 : nl;
      pos = nl + 1;
      lineNo++;
      const text = buf.toString('utf8', s, e);
      if (text.trim() === '') continue;
      const at = { offset: w.offset + s, ...(fromStart ? { line: lineNo } : {}) };
      // Members go straight to the projected columns (a later duplicate key wins); members no
      // column reads are validated but never built.
      nodes.fill(null);
      let doc = false;
      try {
        doc = parseProjected(text, route, nodes);
      } catch (err) {
        if (!(err instanceof JsonSyntaxError)) throw err;
        if (!ignoreMalformed) throw badData(req.uri, `Malformed JSON (${err.message})`, at);
        nodes.fill(null);
      }
      if (!doc && !ignoreMalformed) {
        // Not an object at all (an array, a scalar): OpenX and Hive both reject the row.
        try {
          parseJson(text);
        } catch (err) {
          if (err instanceof JsonSyntaxError) throw badData(req.uri, `Malformed JSON (${err.message})`, at);
          throw err;
        }
        throw badData(req.uri, 'Row is not a valid JSON object', at);
      }
      for (let j = 0; j < cols.length; j++) {
        if (!doc) {
          builders[j]!.appendNull();
          continue;
        }
        const v = convs[j]!(nodes[j]!);
        if (v === INVALID) {
          if (!nullForInvalid) {
            const c = cols[j]!;
            const shown = jsonText(nodes[j]!).slice(0, 100);
            throw badData(req.uri, `Value ${shown} does not fit column '${c.name}' of type ${formatType(c.type)}`, at);
          }
          builders[j]!.appendNull();
        } else builders[j]!.append(v);
      }
      if (++rows === batchRows) {
        yield { length: rows, columns: builders.map((b) => b.finish()) };
        builders = cols.map((c) => new ColumnBuilder(c.type, batchRows));
        rows = 0;
      }
    }
    w.rest = Math.min(pos, n);
  }
  if (rows > 0) yield { length: rows, columns: builders.map((b) => b.finish()) };
}
