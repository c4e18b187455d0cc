/**
 * Timestamps coerce to timestamp with time zone in the session zone (Trino's TypeCoercion), so
 * zone functions given a plain timestamp read it as a wall time of the session.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/api/engine.js';
import { formatValue } from '../../../src/types/format-value.js';

describe('timestamp → timestamp with time zone in the session zone', () => {
  it('at_timezone, timezone_hour and to_unixtime read a plain timestamp in America/Los_Angeles', async () => {
    const la = new Engine({ sessionTimeZone: 'America/Los_Angeles' });
    const r = await la.execute(
      "select at_timezone(timestamp '2022-11-01 09:08:07.321', 'UTC'), timezone_hour(timestamp '2022-11-01 09:08:07.321'), " +
        "timezone_hour(timestamp '2022-12-01 09:08:07'), timezone_minute(date '2022-12-01'), at_timezone(date '2022-11-01', 'Asia/Tokyo'), " +
        "to_unixtime(date '1970-01-02')",
    );
    const row = r.rows[0]!.map((v, i) => formatValue(v, r.columns[i]!.type));
    expect(row).toEqual([
      '2022-11-01 16:08:07.321 UTC', // PDT (UTC-7) on 1 November
      '-7',
      '-8', // PST after the DST change
      '0',
      '2022-11-01 16:00:00 Asia/Tokyo',
      '115200.0', // 1970-01-02 00:00 PST
    ]);
  });
});
