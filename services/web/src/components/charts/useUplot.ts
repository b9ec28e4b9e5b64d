import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/**
 * Draws a uPlot chart into the returned element, as wide as the element and
 * following its width; rebuilt when `deps` change. Chart options that depend
 * on the width (tick spacing) come from `make`.
 */
export function useUplot(make: (width: number) => uPlot.Options, data: uPlot.AlignedData, deps: unknown[]) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const width = () => Math.max(240, Math.floor(el.clientWidth));
    const plot = new uPlot(make(width()), data, el);
    const resize = new ResizeObserver(() => plot.setSize({ width: width(), height: plot.height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, deps);
  return ref;
}

/** A y axis and grid in the app's quiet colours. */
export const axis = (extra: Partial<uPlot.Axis> = {}): uPlot.Axis => ({
  stroke: '#5a6b5f',
  grid: { stroke: '#e7e2d6', width: 1 },
  ticks: { stroke: '#e7e2d6', width: 1 },
  font: '12px system-ui, sans-serif',
  ...extra,
});

const DAY_S = 86_400;

/**
 * The time axis in the reader's own locale: hours over a day ("14:00"),
 * days over a week or a month ("Mon 25"), instead of uPlot's US defaults.
 */
export function timeAxis(spanMs: number): uPlot.Axis {
  const days = spanMs > 2 * DAY_S * 1000;
  const hour = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
  const day = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric' });
  const monthDay = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
  return axis({
    space: days ? 50 : 60,
    // Whole days (or hours) as ticks, aligned to the reader's midnight by uPlot's time scale.
    incrs: days ? [DAY_S, 2 * DAY_S, 3 * DAY_S, 7 * DAY_S] : [3_600, 2 * 3_600, 3 * 3_600, 6 * 3_600, 12 * 3_600],
    values: (_u, splits) => splits.map((s) => (days ? (spanMs > 10 * DAY_S * 1000 ? monthDay : day) : hour).format(new Date(s * 1000))),
  });
}
