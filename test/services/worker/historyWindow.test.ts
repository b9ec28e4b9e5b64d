import { expect } from 'chai';
import { computeStatus, detectWateringEvents, GROWTH_LIMIT, type PlantSnapshot, type ReadingPoint, type StatusResult } from '../../../shared/domain/status';
import { computeFromHistory, HISTORY_CAP_MS, windowStart } from '../../../services/worker/recompute/historyWindow';
import type { History, WindowHistory } from '../../../shared/stores';
import { prng } from '../../support/prng';
import { INSIGHTS_LOOKBACK_MS } from '../../../shared/domain/insights';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 10, 1, 6, 0, 0);
const at = (h: number) => new Date(T0 + Math.round(h * HOUR));
const NOW = at(24 * 8);
const r = (h: number, moisture: number | null, growth: number | null = null): ReadingPoint => ({ recorded_at: at(h), moisture, growth });
const PLANT: PlantSnapshot = { kind: 'monstera', status: 'thriving', every: 7, moisture: 0.5, last_water: null, growth: [] };

/**
 * A plant's stored history, as the database holds it (one reading per
 * instant, the first one kept), read the way the worker's queries read it.
 */
class Store {
  readonly readings = new Map<number, ReadingPoint>();
  readonly waterings = new Set<number>();
  /** [since, before) of every widening read. */
  readonly widenings: Array<[number, number]> = [];

  /** Stores a batch; returns the marker it sets (its earliest new time), or null when nothing was new. */
  add(readings: ReadingPoint[], waterings: Date[] = []): number | null {
    const fresh: number[] = [];
    for (const x of readings) {
      const t = x.recorded_at.getTime();
      if (!this.readings.has(t)) (this.readings.set(t, x), fresh.push(t));
    }
    for (const w of waterings) if (!this.waterings.has(w.getTime())) (this.waterings.add(w.getTime()), fresh.push(w.getTime()));
    return fresh.length === 0 ? null : Math.min(...fresh);
  }

  all(): History {
    return { readings: this.sorted(), waterings: [...this.waterings].sort((a, b) => a - b).map((t) => new Date(t)) };
  }

  /** The first read, by its contract in historyWindow.ts. */
  window(from: number, lookback?: number): WindowHistory {
    const since = windowStart(new Date(from), lookback);
    const readings = this.sorted().filter((x) => x.recorded_at.getTime() >= since);
    const waterings = this.all().waterings.filter((w) => w.getTime() >= since);
    const fresh = readings.some((x) => x.growth !== null && x.recorded_at.getTime() >= from);
    const room = GROWTH_LIMIT - readings.filter((x) => x.growth !== null).length;
    const older = this.sorted().filter((x) => x.recorded_at.getTime() < since && x.growth !== null);
    const olderGrowth = fresh && room > 0 ? older.slice(-room).map((x) => ({ recorded_at: x.recorded_at, growth: x.growth! })) : [];
    return { readings, waterings, olderGrowth };
  }

  readonly earlier = async (since: number, before: number): Promise<History> => {
    this.widenings.push([since, before]);
    const inRange = (t: number) => t >= since && t < before;
    return {
      readings: this.sorted()
        .filter((x) => inRange(x.recorded_at.getTime()) && x.moisture !== null)
        .map((x) => ({ recorded_at: x.recorded_at, moisture: x.moisture, growth: null })),
      waterings: this.all().waterings.filter((w) => inRange(w.getTime())),
    };
  };

  private sorted(): ReadingPoint[] {
    return [...this.readings.values()].sort((a, b) => a.recorded_at.getTime() - b.recorded_at.getTime());
  }
}

/** The worker, batch by batch: each recompute starts from the row the previous one stored. */
class Worker {
  readonly store = new Store();
  state: PlantSnapshot;
  result: StatusResult | undefined;
  constructor(
    readonly initial: PlantSnapshot = PLANT,
    /** How far before the marker the first window is read (the worker reads 6 h, or further back to hold the sensor's newest readings). */
    readonly lookback?: number,
  ) {
    this.state = initial;
  }

  async deliver(readings: ReadingPoint[], waterings: Date[] = []): Promise<void> {
    const from = this.store.add(readings, waterings);
    if (from === null) return;
    const { result } = await computeFromHistory(this.state, new Date(from), NOW, this.store.window(from, this.lookback), this.store.earlier, this.lookback);
    this.result = result;
    this.state = { ...this.state, moisture: result.moisture, status: result.status, last_water: result.last_water, growth: result.growth };
  }

  /** computeStatus over everything stored, from the plant as it was before any of it. */
  whole(): StatusResult {
    return computeStatus({ plant: this.initial, ...this.store.all(), now: NOW });
  }
}

