import { useLayoutEffect, useRef, useState, type KeyboardEvent, type PointerEvent, type RefObject } from 'react'
import './split-handle.css'

interface SplitHandleProps {
  /** The separator's accessible name. */
  label: string
  min: number
  max: number
  /** Sets the width of the pane after the handle (the handle sits between two side-by-side panes). */
  onChange: (width: number) => void
  /** Double-click: back to the default width. */
  onReset: () => void
}

/** Arrow keys move the split by this many pixels (Shift: four times as much). */
const KEY_STEP = 16

/**
 * The WAI-ARIA window splitter between two panes: drag it, or focus it and use the arrow keys,
 * Home and End. Its value is the width of the pane after it, measured, so it is right whether
 * that width was set or follows the window.
 */
export function SplitHandle({ label, min, max, onChange, onReset }: SplitHandleProps) {
  const handle = useRef<HTMLDivElement>(null)
  const width = usePaneWidth(handle)
  // The width last asked for: keys pressed faster than the pane is measured again add up.
  const asked = useRef<number | null>(null)
  const current = asked.current ?? width
  const drag = useRef<{ x: number; width: number } | null>(null)
  const set = (w: number) => {
    asked.current = Math.round(Math.max(min, Math.min(max, w)))
    onChange(asked.current)
  }
  useLayoutEffect(() => {
    asked.current = null
  }, [width])
  const onPointerDown = (e: PointerEvent) => {
    e.preventDefault()
    handle.current!.setPointerCapture(e.pointerId)
    handle.current!.focus()
    drag.current = { x: e.clientX, width: current }
  }
  const onPointerMove = (e: PointerEvent) => {
    // Right pane: moving the handle left widens it.
    if (drag.current) set(drag.current.width - (e.clientX - drag.current.x))
  }
  const onKeyDown = (e: KeyboardEvent) => {
    const step = KEY_STEP * (e.shiftKey ? 4 : 1)
    const next = { ArrowLeft: current + step, ArrowRight: current - step, Home: max, End: min }[e.key]
    if (next === undefined) return
    e.preventDefault()
    set(next)
  }
  return (
    <div
      ref={handle}
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuenow={width}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      className="split-handle"
      title="Drag, or use the arrow keys; double-click for the default"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={() => (drag.current = null)}
      onKeyDown={onKeyDown}
      onDoubleClick={onReset}
    />
  )
}

/** The rendered width of the element after the handle. */
function usePaneWidth(handle: RefObject<HTMLDivElement | null>): number {
  const [width, setWidth] = useState(0)
  useLayoutEffect(() => {
    const pane = handle.current!.nextElementSibling!
    const measure = () => setWidth(Math.round(pane.getBoundingClientRect().width))
    // At once (the observer reports only after the next paint), then on every change.
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(pane)
    return () => observer.disconnect()
  }, [handle])
  return width
}
