import { z } from 'zod';

/** AWS profiles and the open session (profile + account + region). */
export const ProfileKind = z.enum(['static', 'sso', 'assume-role', 'process', 'env', 'web-identity', 'demo', 'unknown']);
export type ProfileKind = z.infer<typeof ProfileKind>;

export const ProfileInfo = z.object({
  name: z.string(),
  kind: ProfileKind,
  region: z.string().nullable(),
  /** True when an endpoint override (endpoint_url, AWS_ENDPOINT_URL*) applies. */
  endpointOverride: z.boolean(),
  readOnly: z.boolean(),
  production: z.boolean(),
  /**
   * The account, once known: named by the profile (sso_account_id, the account in role_arn)
   * or learned from STS when the profile was opened in this run; null before that.
   */
  accountId: z.string().nullable(),
});
export type ProfileInfo = z.infer<typeof ProfileInfo>;

export const SessionInfo = z.object({
  profile: z.string(),
  kind: ProfileKind,
  region: z.string(),
  accountId: z.string(),
  /** The caller's ARN from STS GetCallerIdentity (an identity, not a secret). */
  callerArn: z.string(),
  readOnly: z.boolean(),
  production: z.boolean(),
  demo: z.boolean(),
  openedAt: z.number(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const Region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'not an AWS region name');

export const ProfileList = z.object({ profiles: z.array(ProfileInfo), defaultProfile: z.string().nullable(), regions: z.array(z.string()) });
export type ProfileList = z.infer<typeof ProfileList>;

export const sessionMethods = {
  'session.profiles': { args: z.object({}).strict(), result: ProfileList },
  'session.open': { args: z.object({ profile: z.string().min(1).max(200), region: Region.optional() }).strict(), result: SessionInfo },
  'session.current': { args: z.object({}).strict(), result: SessionInfo.nullable() },
} as const;

export const sessionEvents = {
  'session.changed': SessionInfo.nullable(),
  /**
   * The profiles changed: the shared config or credentials file was edited (watched by core),
   * or a profile's marks in Settings, or an account became known. The whole list, as
   * `session.profiles` answers; the open session is not touched.
   */
  'session.profilesChanged': ProfileList,
} as const;
