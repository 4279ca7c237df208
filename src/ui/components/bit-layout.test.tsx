import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { annotateFrame } from '../../protocol/index.ts'
import { BitLayout, bitsToHex } from './bit-layout.tsx'

/** The visible text of each field cell, in order. */
function cells(bytes: number[]): string[] {
  const html = renderToStaticMarkup(<BitLayout fields={annotateFrame(new Uint8Array(bytes))!.fields} />)
  return [...html.matchAll(/<div[^>]*role="listitem"[^>]*>(.*?)<\/div>/g)].map((m) => m[1].replace(/<[^>]+>/g, ''))
}

describe('BitLayout', () => {
  // A masked client frame with 197 payload bytes: the payload runs over two diagram rows.
  const frame = [0x82, 0xfe, 0x00, 0xc5, 0x37, 0xfa, 0x21, 0x3d, ...new Array(197).fill(0)]

  it('says the payload size once, not again on its continuation row', () => {
    const payload = cells(frame).filter((c) => c.startsWith('Payload data'))
    expect(payload).toEqual(['Payload data197 bytes', 'Payload data (cont.)…'])
  })

  it('shows the masking key in hex beside its bits', () => {
    const key = cells(frame).filter((c) => c.startsWith('Masking-key'))
    expect(key).toEqual(['Masking-key37 fa 21 3d 00110111111110100010000100111101'])
  })

  it('groups bits into hex bytes', () => {
    expect(bitsToHex('0011011111111010')).toBe('37 fa')
  })
})
