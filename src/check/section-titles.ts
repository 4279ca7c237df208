/** The sections in run order with Autobahn's titles (no case data, so pages can list them cheaply). */
export const SECTION_TITLES: readonly { id: string; title: string }[] = [
  { id: 'H', title: 'Opening handshake' },
  { id: '1', title: 'Framing' },
  { id: '2', title: 'Pings/Pongs' },
  { id: '3', title: 'Reserved bits' },
  { id: '4', title: 'Opcodes' },
  { id: '5', title: 'Fragmentation' },
  { id: '6', title: 'UTF-8 handling' },
  { id: '7', title: 'Close handling' },
  { id: '9', title: 'Limits/performance' },
  { id: '10', title: 'Auto-fragmentation' },
  { id: '12', title: 'WebSocket compression (different payloads)' },
  { id: '13', title: 'WebSocket compression (different parameters)' },
]