describe('historyWindow: the part of the history a recompute reads', () => {
  describe('a watering chain across the 6 h cut before the marker', () => {
    // Watered at 0 h, topped up at 4 h and 8 h (each under 6 h after the last
    // event): one watering, dated 0 h. The 8 h rise is over a low at 6 h.
    const first = [r(-1, 0.2), r(0, 0.6), r(3, 0.2), r(4, 0.6), r(6, 0.2), r(8, 0.4), r(9, 0.3), r(10, 0.3), r(11, 0.3), r(12, 0.3)];

    it('has the events the cases below rely on', () => {
      expect(detectWateringEvents(first)).to.deep.equal([at(0), at(4), at(8)]);
      expect(detectWateringEvents([...first, r(13, 0.46)]).slice(-2)).to.deep.equal([at(8), at(13)]);
    });

    it('keeps the stored watering when a new event is under 6 h after the last one, where the window alone would start a new one', async () => {
      const w = new Worker();
      await w.deliver(first);
      expect(w.state.last_water).to.deep.equal(at(0));
      await w.deliver([r(13, 0.46)]);
      expect(w.result!.last_water).to.deep.equal(at(0));
      expect(w.result).to.deep.equal(w.whole());
      // The first window, [7 h, ∞), cannot see the 8 h event (its low is at 6 h), so alone it breaks the chain.
      const alone = computeStatus({ plant: { ...PLANT, last_water: at(0) }, ...w.store.window(at(13).getTime()), now: NOW });
      expect(alone.last_water).to.deep.equal(at(13));
      // One widening, by 6 h, is enough to see the 4 h and 8 h events.
      expect(w.store.widenings).to.deep.equal([[at(1).getTime(), at(7).getTime()]]);
    });

    it('starts a new watering when the new event is 6 h or more after the last one', async () => {
      const w = new Worker();
      await w.deliver(first);
      await w.deliver([r(14.5, 0.46)]);
      expect(w.result!.last_water).to.deep.equal(at(14.5));
      expect(w.result).to.deep.equal(w.whole());
      // Widened once, to 12 h before the new event, where nothing chains to it: no further.
      expect(w.store.widenings).to.deep.equal([[at(2.5).getTime(), at(8.5).getTime()]]);
    });

    it('moves back to the first event when a late batch reveals the start of the same watering', async () => {
      const w = new Worker();
      await w.deliver([r(10, 0.2), r(11, 0.6), r(12, 0.55)]);
      expect(w.state.last_water).to.deep.equal(at(11));
      await w.deliver([r(6, 0.15), r(7, 0.5), r(8, 0.2)]); // an event at 7 h, 4 h before: the same watering
      expect(w.result!.last_water).to.deep.equal(at(7));
      expect(w.result).to.deep.equal(w.whole());
    });
  });

  it('reads one window and no more while nothing is near a watering', async () => {
    const w = new Worker({ ...PLANT, last_water: at(-100) });
    const drying = Array.from({ length: 48 }, (_, i) => r(i / 2, Math.round((0.7 - i * 0.005) * 1000) / 1000, i % 6 === 0 ? i : null));
    for (let i = 0; i < drying.length; i += 4) await w.deliver(drying.slice(i, i + 4));
    expect(w.result).to.deep.equal(w.whole());
    expect(w.store.widenings).to.deep.equal([]);
  });

  it(`never reads further back than HISTORY_CAP_MS before the marker, even along a longer chain`, async () => {
    // Moisture swings every hour for 60 h: an event every 2 h, one watering from hour 1.
    const swings = Array.from({ length: 60 }, (_, h) => r(h, h % 2 ? 0.4 : 0.2));
    const w = new Worker();
    await w.deliver(swings.slice(0, 50));
    await w.deliver(swings.slice(50));
    const from = at(50).getTime();
    expect(Math.min(...w.store.widenings.map(([since]) => since))).to.equal(from - HISTORY_CAP_MS);
  });

  describe('growth', () => {
    const growthOnly = (hours: number[]) => hours.map((h) => r(h, null, 1000 + h));

    it(`keeps the newest ${GROWTH_LIMIT} values in recorded_at order, across batches`, async () => {
      const w = new Worker();
      const hours = Array.from({ length: 150 }, (_, i) => i);
      for (let i = 0; i < hours.length; i += 10) await w.deliver(growthOnly(hours.slice(i, i + 10)));
      expect(w.state.growth).to.deep.equal(hours.slice(50).map((h) => 1000 + h));
      expect(w.result).to.deep.equal(w.whole());
    });

    it('puts a late value among the newest in its place, and leaves out one older than all of them', async () => {
      const w = new Worker();
      await w.deliver(growthOnly(Array.from({ length: 120 }, (_, i) => i)));
      await w.deliver(growthOnly([80.5]));
      const expected = [...Array.from({ length: 120 }, (_, i) => i), 80.5].sort((a, b) => a - b).slice(-GROWTH_LIMIT);
      expect(w.state.growth).to.deep.equal(expected.map((h) => 1000 + h));
      expect(w.result).to.deep.equal(w.whole());
      await w.deliver(growthOnly([5.5]));
      expect(w.state.growth).to.deep.equal(expected.map((h) => 1000 + h));
      expect(w.result).to.deep.equal(w.whole());
    });

    it('keeps a stored array no reading has replaced, and replaces it with the first growth reading', async () => {
      const w = new Worker({ ...PLANT, growth: [7, 8, 9] });
      await w.deliver([r(1, 0.5), r(2, 0.49)]);
      expect(w.state.growth).to.deep.equal([7, 8, 9]);
      await w.deliver([r(3, 0.48, 12)]);
      expect(w.state.growth).to.deep.equal([12]);
      expect(w.result).to.deep.equal(w.whole());
    });
  });

  describe('against the whole history, step by step, on generated plants', () => {
    /**
     * Five days of a sensor every 10–30 min drying a plant that is watered
     * every day or two, sometimes topped up a few hours later (chains), with
     * growth now and then, and logged waterings near some of the rises.
     */
    function plantLife(rand: () => number): { readings: ReadingPoint[]; waterings: Date[] } {
      const readings: ReadingPoint[] = [];
      const waterings: Date[] = [];
      let m = 0.45;
      let nextWatering = 10 + rand() * 30;
      for (let h = 0; h < 120; h += (10 + Math.floor(rand() * 20)) / 60) {
        if (h >= nextWatering) {
          m = Math.min(1, m + 0.2 + rand() * 0.3);
          if (rand() < 0.3) waterings.push(at(h - rand()));
          nextWatering = h + (rand() < 0.35 ? 2 + rand() * 6 : 18 + rand() * 30);
        } else m = Math.max(0, m - 0.002 - rand() * 0.008 + (rand() < 0.05 ? 0.06 : 0));
        readings.push(r(h, Math.round(m * 1000) / 1000, rand() < 0.2 ? Math.round(rand() * 5000) / 10 : null));
      }
      return { readings, waterings };
    }

    /** Batches as gateways send them: mostly in order, sometimes late, sometimes all at once. */
    function deliveries(life: ReturnType<typeof plantLife>, rand: () => number): Array<[ReadingPoint[], Date[]]> {
      const out: Array<[ReadingPoint[], Date[]]> = [];
      let logged = 0;
      for (let i = 0; i < life.readings.length;) {
        const n = 1 + Math.floor(rand() * 12);
        const batch = life.readings.slice(i, i + n);
        // A logged watering comes with the first batch that reaches its time.
        const end = batch[batch.length - 1]!.recorded_at.getTime();
        const waterings: Date[] = [];
        while (logged < life.waterings.length && life.waterings[logged]!.getTime() <= end) waterings.push(life.waterings[logged++]!);
        out.push([batch, waterings]);
        i += n;
      }
      // Hold back a few batches and send them later, out of order.
      for (let k = 0; k < 4; k++) {
        const j = Math.floor(rand() * (out.length - 3));
        const [held] = out.splice(j, 1);
        out.splice(Math.min(out.length, j + 1 + Math.floor(rand() * 6)), 0, held!);
      }
      return out;
    }

    for (const [seed, lookback] of [1, 2, 3, 4, 5, 6, 7, 8].flatMap((seed) => [[seed, undefined] as const, [seed, INSIGHTS_LOOKBACK_MS] as const])) {
      it(`matches computeStatus over everything stored, after every batch (seed ${seed}, first window ${lookback ? '24 h, as the insights read' : '6 h'})`, async () => {
        const rand = prng(seed);
        const life = plantLife(rand);
        const w = new Worker({ ...PLANT, kind: 'pothos', every: 2 }, lookback);
        let steps = 0;
        for (const [readings, waterings] of deliveries(life, rand)) {
          await w.deliver(readings, waterings);
          expect(w.result, `after batch ${steps} (seed ${seed})`).to.deep.equal(w.whole());
          steps++;
        }
        expect(w.store.readings.size).to.equal(life.readings.length);
        expect(w.store.waterings.size).to.equal(life.waterings.length);
        expect(w.result!.last_water, 'the plant was watered').to.not.equal(null);
      });
    }

    it('widens the window only now and then (the scenarios do exercise it)', async () => {
      let recomputes = 0;
      let widened = 0;
      for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
        const rand = prng(seed);
        const w = new Worker({ ...PLANT, kind: 'pothos', every: 2 });
        for (const [readings, waterings] of deliveries(plantLife(rand), rand)) {
          const before = w.store.widenings.length;
          await w.deliver(readings, waterings);
          recomputes++;
          if (w.store.widenings.length > before) widened++;
        }
      }
      expect(widened).to.be.greaterThan(0);
      expect(widened / recomputes).to.be.lessThan(0.25);
    });
  });
});
