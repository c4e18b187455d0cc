/**
 * The S3 Encryption Client's envelope vocabulary: user-metadata keys (as aegis sees them —
 * lower-case, without `x-amz-meta-`) and the values that select algorithms.
 * Sources: aws-encryption-sdk-specification `s3-encryption/data-format/content-metadata.md`,
 * aws-sdk-go `s3crypto/envelope.go`, amazon-s3-encryption-client-java `MetadataKeyConstants.java`.
 */

/** V1 (client master key, AES/ECB or RSA): the wrapped data key. */
export const KEY_V1 = 'x-amz-key';
/** V2: the wrapped data key (for KMS, the KMS `CiphertextBlob`), base64. */
export const KEY_V2 = 'x-amz-key-v2';
export const IV = 'x-amz-iv';
export const MATDESC = 'x-amz-matdesc';
export const CEK_ALG = 'x-amz-cek-alg';
export const WRAP_ALG = 'x-amz-wrap-alg';
export const TAG_LEN = 'x-amz-tag-len';
export const UNENCRYPTED_LENGTH = 'x-amz-unencrypted-content-length';
/** Marks an object as the instruction file of another object. */
export const INSTRUCTION_FILE_MARKER = 'x-amz-crypto-instr-file';
/** `<key>` + this suffix holds the envelope when it is not in the object's metadata. */
export const INSTRUCTION_SUFFIX = '.instruction';

/** V3 (key-committing suites) compressed keys. */
export const V3_CONTENT_ALG = 'x-amz-c';
export const V3_KEY = 'x-amz-3';
export const V3_WRAP_ALG = 'x-amz-w';
export const V3_MATDESC = 'x-amz-m';
export const V3_KMS_CONTEXT = 'x-amz-t';
export const V3_COMMITMENT = 'x-amz-d';
export const V3_MESSAGE_ID = 'x-amz-i';

export const V3_KEYS = [V3_CONTENT_ALG, V3_KEY, V3_WRAP_ALG, V3_MATDESC, V3_KMS_CONTEXT, V3_COMMITMENT, V3_MESSAGE_ID] as const;

/** Every key an envelope may carry (V1, V2, V3). */
export const ENVELOPE_KEYS: readonly string[] = [
  KEY_V1, KEY_V2, IV, MATDESC, CEK_ALG, WRAP_ALG, TAG_LEN, ...V3_KEYS,
];

export const CEK_GCM = 'AES/GCM/NoPadding';
export const CEK_CBC = 'AES/CBC/PKCS5Padding';
/** Ruby and some other clients spell the CBC padding PKCS7; it is the same padding. */
export const CEK_CBC_PKCS7 = 'AES/CBC/PKCS7Padding';

export const WRAP_KMS_CONTEXT = 'kms+context';
export const WRAP_KMS = 'kms';

/** The reserved encryption-context key the v2 client binds the content algorithm with. */
export const CONTEXT_CEK_ALG = 'aws:x-amz-cek-alg';
/** Legacy `kms` wrap: matdesc (and KMS context) is `{"kms_cmk_id": <key id>}`. */
export const CONTEXT_CMK_ID = 'kms_cmk_id';

/** Wrap algorithms that use a client-held master key (aegis cannot and will not read them). */
export const CLIENT_KEY_WRAP_ALGS: Readonly<Record<string, string>> = {
  AESWrap: 'symmetric client master key (AESWrap)',
  'AES/GCM': 'symmetric client master key (AES/GCM key wrap)',
  'RSA/ECB/OAEPWithSHA-256AndMGF1Padding': 'RSA client master key (RSA-OAEP-SHA256)',
  'RSA-OAEP-SHA1': 'RSA client master key (RSA-OAEP-SHA1)',
  RSA: 'RSA client master key',
};

/** V3 `x-amz-w` codes. */
export const V3_WRAP_CODES: Readonly<Record<string, string>> = {
  '02': 'AES/GCM',
  '12': 'kms+context',
  '22': 'RSA-OAEP-SHA1',
};

/** V3 `x-amz-c` code of ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY (suite id 0x0073). */
export const V3_SUITE_COMMIT_KEY = '115';

/** True for `<key>.instruction`-style keys; scanners skip them as data files. */
export function isInstructionFileKey(key: string): boolean {
  return key.endsWith(INSTRUCTION_SUFFIX);
}
