import fs from 'node:fs';
import { expect } from 'chai';
import { DEBIAN_CHROMIUM, findChromium } from '../support/browser';

describe('finding Chromium for the browser tests', () => {
  it('takes CHROMIUM_PATH first, when it is an executable file', () => {
    expect(findChromium({ CHROMIUM_PATH: process.execPath })).to.deep.equal({ path: process.execPath });
  });

  it('says what is wrong with a CHROMIUM_PATH that is not one', () => {
    expect(findChromium({ CHROMIUM_PATH: '/nonexistent/chromium' })).to.deep.equal({
      missing: 'CHROMIUM_PATH=/nonexistent/chromium is not an executable file',
    });
  });

  it("then Debian's chromium, then a playwright browser, else says how to get one", () => {
    const found = findChromium({});
    const debian = fs.existsSync(DEBIAN_CHROMIUM) && fs.statSync(DEBIAN_CHROMIUM).isFile() && (fs.statSync(DEBIAN_CHROMIUM).mode & 0o111) !== 0;
    if (debian) expect(found).to.deep.equal({ path: DEBIAN_CHROMIUM });
    else if ('path' in found) expect(found.path).to.include('ms-playwright');
    else expect(found.missing).to.match(/set CHROMIUM_PATH, or install one \(.*apt-get install chromium.*npx playwright install chromium\)/);
  });
});
