/** Records the Athena API keeps in the warehouse catalog. */

export interface AccessKeyRecord {
  accessKeyId: string;
  /** The principal requests signed with this key act as (KMS key policies, bucket policies). */
  principal: string;
  /** The secret access key, AES-GCM wrapped by the warehouse master key (base64). */
  wrappedSecret: string;
  createTime: Date;
}

export interface PreparedStatementRecord {
  workgroup: string;
  name: string;
  query: string;
  description?: string;
  lastModified: Date;
}
