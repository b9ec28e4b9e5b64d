import type uPlot from 'uplot';
import { percent, STATUS_COLOURS } from '../../lib/plants';
import { shortDateTime } from '../../lib/time';
import { axis, timeAxis, useUplot } from './useUplot';

export interface MoistureChartProps {
  /** The API's buckets, oldest first: times in ms, each bucket's lowest, highest and mean moisture (fractions). */
  points: Array<{ t: number; min: number; max: number; avg: number }>;
  /** Watering times in ms (detected and logged). */
  waterings: number[];
  dry: number;
  soon: number;
  from: Date;
  to: Date;
}

const pct = (_u: uPlot, v: number | null) => (v === null || v === undefined ? '–' : `${Math.round(v)} %`);

/** The kind's dry and soon lines across the whole plot, named at the left end: soon above its line, dry below (they may be close). */
function drawThresholds(lines: Array<{ value: number; label: string; colour: string; dash: number[]; below: boolean }>) {
  return (u: uPlot) => {
    const { ctx, bbox } = u;
    const px = devicePixelRatio;
    ctx.save();
    ctx.font = `600 ${11 * px}px system-ui, sans-serif`;
    ctx.textAlign = 'left'; // the axes leave it as they drew their own labels
    for (const line of lines) {
      const y = Math.round(u.valToPos(line.value * 100, 'y', true));
      ctx.strokeStyle = line.colour;
      ctx.fillStyle = line.colour;
      ctx.lineWidth = 1.5 * px;
      ctx.setLineDash(line.dash.map((d) => d * px));
      ctx.beginPath();
      ctx.moveTo(bbox.left, y);
      ctx.lineTo(bbox.left + bbox.width, y);
      ctx.stroke();
      ctx.textBaseline = line.below ? 'top' : 'bottom';
      ctx.fillText(line.label, bbox.left + 6 * px, line.below ? y + 3 * px : y - 3 * px);
    }
    ctx.restore();
  };
}

/** Vertical dashed lines with a drop at the top for each watering in view. */
function drawWaterings(waterings: number[]) {
  return (u: uPlot) => {
    const { ctx, bbox } = u;
    ctx.save();
    ctx.strokeStyle = STATUS_COLOURS.watered;
    ctx.fillStyle = STATUS_COLOURS.watered;
    ctx.lineWidth = 2 * devicePixelRatio;
    ctx.setLineDash([4 * devicePixelRatio, 4 * devicePixelRatio]);
    for (const t of waterings) {
      const x = u.valToPos(t / 1000, 'x', true);
      if (x < bbox.left || x > bbox.left + bbox.width) continue;
      ctx.beginPath();
      ctx.moveTo(x, bbox.top + 10 * devicePixelRatio);
      ctx.lineTo(x, bbox.top + bbox.height);
      ctx.stroke();
      // A drop: a circle with a point on top.
      const r = 5 * devicePixelRatio;
      const y = bbox.top + 8 * devicePixelRatio;
      ctx.beginPath();
      ctx.moveTo(x, y - 2 * r);
      ctx.quadraticCurveTo(x + r, y - r / 2, x + r, y);
      ctx.arc(x, y, r, 0, Math.PI);
      ctx.quadraticCurveTo(x - r, y - r / 2, x, y - 2 * r);
      ctx.fill();
    }
    ctx.restore();
  };
}

/**
 * Moisture over the chosen range, downsampled by the API: the mean of each
 * bucket as a line in the band from its lowest to its highest reading, with
 * the kind's dry and soon lines and a marker at every watering; hovering shows
 * the values in the legend. The caption says the same in words.
 */
export function MoistureChart({ points, waterings, dry, soon, from, to }: MoistureChartProps) {
  const xs = points.map((p) => p.t / 1000);
  const data: uPlot.AlignedData = [xs, points.map((p) => p.avg * 100), points.map((p) => p.min * 100), points.map((p) => p.max * 100)];
  const ref = useUplot(
    (width) => ({
      width,
      height: width < 500 ? 200 : 260,
      scales: { x: { time: true, range: [from.getTime() / 1000, to.getTime() / 1000] }, y: { range: [0, 100] } },
      axes: [timeAxis(to.getTime() - from.getTime()), axis({ values: (_u, vals) => vals.map((v) => `${v} %`), size: 52 })],
      series: [
        { label: 'Time', value: (_u, v) => (v === null ? '–' : shortDateTime(new Date(v * 1000))) },
        { label: 'Moisture', stroke: '#2f6b45', width: 2, fill: 'rgba(62, 142, 90, 0.10)', value: pct, points: { show: points.length * 10 < width } },
        { label: 'Lowest', stroke: 'rgba(62, 142, 90, 0.35)', width: 1, value: pct, points: { show: false } },
        { label: 'Highest', stroke: 'rgba(62, 142, 90, 0.35)', width: 1, value: pct, points: { show: false } },
      ],
      bands: [{ series: [3, 2], fill: 'rgba(62, 142, 90, 0.14)' }],
      cursor: { y: false, drag: { x: false, y: false } },
      hooks: {
        drawAxes: [
          drawThresholds([
            { value: dry, label: `dry ${percent(dry)}`, colour: STATUS_COLOURS.dry, dash: [8, 5], below: true },
            { value: soon, label: `soon ${percent(soon)}`, colour: STATUS_COLOURS.soon, dash: [2, 4], below: false },
          ]),
        ],
        draw: [drawWaterings(waterings)],
      },
    }),
    data,
    [points, waterings, dry, soon, from.getTime(), to.getTime()],
  );
  const latest = points[points.length - 1];
  const inView = waterings.filter((t) => t >= from.getTime() && t <= to.getTime());
  return (
    <figure class="chart">
      <div ref={ref} class="chart__plot" />
      <figcaption class="chart__caption">
        {latest ? `Latest ${percent(latest.avg)} around ${shortDateTime(new Date(latest.t))}` : 'No moisture readings in this range'}
        {` · dry below ${percent(dry)}, soon below ${percent(soon)} · `}
        <span class="chart__drop" style={{ '--status': STATUS_COLOURS.watered }} aria-hidden="true" />
        {inView.length === 0
          ? 'no watering in this range'
          : `${inView.length} ${inView.length === 1 ? 'watering' : 'waterings'}: ${inView.map((t) => shortDateTime(new Date(t))).join(', ')}`}
      </figcaption>
    </figure>
  );
}
