export { ExecAgent, type ExecAgentOptions, type CreateSessionInput, type AgentSessionInfo, type AgentModes } from './exec-agent';
