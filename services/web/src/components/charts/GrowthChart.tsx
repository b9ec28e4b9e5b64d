import type uPlot from 'uplot';
import { shortDateTime } from '../../lib/time';
import { axis, timeAxis, useUplot } from './useUplot';

/** Growth readings over the chosen range (times in ms, oldest first). */
export function GrowthChart({ points, from, to }: { points: Array<{ t: number; growth: number }>; from: Date; to: Date }) {
  const data: uPlot.AlignedData = [points.map((p) => p.t / 1000), points.map((p) => p.growth)];
  const ref = useUplot(
    (width) => ({
      width,
      height: width < 500 ? 160 : 200,
      scales: { x: { time: true, range: [from.getTime() / 1000, to.getTime() / 1000] } },
      axes: [timeAxis(to.getTime() - from.getTime()), axis({ size: 52 })],
      series: [
        { label: 'Time', value: (_u, v) => (v === null ? '–' : shortDateTime(new Date(v * 1000))) },
        {
          label: 'Growth',
          stroke: '#6b8f3e',
          width: 2,
          points: { show: true, size: 5 },
          value: (_u, v) => (v === null ? '–' : String(Math.round(v * 100) / 100)),
        },
      ],
      cursor: { y: false, drag: { x: false, y: false } },
    }),
    data,
    [points, from.getTime(), to.getTime()],
  );
  const latest = points[points.length - 1];
  return (
    <figure class="chart">
      <div ref={ref} class="chart__plot" />
      <figcaption class="chart__caption">
        {latest ? `${points.length} growth ${points.length === 1 ? 'reading' : 'readings'}, latest ${Math.round(latest.growth * 100) / 100}` : ''}
      </figcaption>
    </figure>
  );
}
