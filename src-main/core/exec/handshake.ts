import { GenerateDataKeyCommand, type GenerateDataKeyCommandOutput } from '@aws-sdk/client-kms';
import { DATA_KEY_BYTES, SessionCipher } from './session-cipher';

/**
 * The agent's HandshakeRequest and our HandshakeResponse (docs/ecs-exec-protocol.md,
 * "Handshake and KMS"). SessionType is accepted; KMSEncryption cannot be declined, so it
 * needs a data key from KMS; any other action is answered as the session-manager-plugin
 * answers it: ActionStatus left unset (0), the Unsupported status (3) as its ActionResult, an
 * "Unsupported action X" error, listed in Errors too. Wharf does not end the session over it:
 * the agent decides (it ends any session whose requested action did not succeed).
 */

export const ActionStatus = { Unset: 0, Success: 1, Failed: 2, Unsupported: 3 } as const;

export interface DataKeyProvider {
  generateDataKey(i: { keyId: string; numberOfBytes: number; encryptionContext: Record<string, string> }): Promise<{ plaintext: Uint8Array; ciphertextBlob: Uint8Array }>;
}

interface RequestedAction {
  ActionType?: unknown;
  ActionParameters?: unknown;
}

interface ProcessedAction {
  ActionType: string;
  ActionStatus: number;
  ActionResult: unknown;
  Error: string;
}

export interface HandshakeAnswer {
  response: { ClientVersion: string; ProcessedClientActions: ProcessedAction[]; Errors: string[] | null };
  /** Set when the agent asked for KMS encryption and we got a data key. */
  cipher: SessionCipher | null;
  /** A sentence for the person when an action failed and the session cannot go on. */
  failure: string | null;
}

export interface HandshakeContext {
  sessionId: string;
  /** The SSM target, `ecs:<cluster>_<taskId>_<runtimeId>` for ECS Exec. */
  targetId: string;
  clientVersion: string;
  kms?: DataKeyProvider;
}

export async function answerHandshake(request: unknown, ctx: HandshakeContext): Promise<HandshakeAnswer> {
  const actions = (request as { RequestedClientActions?: unknown })?.RequestedClientActions;
  const processed: ProcessedAction[] = [];
  // Every action's error, in order (the response's Errors); the ones that end the session here.
  const errors: string[] = [];
  const failures: string[] = [];
  let cipher: SessionCipher | null = null;
  for (const action of Array.isArray(actions) ? (actions as RequestedAction[]) : []) {
    const type = typeof action.ActionType === 'string' ? action.ActionType : 'Unknown';
    if (type === 'SessionType') {
      processed.push({ ActionType: type, ActionStatus: ActionStatus.Success, ActionResult: null, Error: '' });
    } else if (type === 'KMSEncryption') {
      const result = await kmsAction(action.ActionParameters, ctx);
      if ('error' in result) {
        errors.push(result.error);
        failures.push(result.error);
      } else cipher = result.cipher;
      processed.push({
        ActionType: type,
        ActionStatus: 'error' in result ? ActionStatus.Failed : ActionStatus.Success,
        ActionResult: 'error' in result ? null : { KMSCipherTextKey: result.blob },
        Error: 'error' in result ? result.error : '',
      });
    } else {
      const error = `Unsupported action ${type}`;
      processed.push({ ActionType: type, ActionStatus: ActionStatus.Unset, ActionResult: ActionStatus.Unsupported, Error: error });
      errors.push(error);
    }
  }
  return {
    response: { ClientVersion: ctx.clientVersion, ProcessedClientActions: processed, Errors: errors.length ? errors : null },
    cipher,
    // An action Wharf failed (KMS) ends the session here; an unknown one is the agent's call.
    failure: failures.length ? failures.join(' ') : null,
  };
}

async function kmsAction(params: unknown, ctx: HandshakeContext): Promise<{ cipher: SessionCipher; blob: string } | { error: string }> {
  const keyId = (params as { KMSKeyId?: unknown })?.KMSKeyId;
  if (typeof keyId !== 'string' || !keyId) return { error: 'The agent asked for KMS encryption without naming a KMS key.' };
  if (!ctx.kms) return { error: 'This session needs KMS encryption but Wharf has no KMS client for the profile.' };
  try {
    const key = await ctx.kms.generateDataKey({
      keyId,
      numberOfBytes: DATA_KEY_BYTES,
      encryptionContext: { 'aws:ssm:SessionId': ctx.sessionId, 'aws:ssm:TargetId': ctx.targetId },
    });
    return { cipher: new SessionCipher(key.plaintext), blob: Buffer.from(key.ciphertextBlob).toString('base64') };
  } catch (err) {
    const name = (err as { name?: string })?.name ?? 'Error';
    const message = err instanceof Error ? err.message : String(err);
    return {
      error: `KMS GenerateDataKey on ${keyId} failed (${name}: ${message}). The session's KMS key must allow kms:GenerateDataKey for your identity.`,
    };
  }
}

/** KMS through an `@aws-sdk/client-kms` client (or anything with the same `send`). */
export function kmsDataKeyProvider(kms: { send(command: GenerateDataKeyCommand): Promise<GenerateDataKeyCommandOutput> }): DataKeyProvider {
  return {
    async generateDataKey(i) {
      const out = await kms.send(new GenerateDataKeyCommand({ KeyId: i.keyId, NumberOfBytes: i.numberOfBytes, EncryptionContext: i.encryptionContext }));
      if (!out.Plaintext || !out.CiphertextBlob) throw new Error('GenerateDataKey returned no key.');
      return { plaintext: out.Plaintext, ciphertextBlob: out.CiphertextBlob };
    },
  };
}
