import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { defaultWebDir } from '../../services/api/webApp';

const ROOT = path.resolve(__dirname, '..', '..');
/** What the web bundle is made of: its sources, the shared code it imports, the locked dependencies. */
const SOURCES = ['services/web', 'shared/domain', 'package-lock.json'].map((p) => path.join(ROOT, p));

function newestMtime(p: string): number {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(p).map((name) => newestMtime(path.join(p, name))));
}

let building: Promise<string> | undefined;

/**
 * The web app's build in dist/web (where the API serves it from), built now
 * with `npm run web:build` when missing or older than any of its sources, so
 * the browser tests always see the code under test. Once per test run.
 */
export function ensureWebBuild(): Promise<string> {
  building ??= (async () => {
    const dir = defaultWebDir();
    const index = path.join(dir, 'index.html');
    if (!fs.existsSync(index) || fs.statSync(index).mtimeMs < Math.max(...SOURCES.map(newestMtime))) {
      await promisify(execFile)(
        process.execPath,
        [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'services/web/vite.config.mts', '--logLevel', 'warn'],
        {
          cwd: ROOT,
          timeout: 120_000,
        },
      );
    }
    return dir;
  })();
  return building;
}
