import { describe, expect, it } from 'vitest'
import { parseHeaderLines } from './header-lines.ts'

describe('parseHeaderLines', () => {
  it('reads one "Name: value" per line, skipping blank lines', () => {
    expect(parseHeaderLines('Authorization: Bearer abc\n\n  Cookie: a=1; b=2  \n')).toEqual({
      ok: true,
      headers: [
        ['Authorization', 'Bearer abc'],
        ['Cookie', 'a=1; b=2'],
      ],
    })
  })

  it('says which line is not a header', () => {
    expect(parseHeaderLines('X-Ok: 1\nnot a header')).toEqual({ ok: false, message: 'Header line 2 (“not a header”) is not “Name: value”.' })
    expect(parseHeaderLines('Bad Name: 1')).toMatchObject({ ok: false })
  })
})
