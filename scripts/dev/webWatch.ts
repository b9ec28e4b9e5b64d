import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * `vite build --watch` for the web app: dist/web is rebuilt on every change
 * under services/web (and the shared code it imports), and the API serves
 * whatever is there, so a reload shows the change. Its own process group,
 * stopped with the services.
 */
export function startWebWatch(env: NodeJS.ProcessEnv): ChildProcess {
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  return spawn(process.execPath, [vite, 'build', '--watch', '--config', 'services/web/vite.config.mts', '--logLevel', 'warn'], {
    cwd: ROOT,
    env,
    stdio: 'inherit',
    detached: true,
  });
}
