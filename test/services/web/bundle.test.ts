import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { expect } from 'chai';
import { ensureWebBuild } from '../../support/webBuild';

/** SPEC §7: all the web app's JavaScript together under 150 KB gzipped. */
const JS_BUDGET_GZIP_BYTES = 150 * 1024;

describe('web app bundle', () => {
  let dir: string;
  before(async function () {
    this.timeout(120_000);
    dir = await ensureWebBuild();
  });

  it(`keeps all JavaScript under ${JS_BUDGET_GZIP_BYTES / 1024} KB gzipped`, () => {
    const files = fs.readdirSync(path.join(dir, 'assets')).filter((f) => /\.m?js$/.test(f));
    expect(files, 'JavaScript files in the build').to.not.be.empty;
    const sizes = files.map((f) => ({ file: f, gzip: zlib.gzipSync(fs.readFileSync(path.join(dir, 'assets', f)), { level: 9 }).length }));
    const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
    expect(total, `gzipped JavaScript: ${JSON.stringify(sizes)}`).to.be.below(JS_BUDGET_GZIP_BYTES);
  });

  it('loads nothing from elsewhere: no CDN, no external fonts or scripts, no inline script', () => {
    const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs).to.not.be.empty;
    for (const ref of refs) expect(ref, 'a reference in index.html').to.match(/^\/(?!\/)/);
    expect(html.match(/<script\b[^>]*>[^<]+<\/script>/), 'an inline script').to.equal(null);
    const css = fs.readdirSync(path.join(dir, 'assets')).filter((f) => f.endsWith('.css'));
    for (const f of css) expect(fs.readFileSync(path.join(dir, 'assets', f), 'utf8'), f).to.not.match(/@import|url\((['"]?)https?:/);
  });
});
