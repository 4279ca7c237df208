import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applyRules, rulesNeedMeaning } from './apply-rules.ts'
import { parseRules, parseRulesText } from './rules.ts'
import { rulesOf } from './testing/rules-of.ts'

const text = (s: string) => new TextEncoder().encode(s)
const str = (b: Uint8Array) => new TextDecoder().decode(b)

describe('parseRules', () => {
  it('reads the rules of the contract, with replace as the default action', () => {
    const parsed = parseRulesText(
      JSON.stringify([
        { direction: 'client', match: '"price":\\s*\\d+', replace: '"price": 0' },
        { direction: 'server', match: '^heartbeat$', action: 'drop' },
        { direction: 'both', match: '"type":"order"', action: 'break' },
        { direction: 'server', match: { hex: 'de ad BE:ef' }, replace: { hex: '00' } },
      ]),
    )
    const rules = parsed.ok ? parsed.value : []
    expect(rules.map((r) => [r.direction, r.action, r.match?.kind])).toEqual([
      ['client', 'replace', 'regex'],
      ['server', 'drop', 'regex'],
      ['both', 'break', 'regex'],
      ['server', 'replace', 'hex'],
    ])
    expect(parseRules({ rules: [] })).toEqual({ ok: true, value: [] })
  })

  it.each([
    ['{', /^not JSON: /],
    ['{"direction":"client"}', /^rules must be a JSON array/],
    ['[1]', /^rule 1: must be an object, not 1$/],
    ['[{"direction":"up","match":"x","action":"drop"}]', /^rule 1: "direction" must be "client", "server" or "both", not "up"$/],
    ['[{"direction":"client","match":"(","action":"drop"}]', /^rule 1: "match" is not a valid regular expression: /],
    ['[{"direction":"client","match":"x"}]', /^rule 1: has neither "action" nor "replace"/],
    ['[{"direction":"client","match":"x","action":"replace"}]', /^rule 1: "action": "replace" needs a "replace" value$/],
    ['[{"direction":"client","match":"x","action":"drop","replace":"y"}]', /^rule 1: "replace" is only used with "action": "replace", not "drop"$/],
    ['[{"direction":"client","match":"x","action":"hold"}]', /^rule 1: "action" must be "replace", "drop" or "break", not "hold"$/],
    ['[{"direction":"client","match":{"hex":"abc"},"action":"drop"}]', /^rule 1: "match" \{"hex": "abc"\} is not hexadecimal bytes/],
    ['[{"direction":"client","match":{"hex":"ab"},"replace":"text"}]', /^rule 1: a \{"hex": …\} rule replaces with \{"hex": "…"\}/],
    ['[{"direction":"client","match":"a","replace":{"hex":"00"}}]', /^rule 1: a regular-expression rule replaces with a string/],
    ['[{"direction":"client","match":"a","action":"drop"},{"direction":"client","match":"a","action":"drop","when":1}]', /^rule 2: unknown key "when"/],
    ['[{"direction":"client","match":"","action":"drop"}]', /^rule 1: "match" is empty/],
    ['[{"direction":"client","kind":"chatter","action":"break"}]', /^rule 1: "kind" must be one of "data", "event", .* not "chatter"$/],
    ['[{"direction":"client","decoder":"a b","action":"break"}]', /^rule 1: "decoder" must be a payload decoder id/],
    ['[{"direction":"client","kind":"event","replace":"x"}]', /^rule 1: "action": "replace" needs a "match" to replace$/],
    ['[{"direction":"client","action":"break"}]', /^rule 1: "match" must be a regular expression string/],
  ])('refuses %s with one specific line', (input, message) => {
    const parsed = parseRulesText(input)
    expect(parsed.ok).toBe(false)
    const error = parsed.ok ? '' : parsed.error
    expect(error).toMatch(message)
    expect(error).not.toContain('\n')
  })

  it('never throws on arbitrary JSON: rules or one line saying why not', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        const parsed = parseRules(json)
        if (!parsed.ok) expect(parsed.error).not.toContain('\n')
      }),
    )
  })
})

