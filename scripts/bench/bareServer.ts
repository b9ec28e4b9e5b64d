/**
 * The baseline of figure 1: the least an Express JSON endpoint can cost. It
 * parses the body with express.json() and answers 202 with a body shaped like
 * the API's, so both send and receive the same bytes. Prints its port on
 * stdout once listening; SIGTERM closes it.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';

const app = express();
app.disable('x-powered-by');
app.get('/health', (_req, res) => {
  res.json({ status: 'ok' });
});
app.post('/readings', express.json(), (req, res) => {
  res.status(202).json({
    id: '00000000-0000-4000-8000-000000000000',
    plant_id: '00000000-0000-4000-8000-000000000001',
    recorded_at:
      typeof (req.body as { recorded_at?: unknown } | undefined)?.recorded_at === 'string'
        ? (req.body as { recorded_at: string }).recorded_at
        : new Date().toISOString(),
    duplicate: false,
  });
});

const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
