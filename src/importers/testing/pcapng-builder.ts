import { concatBytes } from '../../protocol/index.ts'

/**
 * Test support: pcapng files block by block, in either byte order, so tests can put any
 * block (and any mistake) where they want it.
 */
export class PcapngBuilder {
  private readonly blocks: Uint8Array[] = []

  constructor(private readonly littleEndian = true) {
    this.section()
  }

  /** A Section Header Block (a new section resets the interfaces). */
  section(): this {
    const body = new Uint8Array(16)
    const view = new DataView(body.buffer)
    view.setUint32(0, 0x1a2b3c4d, this.littleEndian)
    view.setUint16(4, 1, this.littleEndian)
    view.setInt32(8, -1, this.littleEndian)
    view.setInt32(12, -1, this.littleEndian)
    return this.block(0x0a0d0d0a, body)
  }

  /** An Interface Description Block; `tsresol` is the raw if_tsresol byte. */
  interface(linkType: number, options: { tsresol?: number; tsoffsetSeconds?: number; snapLength?: number } = {}): this {
    const opts: Uint8Array[] = []
    if (options.tsresol !== undefined) opts.push(this.option(9, new Uint8Array([options.tsresol])))
    if (options.tsoffsetSeconds !== undefined) {
      const value = new Uint8Array(8)
      new DataView(value.buffer).setBigInt64(0, BigInt(options.tsoffsetSeconds), this.littleEndian)
      opts.push(this.option(14, value))
    }
    if (opts.length) opts.push(new Uint8Array(4)) // opt_endofopt
    const body = new Uint8Array(8 + opts.reduce((n, o) => n + o.length, 0))
    const view = new DataView(body.buffer)
    view.setUint16(0, linkType, this.littleEndian)
    view.setUint32(4, options.snapLength ?? 262144, this.littleEndian)
    let p = 8
    for (const o of opts) {
      body.set(o, p)
      p += o.length
    }
    return this.block(1, body)
  }

  /** An Enhanced Packet Block with a raw timestamp in the interface's units. */
  enhanced(interfaceId: number, timestamp: bigint, data: Uint8Array): this {
    return this.block(6, this.packetBody(interfaceId, timestamp, data, false))
  }

  /** The obsolete Packet Block (16-bit interface id and drops count). */
  obsolete(interfaceId: number, timestamp: bigint, data: Uint8Array): this {
    return this.block(2, this.packetBody(interfaceId, timestamp, data, true))
  }

  simple(data: Uint8Array): this {
    const body = new Uint8Array(4 + pad(data.length))
    new DataView(body.buffer).setUint32(0, data.length, this.littleEndian)
    body.set(data, 4)
    return this.block(3, body)
  }

  /** Any block, e.g. one of a type readers must skip. */
  block(type: number, body: Uint8Array): this {
    const length = 12 + pad(body.length)
    const out = new Uint8Array(length)
    const view = new DataView(out.buffer)
    view.setUint32(0, type, this.littleEndian)
    view.setUint32(4, length, this.littleEndian)
    out.set(body, 8)
    view.setUint32(length - 4, length, this.littleEndian)
    this.blocks.push(out)
    return this
  }

  toBytes(): Uint8Array {
    return concatBytes(this.blocks)
  }

  private packetBody(interfaceId: number, timestamp: bigint, data: Uint8Array, obsolete: boolean): Uint8Array {
    const body = new Uint8Array(20 + pad(data.length))
    const view = new DataView(body.buffer)
    if (obsolete) view.setUint16(0, interfaceId, this.littleEndian)
    else view.setUint32(0, interfaceId, this.littleEndian)
    view.setUint32(4, Number(timestamp >> 32n), this.littleEndian)
    view.setUint32(8, Number(timestamp & 0xffffffffn), this.littleEndian)
    view.setUint32(12, data.length, this.littleEndian)
    view.setUint32(16, data.length, this.littleEndian)
    body.set(data, 20)
    return body
  }

  private option(code: number, value: Uint8Array): Uint8Array {
    const out = new Uint8Array(4 + pad(value.length))
    const view = new DataView(out.buffer)
    view.setUint16(0, code, this.littleEndian)
    view.setUint16(2, value.length, this.littleEndian)
    out.set(value, 4)
    return out
  }
}

function pad(n: number): number {
  return (n + 3) & ~3
}
