import { expect } from 'chai';
import { holdPort } from '../../../support/portHolder';
import { ServiceProcess } from '../../../support/serviceProcess';

describe('API process on a taken port (services/api/server.ts in a child process)', () => {
  it('stops with exit code 1 and one line naming PORT, no stack', async function () {
    this.timeout(60_000);
    const held = await holdPort();
    try {
      // Nothing is reached before listen fails: the database and Redis URLs need not answer.
      const api = ServiceProcess.start('services/api/server.ts', {
        LOG_LEVEL: 'info',
        DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
        REDIS_URL: 'redis://127.0.0.1:1',
        HOST: '127.0.0.1',
        PORT: String(held.port),
      });
      expect(await api.exited).to.equal(1);
      const lines = api.errorOutput.split('\n').filter((l) => l.trim() !== '');
      expect(lines, api.errorOutput).to.have.length(1);
      expect(lines[0]).to.equal(
        `api: PORT ${held.port} on 127.0.0.1 is taken (another program listens there): set PORT to a free port, or 0 for any free port`,
      );
      expect(JSON.stringify(api.lines)).to.not.match(/EADDRINUSE|\n\s+at /);
    } finally {
      await held.close();
    }
  });
});
