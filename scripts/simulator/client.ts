import type { PlantKind } from '../../shared/domain/plants';

export interface BatchResult {
  index: number;
  status: 'accepted' | 'duplicate' | 'rejected';
  error?: string;
}

/** A plant as GET /plants lists it, the fields the simulator reads. */
export interface ListedPlant {
  id: string;
  name: string;
  kind: PlantKind;
  status: string;
  last_water: string | null;
}

/** The few Rootly API calls a gateway makes, authenticated with an API token. */
export class RootlyClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(new URL(`/api/v1${path}`, this.baseUrl), {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 200)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async listPlants(limit = 200): Promise<ListedPlant[]> {
    return (await this.call<{ data: ListedPlant[] }>('GET', `/plants?limit=${limit}`)).data;
  }

  async createPlant(name: string, kind: PlantKind): Promise<ListedPlant> {
    return this.call('POST', '/plants', { name, kind, room: 'Simulator' });
  }

  /** Logs a watering at `at` (a person watered the plant then; may be in the past). */
  async logWatering(plantId: string, at: Date): Promise<void> {
    await this.call('POST', `/plants/${plantId}/water`, { at: at.toISOString() });
  }

  async sendBatch(readings: Array<{ plant_id: string; moisture: number; growth: number; recorded_at: string }>): Promise<BatchResult[]> {
    return (await this.call<{ results: BatchResult[] }>('POST', '/readings', { readings })).results;
  }
}
