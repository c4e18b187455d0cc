import { describe, expect, it } from 'vitest';
import type { ColumnMeta, TableMeta } from '../../../src/catalog/catalog.js';
import { DateFormat, addUnits } from '../../../src/catalog/projection/date-format.js';
import { projectPartitions } from '../../../src/catalog/projection/project-partitions.js';
import { parseProjectionConfig } from '../../../src/catalog/projection/projection-config.js';
import { hiveColumn } from './hive-columns.js';

function col(name: string, hive: string): ColumnMeta {
  return hiveColumn(name, hive);
}

function table(keys: ColumnMeta[], parameters: Record<string, string>): TableMeta {
  return {
    database: 'db',
    name: 'logs',
    tableType: 'EXTERNAL_TABLE',
    columns: [col('msg', 'string')],
    partitionKeys: keys,
    storage: { location: 's3://bucket/logs/', serdeProperties: {} },
    parameters,
    createTime: new Date(0),
  };
}

describe('DateFormat', () => {
  it('formats and parses Java patterns in UTC', () => {
    const f = new DateFormat('yyyy/MM/dd/HH');
    const d = new Date(Date.UTC(2024, 1, 29, 7));
    expect(f.format(d)).toBe('2024/02/29/07');
    expect(f.parse('2024/02/29/07')?.toISOString()).toBe('2024-02-29T07:00:00.000Z');
    expect(f.parse('2023/02/29/07')).toBeUndefined();
    expect(f.finestUnit()).toBe('HOURS');
    expect(new DateFormat("yyyyMMdd'T'HHmm").format(d)).toBe('20240229T0700');
    expect(new DateFormat('yyyy-MM').finestUnit()).toBe('MONTHS');
    expect(() => new DateFormat('yyyy-QQ')).toThrow(/Unsupported letter 'Q'/);
  });

  it('adds months with end-of-month clamping', () => {
    expect(addUnits(new Date('2024-01-31T00:00:00Z'), 1, 'MONTHS').toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(addUnits(new Date('2024-02-29T00:00:00Z'), -1, 'YEARS').toISOString()).toBe('2023-02-28T00:00:00.000Z');
  });
});

describe('projection config validation', () => {
  const keys = ['dt', 'region'];
  it('names the offending property', () => {
    expect(() => parseProjectionConfig({ 'projection.enabled': 'yes' }, keys)).toThrow(/'projection.enabled' = 'yes'/);
    expect(() => parseProjectionConfig({ 'projection.enabled': 'true', 'projection.dt.type': 'enum', 'projection.dt.values': 'a' }, keys)).toThrow(
      /projection.region.type/,
    );
    expect(() => parseProjectionConfig({ 'projection.dt.type': 'range' }, keys)).toThrow(/'projection.dt.type' = 'range'.*enum, integer, date, injected/);
    expect(() => parseProjectionConfig({ 'projection.nope.type': 'enum' }, keys)).toThrow(/'nope' is not a partition key/);
    expect(() => parseProjectionConfig({ 'projection.dt.type': 'integer', 'projection.dt.range': '5' }, keys)).toThrow(/projection.dt.range/);
    expect(() => parseProjectionConfig({ 'projection.dt.type': 'integer', 'projection.dt.range': '1,5', 'projection.dt.digits': '0' }, keys)).toThrow(
      /projection.dt.digits.*positive integer/,
    );
    expect(() =>
      parseProjectionConfig({ 'projection.dt.type': 'date', 'projection.dt.format': 'yyyy-MM-dd', 'projection.dt.range': '2024-01-01,NOW', 'projection.dt.interval.unit': 'FORTNIGHTS' }, keys),
    ).toThrow(/projection.dt.interval.unit/);
    expect(() => parseProjectionConfig({ 'projection.dt.type': 'date', 'projection.dt.format': 'yyyy-MM-dd', 'projection.dt.range': '2024/01/01,NOW' }, keys)).toThrow(
      /'2024\/01\/01' does not match the format/,
    );
    expect(() => parseProjectionConfig({ 'projection.dt.type': 'enum', 'projection.dt.range': '1,2' }, keys)).toThrow(/projection.dt.range.*does not apply/);
    expect(() => parseProjectionConfig({ 'storage.location.template': 's3://b/${dt}/${hour}/' }, keys)).toThrow(/\$\{hour\} is not a partition key/);
    expect(() => parseProjectionConfig({ 'projection.dt.type': 'injected', 'projection.enabled': 'true', 'projection.region.type': 'injected' }, keys)).not.toThrow();
  });
});

describe('projectPartitions', () => {
  it('enumerates enum × integer (padded, stepped) with the default k=v layout', () => {
    const t = table([col('region', 'string'), col('shard', 'string')], {
      'projection.enabled': 'true',
      'projection.region.type': 'enum',
      'projection.region.values': 'us, eu',
      'projection.shard.type': 'integer',
      'projection.shard.range': '0,10',
      'projection.shard.interval': '5',
      'projection.shard.digits': '3',
    });
    const parts = projectPartitions(t);
    expect(parts.map((p) => p.name)).toEqual([
      'region=us/shard=000',
      'region=us/shard=005',
      'region=us/shard=010',
      'region=eu/shard=000',
      'region=eu/shard=005',
      'region=eu/shard=010',
    ]);
    expect(parts[0]!.location).toBe('s3://bucket/logs/region=us/shard=000/');
    const narrowed = projectPartitions(t, { constraints: [{ op: 'eq', key: 'region', value: 'eu' }, { op: 'range', key: 'shard', low: { value: '001', inclusive: true } }] });
    expect(narrowed.map((p) => p.values)).toEqual([
      ['eu', '005'],
      ['eu', '010'],
    ]);
  });

  it('enumerates NOW-relative date ranges with a location template', () => {
    const t = table([col('dt', 'string')], {
      'projection.enabled': 'true',
      'projection.dt.type': 'date',
      'projection.dt.format': 'yyyy/MM/dd',
      'projection.dt.range': 'NOW-3YEARS,NOW',
      'projection.dt.interval': '1',
      'projection.dt.interval.unit': 'DAYS',
      'storage.location.template': 's3://bucket/raw/${dt}',
    });
    const now = new Date('2026-11-26T17:00:00Z');
    const all = projectPartitions(t, undefined, { now });
    // 2023-11-26 .. 2026-11-26 inclusive: 366 (2024) + 365 + 365 + 1 days.
    expect(all).toHaveLength(1097);
    expect(all[0]!.values).toEqual(['2023/11/26']);
    expect(all.at(-1)!.values).toEqual(['2026/11/26']);
    expect(all[0]!.location).toBe('s3://bucket/raw/2023/11/26/');
    const week = projectPartitions(t, { constraints: [{ op: 'range', key: 'dt', low: { value: '2026/11/20', inclusive: false } }] }, { now });
    expect(week.map((p) => p.values[0])).toEqual(['2026/11/21', '2026/11/22', '2026/11/23', '2026/11/24', '2026/11/25', '2026/11/26']);
  });

  it('steps hourly date ranges by the interval', () => {
    const t = table([col('hour', 'string')], {
      'projection.enabled': 'true',
      'projection.hour.type': 'date',
      'projection.hour.format': 'yyyy-MM-dd-HH',
      'projection.hour.range': '2024-02-28-22,2024-02-29-04',
      'projection.hour.interval': '2',
    });
    expect(projectPartitions(t).map((p) => p.values[0])).toEqual(['2024-02-28-22', '2024-02-29-00', '2024-02-29-02', '2024-02-29-04']);
  });

  it('takes injected values only from equality constraints', () => {
    const t = table([col('device', 'string'), col('n', 'int')], {
      'projection.enabled': 'true',
      'projection.device.type': 'injected',
      'projection.n.type': 'integer',
      'projection.n.range': '1,3',
    });
    expect(() => projectPartitions(t)).toThrow(/injected projected partition column device/);
    expect(() => projectPartitions(t, { constraints: [{ op: 'range', key: 'device', low: { value: 'a', inclusive: true } }] })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    const parts = projectPartitions(t, {
      constraints: [
        { op: 'in', key: 'device', values: ['d2', 'd1'] },
        { op: 'range', key: 'n', low: { value: 2, inclusive: true } },
      ],
    });
    expect(parts.map((p) => p.name)).toEqual(['device=d2/n=2', 'device=d2/n=3', 'device=d1/n=2', 'device=d1/n=3']);
  });

  it('refuses tables without projection and enumerations over the limit', () => {
    expect(() => projectPartitions(table([col('k', 'string')], {}))).toThrow(/not enabled/);
    const t = table([col('k', 'int')], { 'projection.enabled': 'true', 'projection.k.type': 'integer', 'projection.k.range': '1,5000' });
    expect(() => projectPartitions(t, undefined, { maxPartitions: 1000 })).toThrow(/key 'k' would enumerate 5000 values, more than the limit of 1000/);
    const wide = table([col('a', 'string'), col('b', 'int')], {
      'projection.enabled': 'true',
      'projection.a.type': 'enum',
      'projection.a.values': Array.from({ length: 100 }, (_, i) => `v${i}`).join(','),
      'projection.b.type': 'integer',
      'projection.b.range': '0,99',
    });
    expect(() => projectPartitions(wide, undefined, { maxPartitions: 1000 })).toThrow(/would produce 10000 partitions, more than the limit of 1000/);
    expect(projectPartitions(t, { constraints: [{ op: 'eq', key: 'k', value: '4999' }] }, { maxPartitions: 1000 })).toHaveLength(1);
  });

  it('narrows huge ranges by the constraints before enumerating anything', () => {
    const t = table([col('id', 'int'), col('dt', 'string')], {
      'projection.enabled': 'true',
      'projection.id.type': 'integer',
      'projection.id.range': '0,999999999',
      'projection.id.interval': '3',
      'projection.dt.type': 'date',
      'projection.dt.format': 'yyyy-MM-dd-HH',
      'projection.dt.range': '2000-01-01-00,NOW',
      'projection.dt.interval.unit': 'HOURS',
    });
    const now = new Date('2026-11-26T17:30:00Z');
    const eqs = projectPartitions(t, { constraints: [{ op: 'in', key: 'id', values: [6, 7, 999999999] }, { op: 'eq', key: 'dt', value: '2024-02-29-13' }] }, { now });
    // 7 is off the interval grid; 999999999 is on it (999999999 = 3 × 333333333).
    expect(eqs.map((p) => p.name)).toEqual(['id=6/dt=2024-02-29-13', 'id=999999999/dt=2024-02-29-13']);
    const ranges = projectPartitions(
      t,
      {
        constraints: [
          { op: 'range', key: 'id', low: { value: 10, inclusive: false }, high: { value: 20, inclusive: true } },
          { op: 'range', key: 'dt', low: { value: '2026-11-26-15', inclusive: true } },
        ],
      },
      { now },
    );
    expect(ranges.map((p) => p.values.join('|'))).toEqual(
      ['12', '15', '18'].flatMap((id) => ['2026-11-26-15', '2026-11-26-16', '2026-11-26-17'].map((dt) => `${id}|${dt}`)),
    );
    expect(() => projectPartitions(t, { constraints: [{ op: 'eq', key: 'dt', value: '2024-02-29-13' }] }, { now })).toThrow(
      /key 'id' would enumerate 333333334 values/,
    );
    // A date off the hourly grid or not in the format matches nothing.
    expect(projectPartitions(t, { constraints: [{ op: 'eq', key: 'id', value: 0 }, { op: 'in', key: 'dt', values: ['2024-02-29', '2030-01-01-00'] }] }, { now })).toEqual([]);
  });

  it('steps monthly ranges with month arithmetic and knows which formats sort as time', () => {
    const t = table([col('m', 'string')], {
      'projection.enabled': 'true',
      'projection.m.type': 'date',
      'projection.m.format': 'yyyy-MM',
      'projection.m.range': '2023-11,2024-03',
    });
    expect(projectPartitions(t).map((p) => p.values[0])).toEqual(['2023-11', '2023-12', '2024-01', '2024-02', '2024-03']);
    expect(projectPartitions(t, { constraints: [{ op: 'range', key: 'm', low: { value: '2024-01', inclusive: false } }] }).map((p) => p.values[0])).toEqual([
      '2024-02',
      '2024-03',
    ]);
    expect(new DateFormat('yyyy/MM/dd/HH').sortsChronologically()).toBe(true);
    expect(new DateFormat('dd-MM-yyyy').sortsChronologically()).toBe(false);
    expect(new DateFormat('yyyy-M-d').sortsChronologically()).toBe(false);
  });
});
