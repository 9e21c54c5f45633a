import { ApiKeyRegistry } from '@otp/api';
import t from 'tap';
import { startApi } from './api-harness.js';

const KEY = 'test-key-shop-0123456789abcdef';
const PHONE = '+919876543210';

t.test('X-API-Key: 401 without a key, 401 with a wrong key, accepted with a listed key', async (t) => {
  const harness = await startApi(t, { API_KEYS: `shop:${ApiKeyRegistry.hash(KEY)}` });

  const missing = await harness.send({ phone: PHONE });
  t.match(missing, { statusCode: 401, body: { statusCode: 401, code: 'API_KEY_REQUIRED', message: String } });

  const wrong = await harness.send({ phone: PHONE }, { headers: { 'x-api-key': 'not-the-key' } });
  t.match(wrong, { statusCode: 401, body: { code: 'API_KEY_INVALID' } });
  const wrongVerify = await harness.verify(PHONE, '123456', { headers: { 'x-api-key': 'not-the-key' } });
  t.match(wrongVerify, { statusCode: 401, body: { code: 'API_KEY_INVALID' } }, 'verify needs a key too');
  t.same(await harness.storedKeys(), [], 'refused callers store nothing');
  t.same(await harness.jobs(), [], 'and queue nothing');

  const ok = await harness.send({ phone: PHONE }, { headers: { 'x-api-key': KEY } });
  t.equal(ok.statusCode, 202);
  t.match(await harness.jobs(), [{ requestId: ok.body.requestId, app: 'shop' }], 'the job names the app, for its template');
  t.equal((await harness.api.metrics.guardRejections.get()).values.find((v) => v.labels.rule === 'api_key')?.value, 3);
});

t.test('without API_KEYS outside production the API is open and says so at startup', async (t) => {
  const harness = await startApi(t);
  t.equal((await harness.send({ phone: PHONE })).statusCode, 202);
  const warnings = harness.logs.lines().filter((line) => /API_KEYS is not set/.test(String(line.msg)));
  t.match(warnings, [{ level: 40 }], 'one warning, however many route scopes use the key check');
  t.equal(warnings.length, 1);
});

t.test('strict bodies: unknown properties and wrong types are refused', async (t) => {
  const harness = await startApi(t);
  t.match(await harness.send({ phone: PHONE, extra: 1 }), { statusCode: 400, body: { code: 'VALIDATION_FAILED' } });
  t.match(await harness.send({ phone: 919876543210 }), { statusCode: 400, body: { code: 'VALIDATION_FAILED' } });
  const response = await harness.api.app.inject({
    method: 'POST',
    url: '/api/v1/auth/send-otp',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ phone: PHONE, pad: 'x'.repeat(harness.config.server.bodyLimit) }),
  });
  t.equal(response.json().code, 'BODY_TOO_LARGE');
  t.equal(response.headers['x-content-type-options'], 'nosniff', 'helmet headers are set');
});

t.test('wrong keys count against the caller IP, so keys cannot be guessed freely', async (t) => {
  const harness = await startApi(t, { API_KEYS: `shop:${ApiKeyRegistry.hash(KEY)}`, RATE_LIMIT_MAX: '5' });
  const codes = [];
  for (let i = 0; i < 6; i++) codes.push((await harness.send({ phone: PHONE }, { headers: { 'x-api-key': `guess-${i}` } })).body.code);
  t.same(codes, ['API_KEY_INVALID', 'API_KEY_INVALID', 'API_KEY_INVALID', 'API_KEY_INVALID', 'API_KEY_INVALID', 'RATE_LIMITED']);
});
