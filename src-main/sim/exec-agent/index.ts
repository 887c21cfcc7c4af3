export { ExecAgent, type CreateSessionInput } from './exec-agent';