describe('applyRules', () => {
  const rules = rulesOf([
    { direction: 'client', match: '"price":\\s*(\\d+)', replace: '"price": 0, "was": $1' },
    { direction: 'server', match: '^heartbeat$', action: 'drop' },
    { direction: 'both', match: '"type":"order"', action: 'break' },
    { direction: 'server', match: { hex: 'dead' }, replace: { hex: 'beef00' } },
    { direction: 'client', match: 'disabled', action: 'drop', enabled: false },
  ])

  it('replaces with groups, in the rule’s direction only', () => {
    const out = applyRules(rules, 'client', 'text', text('{"price": 42, "price":7}'))
    expect(out.kind).toBe('replace')
    expect(str((out as { data: Uint8Array }).data)).toBe('{"price": 0, "was": 42, "price": 0, "was": 7}')
    expect(applyRules(rules, 'server', 'text', text('{"price": 42}'))).toEqual({ kind: 'pass' })
  })

  it('drops, breaks (after the replaces before it) and skips disabled rules', () => {
    expect(applyRules(rules, 'server', 'text', text('heartbeat'))).toMatchObject({ kind: 'drop', rule: 1 })
    expect(applyRules(rules, 'client', 'text', text('heartbeat'))).toEqual({ kind: 'pass' })
    const held = applyRules(rules, 'client', 'text', text('{"type":"order","price":5}'))
    expect(held).toMatchObject({ kind: 'break', rule: 2, replaced: [0] })
    expect(str((held as { data: Uint8Array }).data)).toBe('{"type":"order","price": 0, "was": 5}')
    expect(applyRules(rules, 'client', 'text', text('disabled'))).toEqual({ kind: 'pass' })
  })

  it('matches hex patterns anywhere in binary messages only', () => {
    const out = applyRules(rules, 'server', 'binary', new Uint8Array([1, 0xde, 0xad, 2, 0xde, 0xad]))
    expect(out).toMatchObject({ kind: 'replace', rules: [3] })
    expect([...(out as { data: Uint8Array }).data]).toEqual([1, 0xbe, 0xef, 0, 2, 0xbe, 0xef, 0])
    expect(applyRules(rules, 'server', 'text', text('\u00de\u00ad'))).toEqual({ kind: 'pass' })
    expect(applyRules(rules, 'server', 'binary', text('heartbeat'))).toEqual({ kind: 'pass' })
  })

  it('narrows rules by what payload decoding made of the message, asking it once', () => {
    const byMeaning = rulesOf([
      { direction: 'client', decoder: 'socket.io', kind: 'heartbeat', action: 'drop' },
      { direction: 'both', kind: 'event', match: 'order', action: 'break' },
      { direction: 'server', decoder: 'mqtt', action: 'break' },
    ])
    let asked = 0
    const meaning = (decoder: string | null, kind: string) => () => (asked++, { decoder, kind })
    expect(applyRules(byMeaning, 'client', 'text', text('3'), meaning('socket.io', 'heartbeat'))).toMatchObject({ kind: 'drop', rule: 0 })
    expect(applyRules(byMeaning, 'client', 'text', text('3'), meaning('engine.io', 'heartbeat'))).toEqual({ kind: 'pass' })
    expect(applyRules(byMeaning, 'client', 'text', text('42["order"]'), meaning('socket.io', 'event'))).toMatchObject({ kind: 'break', rule: 1 })
    expect(applyRules(byMeaning, 'client', 'text', text('42["chat"]'), meaning('socket.io', 'event'))).toEqual({ kind: 'pass' })
    expect(applyRules(byMeaning, 'server', 'binary', new Uint8Array([0xd0, 0]), meaning('mqtt', 'heartbeat'))).toMatchObject({ kind: 'break', rule: 2 })
    expect(asked).toBe(5)
    // Without payload decoding, such rules never match.
    expect(applyRules(byMeaning, 'server', 'binary', new Uint8Array([0xd0, 0]))).toEqual({ kind: 'pass' })
    expect(rulesNeedMeaning(byMeaning, 'server')).toBe(true)
    expect(rulesNeedMeaning(rules, 'server')).toBe(false)
  })

  it('leaves invalid UTF-8 alone (the decoder reports it)', () => {
    expect(applyRules(rules, 'server', 'text', new Uint8Array([0x68, 0xff]))).toEqual({ kind: 'pass' })
  })
})
