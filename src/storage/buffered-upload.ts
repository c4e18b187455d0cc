/**
 * An {@link ObjectUpload} that collects the chunks in memory and writes them with one `put` on
 * `complete`: for stores without a streamed write of their own (test doubles, small objects).
 */
import type { ObjectStore, ObjectUpload, PutOptions } from './object-store.js';

export function bufferedUpload(store: Pick<ObjectStore, 'put'>, bucket: string, key: string, opts: PutOptions = {}): ObjectUpload {
  let chunks: Uint8Array[] | undefined = [];
  return {
    uri: `s3://${bucket}/${key}`,
    async write(chunk) {
      chunks?.push(chunk);
    },
    async complete() {
      const body = Buffer.concat(chunks ?? []);
      chunks = undefined;
      const r = await store.put(bucket, key, body, opts);
      return { ...r, size: body.length };
    },
    async abort() {
      chunks = undefined;
    },
  };
}
