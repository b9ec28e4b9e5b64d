import type { PlantKind } from '../../shared/models';

export interface BatchResult {
  index: number;
  status: 'accepted' | 'duplicate' | 'rejected';
  error?: string;
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

  async listPlants(limit = 200): Promise<Array<{ id: string; kind: PlantKind; status: string; name: string }>> {
    return (await this.call<{ data: Array<{ id: string; kind: PlantKind; status: string; name: string }> }>('GET', `/plants?limit=${limit}`)).data;
  }

  async createPlant(name: string, kind: PlantKind): Promise<{ id: string; kind: PlantKind }> {
    return this.call('POST', '/plants', { name, kind, room: 'Simulator' });
  }

  async sendBatch(readings: Array<{ plant_id: string; moisture: number; growth: number; recorded_at: string }>): Promise<BatchResult[]> {
    return (await this.call<{ results: BatchResult[] }>('POST', '/readings', { readings })).results;
  }
}
