export * from './api';
export * from './errors';
export * from './wire';
export * from './arn';
export * from './domains/app';
export * from './domains/session';
export * from './domains/status';
export * from './channels';
