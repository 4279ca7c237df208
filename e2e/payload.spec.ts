import { connect, expect, rows, send, sideTab, test, wsUrl } from './inspector-fixtures.ts'
import { pasteInto } from './console-errors.ts'

test.beforeEach(async ({ page }) => {
  await page.goto('/')
})

test('a Socket.IO scenario shows Protocol and Summary, hides heartbeats, links an ack to its event', async ({ page, errors }) => {
  await connect(page, wsUrl(page, '/scenario/socket-io'))
  await expect(rows(page)).toHaveCount(8)
  const event = rows(page).filter({ hasText: 'EVENT "news" [{"hello":"world"}]' })
  await expect(event).toHaveCount(1)
  await expect(event).toContainText('socket.io')
  // The server's event asking for an ack is flagged until answered.
  await expect(rows(page).filter({ hasText: 'EVENT "question" ["ready?"] ack 1' })).toContainText('no answer')
  await expect(rows(page).filter({ has: page.getByRole('gridcell', { name: 'PING', exact: true }) })).toHaveCount(2)

  await page.getByRole('checkbox', { name: 'Hide heartbeats' }).check()
  await expect(rows(page)).toHaveCount(6)
  await expect(rows(page).filter({ has: page.getByRole('gridcell', { name: 'PING', exact: true }) })).toHaveCount(0)

  // An event with an ack id: the scenario acknowledges it, and the two are linked.
  await send(page, 'Text', '427["chat","hi"]')
  const ack = rows(page).filter({ hasText: 'ACK 7 ["ok"]' })
  await expect(ack).toHaveCount(1)
  const chat = rows(page).filter({ hasText: 'EVENT "chat" ["hi"] ack 7' })
  await expect(chat).toContainText('↔')
  await chat.click()
  await sideTab(page, 'Decoded').click()
  const panel = page.getByRole('tabpanel')
  await expect(panel.getByRole('region', { name: 'Decoded payload' })).toContainText('engine.io › socket.io')
  await panel.getByRole('button', { name: /Go to answer/ }).click()
  await expect(ack).toHaveAttribute('aria-selected', 'true')
  await expect(panel.getByRole('button', { name: /Go to request/ })).toBeVisible()
  expect(errors).toEqual([])
})

test('a MessagePack message shows its decoded tree, bytes as hex', async ({ page, errors }) => {
  await connect(page, wsUrl(page, '/scenario/msgpack'))
  await expect(rows(page)).toHaveCount(2)
  await expect(rows(page).first()).toContainText('msgpack')
  await rows(page).first().click()
  await sideTab(page, 'Decoded').click()
  const tree = page.getByRole('tree', { name: 'Decoded value' })
  await expect(tree.getByRole('treeitem', { name: 'symbol: "ACME"', exact: true })).toHaveCount(1)
  await expect(tree.getByRole('treeitem', { name: 'cents: 12345', exact: true })).toHaveCount(1)
  await expect(tree.getByRole('treeitem', { name: 'raw: de ad (2 bytes)', exact: true })).toHaveCount(1)
  // A new choice decodes the log again (in the payload worker): the Protocol column follows it.
  const protocol = rows(page).first().getByRole('gridcell', { name: 'msgpack', exact: true })
  await expect(protocol).toHaveCount(1)
  await page.getByRole('combobox', { name: 'Payload decoder' }).selectOption('none')
  await expect(protocol).toHaveCount(0)
  await expect(rows(page).first().getByRole('gridcell', { name: '—', exact: true })).toHaveCount(1)
  await page.getByRole('combobox', { name: 'Payload decoder' }).selectOption('auto')
  await expect(protocol).toHaveCount(1)
  expect(errors).toEqual([])
})

test("a protobuf message with the user's .proto shows field names", async ({ page, errors }) => {
  await connect(page, wsUrl(page, '/scenario/protobuf'))
  await expect(rows(page)).toHaveCount(2)
  await rows(page).first().click()
  await sideTab(page, 'Decoded').click()
  const tree = page.getByRole('tree', { name: 'Decoded value' })
  await expect(tree.getByRole('treeitem', { name: '1: "ACME"', exact: true })).toHaveCount(1)
  await page.getByRole('button', { name: '.proto schema…' }).click()
  await page
    .getByRole('textbox', { name: '.proto file' })
    .fill('syntax = "proto3";\npackage demo;\nmessage Price { string symbol = 1; int64 cents = 2; repeated string tags = 3; }')
  await page.getByRole('textbox', { name: 'Message type' }).fill('demo.Price')
  await page.getByRole('button', { name: 'Use schema' }).click()
  await expect(tree.getByRole('treeitem', { name: 'symbol: "ACME"', exact: true })).toHaveCount(1)
  await expect(tree.getByRole('treeitem', { name: 'cents: 12345', exact: true })).toHaveCount(1)
  await expect(rows(page).first()).toContainText('demo.Price')
  expect(errors).toEqual([])
})

test.describe('decoder page', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] })
  test('decodes pasted frames down to the application message', async ({ page, errors }) => {
    await page.goto('/#/decoder')
    // A client text frame (masking key 0) carrying the Socket.IO event 42["chat","hi"].
    await pasteInto(page, 'Bytes', '81 8f 00 00 00 00 34 32 5b 22 63 68 61 74 22 2c 22 68 69 22 5d')
    const option = page.getByRole('listbox', { name: 'Messages' }).getByRole('option')
    await expect(option).toContainText('socket.io: EVENT "chat" ["hi"]')
    await page.getByRole('combobox', { name: 'Payload decoder' }).selectOption('none')
    await expect(option).not.toContainText('socket.io')
    expect(errors).toEqual([])
  })
})
