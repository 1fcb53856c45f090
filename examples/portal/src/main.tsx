/**
 * Starts the portal: `node dist/server.js` (or `npm run demo` from the repository root).
 * Environment: PORT (default 3000), HOST (default 127.0.0.1), DATABASE_URL, REDIS_URL,
 * PORTAL_DATA_DIR, PORTAL_PG_SCHEMA, PORTAL_REDIS_PREFIX (see storage.ts).
 */
import { serve } from '@hono/node-server';
import { createPortal } from './app.js';
import { DEMO_LOGINS, seed } from './data.js';
import { openStorage } from './storage.js';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('PORT must be an integer from 0 to 65535');
  process.exit(2);
}

const storage = await openStorage(process.env);
const seeded = await seed(storage.db);
const { app } = createPortal({ storage, secureCookies: process.env.PORTAL_SECURE_COOKIES === '1' });

const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
  const ms = Math.round(process.uptime() * 1000);
  const cpu = process.cpuUsage();
  const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
  const lines = [
    `otpkit portal: http://${host}:${info.port}/  (ready ${ms} ms after process start, ${cpuMs} ms CPU${seeded ? ', demo data created' : ''})`,
    `  ${storage.description}`,
    '  Demo logins (Any Company, client ID 1707):',
    ...DEMO_LOGINS.map((l, i) => `    ${l.name} (${l.id}${i === 0 ? ', primary contact' : ''}): ${l.email} / ${l.password}`),
    '  Ctrl+C to stop.',
  ];
  console.log(lines.join('\n'));
});

let closing = false;
const shutdown = () => {
  if (closing) return;
  closing = true;
  server.close();
  storage.close().finally(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
