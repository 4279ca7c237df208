import { describe, expect, it } from 'vitest'
import { moveColumn, orderColumns } from './column-layout-store.ts'

const IDS = ['number', 'time', 'delta', 'type', 'summary', 'preview']

describe('column layout', () => {
  it('keeps the saved order, drops ids that no longer exist and puts new ones at their default place', () => {
    expect(orderColumns([], IDS)).toEqual(IDS)
    expect(orderColumns(['time', 'number', 'gone', 'preview', 'summary'], IDS)).toEqual(['time', 'delta', 'type', 'number', 'preview', 'summary'])
    expect(orderColumns(['preview', 'time'], IDS)).toEqual(['number', 'preview', 'time', 'delta', 'type', 'summary'])
  })

  it('moves a column to a place, clamped to the ends', () => {
    expect(moveColumn(IDS, 'time', 0)).toEqual(['time', 'number', 'delta', 'type', 'summary', 'preview'])
    expect(moveColumn(IDS, 'number', 99)).toEqual(['time', 'delta', 'type', 'summary', 'preview', 'number'])
    expect(moveColumn(IDS, 'number', -3)).toEqual(IDS)
    expect(moveColumn(IDS, 'unknown', 2)).toEqual(IDS)
  })
})
