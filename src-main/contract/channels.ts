/** The Electron IPC channel names; preload and main use only these. No imports: the
 * sandboxed preload bundles this file and must not pull in any package. */
export const IPC_CALL_CHANNEL = 'wharf:call';
export const IPC_EVENT_CHANNEL = 'wharf:event';

/**
 * Browser mode's WebSocket subprotocols. The page offers both: the server selects
 * `WS_PROTOCOL` and reads the token from the second (`wharf.token.<token>`). The token rides
 * in the handshake's `Sec-WebSocket-Protocol` header, never in a URL or a cookie (cookies
 * ignore ports: every server on 127.0.0.1 would receive it).
 */
export const WS_PROTOCOL = 'wharf.v1';
export const WS_TOKEN_PROTOCOL_PREFIX = 'wharf.token.';

/** Close codes browser mode uses, with a reason a person can read. */
export const WS_CLOSE_TOO_MANY_SOCKETS = 1013; // "Try Again Later"
export const WS_CLOSE_TOO_MANY_CALLS = 1008; // "Policy Violation"
