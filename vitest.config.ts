import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Real servers (Ceph RGW, moto) are started once for the whole run.
    globalSetup: ['test/setup/global-setup.ts'],
  },
});
