import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import { isRange, loadHistory, type Range } from '../api/history';
import { ApiError } from '../api/problem';
import type { Plant } from '../api/types';
import { navigate, setQuery, type Place } from '../app/router';
import { Alert } from '../components/Alert';
import { GrowthChart } from '../components/charts/GrowthChart';
import { MoistureChart } from '../components/charts/MoistureChart';
import { EventsTimeline } from '../components/EventsTimeline';
import { PlantHeader } from '../components/PlantHeader';
import { PlantNow } from '../components/PlantNow';
import { RangeSwitch } from '../components/RangeSwitch';
import { WaterForm } from '../components/WaterForm';
import { THRESHOLDS, wateringTimes } from '../lib/plants';
import { useLiveStream } from '../lib/useLiveStream';
import { useLoad } from '../lib/useLoad';
import { formErrors } from './formErrors';
import { NotFoundPage } from './NotFoundPage';

/** Only when the API serves no live stream: after a write, look again a few times while the worker recomputes. */
const FOLLOW_UP_MS = [800, 2_000, 5_000];

/** One plant: its state, charts, events and what a person can do to it. */
export function PlantPage({ id, place, caps }: { id: string; place: Place; caps: { events: boolean; stream: boolean } }) {
  const range: Range = isRange(place.query.get('range')) ? (place.query.get('range') as Range) : '7d';
  const plant = useLoad(() => api.plant(id), [id]);
  const [version, setVersion] = useState(0);
  const history = useLoad(() => loadHistory(id, range), [id, range, version]);
  const events = useLoad(() => (caps.events ? api.events(id) : Promise.resolve(null)), [id, caps.events, version]);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string }>();
  const [waterError, setWaterError] = useState<string>();
  const timers = useRef<Array<ReturnType<typeof setTimeout>>>([]);
  useEffect(() => () => timers.current.forEach(clearTimeout), []);

  const refresh = () => {
    void plant.reload();
    setVersion((v) => v + 1);
  };
  useLiveStream(caps.stream, (e) => e.plant_id === id && refresh(), refresh);
  /** Reload now; the stream brings what the worker changes next (without one, look again a few times). */
  const followUp = () => {
    refresh();
    if (caps.stream) return;
    timers.current.forEach(clearTimeout);
    timers.current = FOLLOW_UP_MS.map((ms) => setTimeout(refresh, ms));
  };
  const act = async (what: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setMessage(undefined);
    try {
      await what();
      setMessage({ tone: 'success', text: done });
      followUp();
    } catch (err) {
      setMessage({ tone: 'error', text: formErrors(err).message ?? 'That did not work.' });
    } finally {
      setBusy(false);
    }
  };

  const remove = async (doomed: Plant) => {
    setBusy(true);
    try {
      await api.deletePlant(doomed.id);
      navigate('/plants');
    } catch (err) {
      setMessage({ tone: 'error', text: formErrors(err).message ?? 'That did not work.' });
      setBusy(false);
    }
  };

  if (plant.error instanceof ApiError && plant.error.status === 404) return <NotFoundPage what="plant" />;
  const p: Plant | undefined = plant.data;
  if (!p) return <p class="muted page">Loading…</p>;
  const limits = THRESHOLDS[p.kind];
  const now = new Date();
  const moisture = history.data?.moisture ?? [];
  const growth = history.data?.growth ?? [];
  const waterings = wateringTimes(history.data?.waterings ?? [], p.last_water);

  return (
    <div class="page">
      <p class="back">
        <a href="/plants">← All plants</a>
      </p>
      <PlantHeader
        plant={p}
        busy={busy}
        onRest={() => act(() => api.updatePlant(p.id, { status: 'resting' }).then(plant.set), `${p.name} is resting: no reminders until you wake it.`)}
        onWake={() => act(() => api.updatePlant(p.id, { status: 'thriving' }).then(plant.set), `${p.name} is awake again.`)}
        onDelete={() => void remove(p)}
      />
      {message && <Alert tone={message.tone}>{message.text}</Alert>}

      <div class="plant-layout">
        <PlantNow plant={p} now={now} />
        <section class="card" aria-labelledby="water-title">
          <h2 id="water-title">Log watering</h2>
          <WaterForm
            busy={busy}
            error={waterError}
            onLog={(at) =>
              act(
                async () => {
                  setWaterError(undefined);
                  try {
                    await api.logWatering(p.id, at);
                  } catch (err) {
                    setWaterError(formErrors(err).fields.at);
                    throw err;
                  }
                },
                `Watering logged${at ? ` for ${new Date(at).toLocaleString()}` : ''}.`,
              )
            }
          />
        </section>
      </div>

      <section class="card" aria-labelledby="moisture-title">
        <div class="card__head">
          <h2 id="moisture-title">Moisture</h2>
          <RangeSwitch value={range} onChange={(r) => setQuery({ range: r === '7d' ? undefined : r })} />
        </div>
        {!history.data ? (
          <p class="muted chart-placeholder">Loading readings…</p>
        ) : moisture.length === 0 ? (
          <p class="muted chart-placeholder">No moisture readings in this range yet. Readings arrive from a gateway (see Gateways) or the API.</p>
        ) : (
          <MoistureChart points={moisture} waterings={waterings} dry={limits.dry} soon={limits.soon} from={history.data.from} to={history.data.to} />
        )}
      </section>

      <section class="card" aria-labelledby="growth-title">
        <h2 id="growth-title">Growth</h2>
        {history.data && growth.length > 0 ? (
          <GrowthChart points={growth} from={history.data.from} to={history.data.to} />
        ) : (
          <p class="muted">No growth readings in this range.</p>
        )}
      </section>

      {caps.events && events.data && (
        <section class="card" aria-labelledby="events-title">
          <h2 id="events-title">Events</h2>
          <EventsTimeline events={events.data.data} now={now} />
        </section>
      )}
    </div>
  );
}
