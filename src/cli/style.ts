import { styleText } from 'node:util'

type Style = Parameters<typeof styleText>[0]

/** Colour for terminals only: never when piped, or when NO_COLOR is set. */
export function makeStyler(stream: NodeJS.WriteStream): (style: Style, text: string) => string {
  const enabled = Boolean(stream.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb'
  return (style, text) => (enabled ? styleText(style, text) : text)
}
