/**
 * A tiny live chart of values in 0..1 as an inline SVG polyline, with a threshold line. Drawn by
 * hand: a 40-line component is lighter than a charting library on the per-frame path.
 */
export function Sparkline({
  values,
  threshold,
  width = 240,
  height = 48,
}: {
  values: number[];
  threshold: number;
  width?: number;
  height?: number;
}) {
  const n = Math.max(values.length - 1, 1);
  const points = values
    .map((v, i) => `${((i / n) * width).toFixed(1)},${((1 - v) * height).toFixed(1)}`)
    .join(' ');
  const ty = (1 - threshold) * height;
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label="Smoothed not-road probability"
    >
      <line x1={0} x2={width} y1={ty} y2={ty} className="threshold" />
      <polyline points={points} fill="none" className="trace" />
    </svg>
  );
}
