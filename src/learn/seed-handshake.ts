/**
 * The opening handshake from the project's original brief, exactly as Chrome's devtools copied
 * it: a real exchange from a real browser. The handshake lab starts with it, the learn page
 * measures a polling client's request on it, and the tests check that it validates.
 */

/** The seed's devtools request block, as the browser copied it (no space after the colon). */
export const SEED_REQUEST = [
  'Request URL:wss://xdata.jcloud.com/exp/ws/standard?noteId=2CD1KS9C2_20170316-154552',
  'Request Method:GET',
  'Status Code:101 ',
  '',
  'Accept-Encoding:gzip, deflate, sdch, br',
  'Accept-Language:en-US,en;q=0.8,en-ZA;q=0.6',
  'Cache-Control:no-cache',
  'Connection:Upgrade',
  'Cookie: <too long, ignore it...>',
  'JCLOUD_LOCALSTORE=%7B%22jcloud_uuid%22%3A%22lhfei%22%7D; app.key=58D34122B37E11E59EC733AABDB34A57; streaming.name=active_users_stream; _gat=1; _ga=GA1.2.2092145710.1481871851',
  'Host:xdata.jcloud.com',
  'Origin:https://xdata.jcloud.com',
  'Pragma:no-cache',
  'Sec-WebSocket-Extensions:permessage-deflate; client_max_window_bits',
  'Sec-WebSocket-Key:1vussGWDtsH15oom9XZ4dA==',
  'Sec-WebSocket-Version:13',
  'Upgrade:websocket',
  'User-Agent:Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/56.0.2924.87 Safari/537.36',
].join('\n')

export const SEED_RESPONSE = [
  'Connection:upgrade',
  'Date:Thu, 16 Mar 2017 07:45:54 GMT',
  'Sec-WebSocket-Accept:l8FmF5BgtKZlWFMKwbxchPk1jhg=',
  'Sec-WebSocket-Extensions:permessage-deflate;client_max_window_bits=15',
  'Server:nginx/1.8.0',
  'Upgrade:websocket',
  '',
].join('\n')
