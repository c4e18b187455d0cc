/**
 * crypto/: classify an object's encryption, decide whether aegis reads it, open (decrypt) it,
 * and seal (encrypt) objects in the S3 Encryption Client V2 format.
 */
export { classify, hasEnvelopeHint, hasMetadataEnvelope, needsInstructionFile } from './classify.js';
export { ALLOW_LEGACY_CSE_PROPERTY, decide, type DecideContext, type ReadDecision, type ReadPolicy } from './decide.js';
export { DataKeyCache, type UnwrappedKey } from './data-key-cache.js';
export { describeEncryption } from './encryption-descriptor.js';
export type {
  CseKmsEnvelope,
  EncryptionDescriptor,
  EncryptionMode,
  EnvelopeLocation,
} from './encryption-descriptor.js';
export { CEK_GCM, isInstructionFileKey, INSTRUCTION_SUFFIX } from './envelope-keys.js';
export { openObject, openRange, probeObject, readCiphertextRange, readInstructionFile, type OpenedObject, type OpenedRange, type ProbedObject, type ReadContext } from './open-object.js';
export { putSealed, seal, type SealedObject, type SealOptions } from './seal.js';
export { SecretBytes } from './secret.js';
export { contentDecryptionFailed } from './content-cipher.js';
export { checkPlaintextLength, unwrapCseKey, type CseContentKey } from './cse-kms-decrypt.js';
export { GcmPartDecryptor, gcmTagMatches, gcmTagOfParts, planGcmParts, type GcmPart } from './gcm-parts.js';
