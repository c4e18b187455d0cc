import { describe, expect, it } from 'vitest';
import { call, errorOf, typeOf } from './call.js';
import type { Arg } from './call.js';

const v = (s: string | null): Arg => ['varchar', s];
const j = (s: string): Arg => ['json', s];
const doc = '{"store":{"book":[{"title":"A","price":8.95},{"title":"B","price":12}],"open":true,"name":null},"x y":"z"}';

describe('json functions', () => {
  it.each<[string, Arg[], string | null]>([
    ['json_parse', [v('{"b": 1, "a": [1, 2.50, "x"]}')], '{"a":[1,2.5,"x"],"b":1}'], // keys sorted, whitespace removed
    ['json_parse', [v('12345678901234567890')], '12345678901234567890'],
    ['json_format', [j('{"a":1}')], '{"a":1}'],
    ['json_extract', [j(doc), v('$.store.book[0].title')], '"A"'],
    // Trino copies the extracted structure as the document holds it (keys in document order).
    ['json_extract', [j(doc), v('$.store.book[1]')], '{"title":"B","price":12}'],
    ['json_extract', [v('{"b":1,"a":{"d":1.50,"c":1e2},"b":2}'), v('$')], '{"b":1,"a":{"d":1.5,"c":100.0},"b":2}'],
    ['json_extract', [v('{"b":1,"b":2}'), v('$.b')], '1'], // the first of duplicate keys
    ['json_extract_scalar', [v('{"p": 19.90, "e": 1e2, "z": -0, "n": 1E-7}'), v('$.p')], '19.90'], // as written
    ['json_extract_scalar', [v('{"p": 19.90, "e": 1e2, "z": -0, "n": 1E-7}'), v('$.e')], '1e2'],
    ['json_extract_scalar', [v('{"p": 19.90, "e": 1e2, "z": -0, "n": 1E-7}'), v('$.z')], '-0'],
    ['json_extract_scalar', [v('{"p": 19.90, "e": 1e2, "z": -0, "n": 1E-7}'), v('$.n')], '1E-7'],
    ['json_extract', [v('{"p": 19.90, "e": 1e2, "z": -0, "n": 1E-7}'), v('$.n')], '1.0E-7'], // Double.toString
    ['json_extract', [j(doc), v('$["x y"]')], '"z"'],
    ['json_extract', [j(doc), v('$.store.name')], 'null'],
    ['json_extract', [j(doc), v('$.nope')], null],
    ['json_extract', [v(doc), v('$.store.open')], 'true'],
    ['json_extract', [v('not json'), v('$.a')], null],
    ['json_extract_scalar', [v(doc), v('$.store.book[0].title')], 'A'],
    ['json_extract_scalar', [v(doc), v('$.store.book[0].price')], '8.95'],
    ['json_extract_scalar', [v(doc), v('$.store.book[1].price')], '12'],
    ['json_extract_scalar', [v(doc), v('$.store.book')], null], // not a scalar
    ['json_extract_scalar', [v(doc), v("$['store']['open']")], 'true'],
    ['json_extract_scalar', [v(doc), v('$.store.name')], null],
    ['json_array_length', [v('[1, [2], {}]')], '3'],
    ['json_array_length', [v('{"a":1}')], null],
    ['json_array_contains', [v('[1, 2, 3]'), ['integer', 2]], 'true'],
    ['json_array_contains', [v('[1, 2, 3]'), ['integer', 5]], 'false'],
    ['json_array_contains', [v('["a", "b"]'), v('b')], 'true'],
    ['json_array_contains', [v('[true]'), ['boolean', true]], 'true'],
    ['json_array_contains', [v('[1.5]'), ['double', 1.5]], 'true'],
    ['json_array_get', [v('[1, 2, 3]'), ['bigint', -1n]], '3'],
    ['json_size', [v(doc), v('$.store')], '3'],
    ['json_size', [v(doc), v('$.store.book')], '2'],
    ['json_size', [v(doc), v('$.store.open')], '0'],
    ['is_json_scalar', [j('1')], 'true'],
    ['is_json_scalar', [j('[1]')], 'false'],
  ])('%s(%s) = %s', (name, args, out) => {
    expect(call(name, ...args)).toBe(out);
  });
  it('types', () => {
    expect(typeOf('json_extract', 'varchar', 'varchar')).toBe('json');
    expect(typeOf('json_extract_scalar', 'json', 'varchar')).toBe('varchar');
  });
  it.each<[string, Arg[]]>([
    ['json_parse', [v('{"a":')]],
    ['json_parse', [v('[1,]')]],
    ['json_extract', [v('{}'), v('a.b')]],
    ['json_extract', [v('{}'), v('$.a[')]],
  ])('%s(%s) → INVALID_FUNCTION_ARGUMENT', (name, args) => {
    expect(errorOf(() => call(name, ...args))).toBe('INVALID_FUNCTION_ARGUMENT');
  });
});
