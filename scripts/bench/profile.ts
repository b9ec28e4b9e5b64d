import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';

/** A V8 CPU profile, as the inspector's Profiler.stop gives it (the fields used here). */
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string } }>;
  samples: number[];
  timeDeltas: number[];
}

/**
 * Runs `fn` under V8's sampling profiler, in this process, and says where the
 * busy samples went: the `top` owners by self time (a package, a file of
 * Rootly's, or V8's own: garbage collection, socket writes), as shares of
 * the busy time; idle (waiting for PostgreSQL or Redis) and the profiler's
 * own dispatch are left out. For
 * bench figures whose measured side runs in the bench process (figure 3's
 * recomputes), when BENCH_PROFILE is set: the sampling slows that side by a
 * few per cent.
 */
export async function profiled<T>(fn: () => Promise<T>, top = 8): Promise<{ result: T; owners: string }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    const result = await fn();
    const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
    return { result, owners: ownersOf(profile, top) };
  } finally {
    session.disconnect();
  }
}

/** The owners (as `profiled` gives them) of the CPU profile a process wrote with --cpu-prof into `dir`, or null if it wrote none. */
export function ownersOfProfileIn(dir: string, top = 10): string | null {
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  return file === undefined ? null : ownersOf(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as CpuProfile, top);
}

/** "ioredis 12 %, garbage collector 9 %, …" of the busy samples. */
function ownersOf(profile: CpuProfile, top: number): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const owners = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!;
    const owner = ownerOf(frame);
    if (owner === null) return;
    const dt = profile.timeDeltas[i] ?? 0;
    busy += dt;
    owners.set(owner, (owners.get(owner) ?? 0) + dt);
  });
  return [...owners]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([owner, t]) => `${owner} ${((100 * t) / busy).toFixed(0)} %`)
    .join(', ');
}

/** Who owns a frame: an npm package, a repo directory (services/worker, shared/domain…), or V8's own; null for idle. */
function ownerOf(frame: { functionName: string; url: string }): string | null {
  const { functionName, url } = frame;
  // Idle, and the inspector's own dispatch of the profile (this session, in this process).
  if (functionName === '(idle)' || (functionName === 'dispatch' && url === '')) return null;
  if (functionName === '(garbage collector)') return 'garbage collector';
  if (['writev', 'writeBuffer', 'writeString', 'writeUtf8String', 'writeLatin1String'].includes(functionName)) return 'socket writes';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const own = /\/(services\/[^/]+|shared\/[^/]+|scripts\/bench)\//.exec(url);
  if (own) return own[1]!;
  return url.startsWith('node:') ? 'node' : 'V8 and natives';
}
