/**
 * The bench's baseline: a bare Fastify 5 app answering {"ok":true} to the same
 * POST the API gets (JSON body parsed, nothing else). Spawned in its own process,
 * like the API, so both rows share the machine the same way.
 * Usage: node --import tsx bench/support/baseline-server.ts <port>
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post('/ok', async () => ({ ok: true }));
await app.listen({ host: '127.0.0.1', port: Number(process.argv[2]) });
console.log('baseline ready');

process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
