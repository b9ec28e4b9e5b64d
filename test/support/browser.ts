import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium; the tests never download a browser (.ci/run installs the package). */
export const CHROMIUM = '/usr/bin/chromium';

/** A headless chromium with nothing of its own on the network (no updates, sync or QUIC). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
