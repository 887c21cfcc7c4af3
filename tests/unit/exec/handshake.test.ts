import { describe, expect, it } from 'vitest';
import { answerHandshake, ActionStatus, type DataKeyProvider } from '../../../src-main/core/exec/handshake';

const ctx = { sessionId: 'ecs-execute-command-0123', targetId: 'ecs:c_t_r', clientVersion: 'wharf-test' };

describe('the handshake answer', () => {
  it('answers an action it does not know as the plugin does: ActionStatus unset (0), Unsupported (3) as the result, listed in Errors, and goes on', async () => {
    const answer = await answerHandshake(
      {
        AgentVersion: '3.3.0.0',
        RequestedClientActions: [
          { ActionType: 'SessionType', ActionParameters: { SessionType: 'InteractiveCommands' } },
          { ActionType: 'FutureAction', ActionParameters: {} },
        ],
      },
      ctx,
    );
    expect(answer.response).toEqual({
      ClientVersion: 'wharf-test',
      ProcessedClientActions: [
        { ActionType: 'SessionType', ActionStatus: ActionStatus.Success, ActionResult: null, Error: '' },
        { ActionType: 'FutureAction', ActionStatus: 0, ActionResult: 3, Error: 'Unsupported action FutureAction' },
      ],
      Errors: ['Unsupported action FutureAction'],
    });
    // The agent decides what an unsupported action means; Wharf does not end the session over it.
    expect(answer.failure).toBeNull();
    // On the wire, ActionStatus is present as 0 (Go's zero value), not left out.
    expect(JSON.stringify(answer.response)).toContain('"ActionType":"FutureAction","ActionStatus":0,"ActionResult":3');
  });

  it('still fails a KMS action it cannot do, and ends the session over it', async () => {
    const kms: DataKeyProvider = { generateDataKey: async () => Promise.reject(Object.assign(new Error('denied'), { name: 'AccessDeniedException' })) };
    const answer = await answerHandshake({ RequestedClientActions: [{ ActionType: 'KMSEncryption', ActionParameters: { KMSKeyId: 'alias/exec' } }] }, { ...ctx, kms });
    expect(answer.response.ProcessedClientActions[0]).toMatchObject({ ActionType: 'KMSEncryption', ActionStatus: ActionStatus.Failed, ActionResult: null });
    expect(answer.failure).toMatch(/AccessDeniedException: denied/);
    expect(answer.response.Errors).toEqual([answer.failure]);
  });
});
