/**
 * The review's charts, as SVG so that they print as vectors (CSS-drawn bars lose their
 * backgrounds in print unless the person ticks "Background graphics"). Hand-written like
 * components/charts.tsx, for the same reason: two small static charts do not need a library.
 */

/** Horizontal SVG bars of shares 0–1, with each bar's name and text. */
export function ShareBars({
  items,
  label,
  width = 520,
}: {
  items: { name: string; value: number | null; text: string }[];
  label: string;
  width?: number;
}) {
  const row = 20;
  const nameW = 170;
  const textW = 60;
  const track = width - nameW - textW - 8;
  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`0 0 ${width} ${items.length * row}`}
      width="100%"
      height={items.length * row}
      className="rv-bars"
    >
      {items.map((it, i) => (
        <g key={it.name} transform={`translate(0 ${i * row})`}>
          <text x={0} y={14} className="rv-bar-name">
            {it.name}
          </text>
          <rect x={nameW} y={5} width={track} height={10} rx={5} fill="var(--hb-border)" />
          <rect
            x={nameW}
            y={5}
            width={Math.max(0, Math.min(1, it.value ?? 0)) * track}
            height={10}
            rx={5}
            fill="var(--hb-accent)"
          />
          <text x={width} y={14} textAnchor="end" className="rv-bar-text">
            {it.text}
          </text>
        </g>
      ))}
    </svg>
  );
}
