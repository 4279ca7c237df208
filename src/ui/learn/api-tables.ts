/** The HTML5 WebSocket API tables of the project's brief: attributes, events, methods. */
export const API_ATTRIBUTES = [
  {
    name: 'readyState',
    description:
      '0 (CONNECTING): the connection is not yet established. 1 (OPEN): established, communication is possible. 2 (CLOSING): going through the closing handshake. 3 (CLOSED): closed, or could not be opened.',
  },
  { name: 'bufferedAmount', description: 'The number of bytes of data queued with send() but not yet sent on the network.' },
] as const

export const API_EVENTS = [
  { event: 'open', handler: 'onopen', description: 'The connection is established.' },
  { event: 'message', handler: 'onmessage', description: 'The client received data from the server.' },
  { event: 'error', handler: 'onerror', description: 'An error occurred in the communication.' },
  { event: 'close', handler: 'onclose', description: 'The connection is closed.' },
] as const

export const API_METHODS = [
  { name: 'send(data)', description: 'Transmits data over the connection.' },
  { name: 'close(code, reason)', description: 'Starts the closing handshake, or ends an attempt to connect.' },
] as const
