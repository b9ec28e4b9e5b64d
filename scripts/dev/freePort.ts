import net from 'node:net';

/** A TCP port on `host` that nothing listens on right now. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** True when a server could listen on `host:port` right now. */
export function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

/**
 * The port a development server should take: `preferred` when it is free on
 * `host`, else any free port (`moved` says so, for the banner). 0 asks for any
 * free port, chosen here so the runner knows which.
 */
export async function choosePort(preferred: number, host: string): Promise<{ port: number; moved: boolean }> {
  if (preferred !== 0 && (await canListen(preferred, host))) return { port: preferred, moved: false };
  return { port: await freePort(host), moved: preferred !== 0 };
}
