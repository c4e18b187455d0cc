/**
 * Starts the real servers the integration and contract suites use, once per test run:
 * Ceph RGW (two regions) and moto's KMS. Their endpoints reach the test files through env vars:
 *   AEGIS_TEST_RGW       http://127.0.0.1:<port> (us-east-1)
 *   AEGIS_TEST_RGW_EU    http://127.0.0.1:<port> (eu-west-1)
 *   AEGIS_TEST_MOTO      http://127.0.0.1:<port>
 * Set AEGIS_TEST_SERVERS=0 to skip them for a quick local run (suites that need them then skip;
 * .ci/run always starts them).
 */
import { startCephRgw } from './ceph-rgw.js';
import { startMoto } from './moto.js';

export default async function setup(): Promise<() => Promise<void>> {
  const stops: (() => Promise<void>)[] = [];
  if (process.env.AEGIS_TEST_SERVERS !== '0') {
    const [rgw, moto] = await Promise.all([startCephRgw(), startMoto()]);
    if (rgw) {
      process.env.AEGIS_TEST_RGW = rgw.endpoint;
      process.env.AEGIS_TEST_RGW_EU = rgw.endpointEu;
      stops.push(rgw.stop);
    }
    if (moto) {
      process.env.AEGIS_TEST_MOTO = moto.endpoint;
      stops.push(moto.stop);
    }
  }
  return async () => {
    for (const s of stops) await s();
  };
}
