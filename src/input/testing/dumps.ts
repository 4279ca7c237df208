/** Test support: dumps pasted as the tools print them, shared by the recognition and location tests. */

/** `hexdump -C rep.bin`: 16 bytes, 61 zero bytes, "end"; "*" stands for two lines of zeros */
export const HEXDUMP_REPEAT = [
  '00000000  57 53 20 66 72 61 6d 65  20 68 65 61 64 65 72 21  |WS frame header!|',
  '00000010  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|',
  '*',
  '00000040  00 00 00 00 00 00 00 00  00 00 00 00 00 65 6e 64  |.............end|',
  '00000050',
].join('\n')
