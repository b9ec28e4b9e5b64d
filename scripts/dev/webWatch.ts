import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
/** The web app's Vite config; also what finds a watcher in a process list. */
export const WEB_CONFIG = 'services/web/vite.config.mts';

/**
 * `vite build --watch` for the web app: dist/web is rebuilt on every change
 * under services/web (and the shared code it imports), and the API serves
 * whatever is there, so a reload shows the change. Its own process group,
 * stopped with the services.
 */
export function startWebWatch(env: NodeJS.ProcessEnv): ChildProcess {
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  return spawn(process.execPath, [vite, 'build', '--watch', '--config', WEB_CONFIG, '--logLevel', 'warn'], {
    cwd: ROOT,
    env,
    stdio: 'inherit',
    detached: true,
  });
}
