/**
 * Lists the data objects under a table or partition location the way Athena does: every object
 * below the prefix (sub-folders included), sorted by key, skipping folder markers (`dir/`,
 * `dir_$folder$`), hidden files and folders (a path segment starting with `_` or `.`), and the
 * envelope files of client-side encrypted objects (`*.instruction`).
 */
import { isInstructionFileKey } from '../crypto/index.js';
import type { ListEntry, ObjectStore } from '../storage/object-store.js';
import { parseS3Uri } from '../storage/s3-uri.js';

export interface DataObject extends ListEntry {
  bucket: string;
  uri: string;
}

/** Whether a key below `prefix` is a data object Athena would read. */
export function isDataKey(key: string, prefix: string): boolean {
  if (key.endsWith('/') || key.endsWith('_$folder$') || isInstructionFileKey(key)) return false;
  const rest = key.slice(prefix.length);
  return !rest.split('/').some((seg) => seg.startsWith('_') || seg.startsWith('.'));
}

/** All data objects under `location` (`s3://bucket/prefix/`), sorted by key. */
export async function listDataObjects(store: ObjectStore, location: string): Promise<DataObject[]> {
  const { bucket, key } = parseS3Uri(location);
  const prefix = key === '' || key.endsWith('/') ? key : `${key}/`;
  const out: DataObject[] = [];
  let token: string | undefined;
  do {
    const page = await store.list(bucket, { prefix, ...(token ? { continuationToken: token } : {}) });
    for (const o of page.objects) {
      if (isDataKey(o.key, prefix)) out.push({ ...o, bucket, uri: `s3://${bucket}/${o.key}` });
    }
    token = page.nextContinuationToken;
  } while (token);
  out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return out;
}
