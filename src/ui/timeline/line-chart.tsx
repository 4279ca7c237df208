/** A small SVG line chart: a few series over a shared time range, with the latest and peak values. */
export interface Series {
  label: string
  /** A CSS colour (a theme variable). */
  color: string
  points: readonly (readonly [t: number, value: number])[]
}

interface LineChartProps {
  title: string
  series: Series[]
  from: number
  to: number
  format: (value: number) => string
  height?: number
}

const WIDTH = 600

export function LineChart({ title, series, from, to, format, height = 70 }: LineChartProps) {
  const max = Math.max(1e-9, ...series.flatMap((s) => s.points.map((p) => p[1])))
  const x = (t: number) => ((t - from) / Math.max(1, to - from)) * WIDTH
  const y = (v: number) => height - 2 - (v / max) * (height - 4)
  const hasData = series.some((s) => s.points.length > 0)
  return (
    <figure className="line-chart">
      <figcaption>
        <span>{title}</span>
        {series.map((s) => (
          <span key={s.label} className="legend">
            <span className="swatch" style={{ background: s.color }} />
            {s.label}: {s.points.length ? format(s.points[s.points.length - 1][1]) : '—'}
          </span>
        ))}
        <span className="muted legend">peak {hasData ? format(max) : '—'}</span>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} preserveAspectRatio="none" role="img" aria-label={`${title} over time`} height={height}>
        <line x1={0} x2={WIDTH} y1={height - 1} y2={height - 1} className="axis" />
        {series.map((s) => (
          <g key={s.label} stroke={s.color}>
            <polyline
              fill="none"
              strokeWidth={1.5}
              vectorEffect="non-scaling-stroke"
              points={s.points.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}
            />
            {/* A few points would make no visible line: mark each one. */}
            {s.points.length < 30 &&
              s.points.map(([t, v]) => (
                <line key={t} x1={x(t)} x2={x(t)} y1={y(v)} y2={y(v)} strokeWidth={5} strokeLinecap="round" vectorEffect="non-scaling-stroke" />
              ))}
          </g>
        ))}
      </svg>
    </figure>
  )
}
