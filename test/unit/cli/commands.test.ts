import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/cli/commands.js';

describe('CLI dispatch table', () => {
  it('each entry loads the group of the same name, whose summary it repeats', async () => {
    for (const [name, entry] of Object.entries(COMMANDS)) {
      const group = await entry.load();
      expect(group.name).toBe(name);
      expect(entry.summary, name).toBe(group.summary);
      expect(group.usage.length).toBeGreaterThan(0);
    }
    expect(Object.keys(COMMANDS)).toEqual(expect.arrayContaining(['kms', 'bucket', 'object']));
  });
});
