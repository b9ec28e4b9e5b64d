import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium package (what .ci/run installs). */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

function executable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The Chromium the browser tests drive, looked up in order: CHROMIUM_PATH,
 * Debian's /usr/bin/chromium, then a browser installed for playwright
 * (`npx playwright install chromium`). The tests never download one.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): { path: string } | { missing: string } {
  if (env.CHROMIUM_PATH) {
    return executable(env.CHROMIUM_PATH) ? { path: env.CHROMIUM_PATH } : { missing: `CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable file` };
  }
  if (executable(DEBIAN_CHROMIUM)) return { path: DEBIAN_CHROMIUM };
  let installed: string | undefined;
  try {
    installed = chromium.executablePath();
  } catch {
    installed = undefined; // playwright knows no browser for this platform
  }
  if (installed && executable(installed)) return { path: installed };
  return { missing: 'no Chromium: set CHROMIUM_PATH, or install one (Debian/Ubuntu: apt-get install chromium; elsewhere: npx playwright install chromium)' };
}

/** A headless Chromium with nothing of its own on the network (no updates, sync or QUIC). */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * For a describe block with browser tests: finds Chromium before the block's
 * other hooks run. Without one, a line says why and each test that calls
 * `needed(this)` is skipped; with CI=true the block fails instead, since CI
 * must run every test.
 */
export function useChromium(what: string): { readonly path: string | undefined; needed(test: Mocha.Context): string } {
  let path: string | undefined;
  before(function () {
    const found = findChromium();
    if ('path' in found) {
      path = found.path;
      return;
    }
    if (process.env.CI === 'true') throw new Error(`CI=true and ${found.missing}`);
    process.stdout.write(`\n  [test] skipping ${what}: ${found.missing}\n`);
  });
  return {
    get path() {
      return path;
    },
    needed(test) {
      if (path === undefined) test.skip();
      return path!;
    },
  };
}
