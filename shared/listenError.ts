/** The settings that say where a server listens, by name, for the line that names them. */
export interface ListenSettings {
  /** e.g. `PORT` or `WORKER_METRICS_PORT` */
  port: string;
  /** e.g. `HOST` or `WORKER_METRICS_HOST` */
  host: string;
  /** What else the port setting takes, e.g. `or 0 for any free port`. */
  alternative: string;
}

/**
 * The one line a service prints when its server cannot listen: what went
 * wrong, in words, and which setting to change. No stack: the cause is the
 * machine, not the code.
 */
export function listenFailure(service: string, err: NodeJS.ErrnoException, settings: ListenSettings, host: string, port: number): string {
  const where = `${settings.port} ${port} on ${host}`;
  switch (err.code) {
    case 'EADDRINUSE':
      return `${service}: ${where} is taken (another program listens there): set ${settings.port} to a free port, ${settings.alternative}`;
    case 'EACCES':
      return `${service}: ${where} needs privileges this process lacks (ports below 1024 usually do): set ${settings.port} to a port above 1023`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return `${service}: ${settings.host} ${host} is not an address of this machine: set ${settings.host} to one (127.0.0.1, or 0.0.0.0 for every interface)`;
    default:
      return `${service}: cannot listen on ${host}:${port} (${err.code ?? err.message}): check ${settings.host} and ${settings.port}`;
  }
}

/** Prints `listenFailure(…)` on stderr and stops the process with exit code 1. */
export function exitCannotListen(service: string, err: NodeJS.ErrnoException, settings: ListenSettings, host: string, port: number): never {
  process.stderr.write(`${listenFailure(service, err, settings, host, port)}\n`);
  process.exit(1);
}
