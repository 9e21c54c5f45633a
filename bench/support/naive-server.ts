/**
 * The bench's naive reference: the seed guide's design done the obvious way on
 * the same stack, with none of the service's protections. Bench code only; never
 * shipped, and never a model to copy: it stores the code in plaintext, has no
 * abuse limits, no attempt counting, no encryption, and no helmet.
 *
 * send-otp: parse the phone, GET the cooldown, SET the plaintext code, SET the
 * cooldown, add a BullMQ job. verify-otp: GET the code, compare, DEL it.
 * Usage: node --import tsx bench/support/naive-server.ts <port> <redis url> <key prefix>
 */
import { randomInt } from 'node:crypto';
import { Queue } from 'bullmq';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

const [port, redisUrl, prefix] = process.argv.slice(2) as [string, string, string];
const redis = new Redis(redisUrl);
const queue = new Queue('sms', { connection: redis, prefix: `{${prefix}naive}` });
const app = Fastify({ logger: false });

const e164 = (input: unknown): string | undefined => {
  const phone = typeof input === 'string' ? parsePhoneNumberFromString(input) : undefined;
  return phone?.isValid() ? phone.number : undefined;
};

app.post<{ Body: { phone?: unknown } }>('/api/v1/auth/send-otp', async (request, reply) => {
  const phone = e164(request.body.phone);
  if (!phone) return reply.code(400).send({ error: 'invalid phone' });
  if (await redis.get(`${prefix}cooldown:${phone}`)) return reply.code(429).send({ error: 'cooldown' });
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await redis.set(`${prefix}otp:${phone}`, code, 'EX', 600);
  await redis.set(`${prefix}cooldown:${phone}`, '1', 'EX', 30);
  await queue.add('send-otp', { phone, code }, { removeOnComplete: true });
  return reply.code(202).send({ expiresInSeconds: 600 });
});

app.post<{ Body: { phone?: unknown; otp?: unknown } }>('/api/v1/auth/verify-otp', async (request, reply) => {
  const phone = e164(request.body.phone);
  if (!phone) return reply.code(400).send({ error: 'invalid phone' });
  const stored = await redis.get(`${prefix}otp:${phone}`);
  if (!stored || stored !== request.body.otp) return reply.code(400).send({ error: 'invalid code' });
  await redis.del(`${prefix}otp:${phone}`);
  return { verified: true };
});

await app.listen({ host: '127.0.0.1', port: Number(port) });
console.log('naive reference ready');

process.once('SIGTERM', () => {
  void app
    .close()
    .then(() => queue.close())
    .then(() => redis.quit())
    .then(() => process.exit(0));
});
