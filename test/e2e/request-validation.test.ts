import t from 'tap';
import { startService } from '../support/service.js';

const SEND = '/api/v1/auth/send-otp';
const VERIFY = '/api/v1/auth/verify-otp';

t.test('bad requests get the common error shape and store nothing', async (t) => {
  const service = await startService(t, {}, { worker: false });
  const inject = (url: string, payload: string, contentType = 'application/json') =>
    service.api.app.inject({ method: 'POST', url, payload, headers: { 'content-type': contentType } });

  const cases: Array<{ name: string; url: string; payload: string; contentType?: string; status: number; code: string }> = [
    { name: 'missing body field', url: SEND, payload: '{}', status: 400, code: 'VALIDATION_FAILED' },
    { name: 'empty body', url: SEND, payload: '', status: 400, code: 'INVALID_JSON' },
    { name: 'broken JSON', url: SEND, payload: '{"phone": ', status: 400, code: 'INVALID_JSON' },
    { name: 'phone of the wrong type', url: SEND, payload: '{"phone": 919876543210}', status: 400, code: 'VALIDATION_FAILED' },
    { name: 'unknown property', url: SEND, payload: '{"phone": "+919876543210", "otp": "1"}', status: 400, code: 'VALIDATION_FAILED' },
    { name: 'prototype pollution key', url: SEND, payload: '{"phone": "+919876543210", "__proto__": {"x": 1}}', status: 400, code: 'INVALID_JSON' },
    { name: 'oversized body', url: SEND, payload: JSON.stringify({ phone: '+91'.padEnd(10_000, '9') }), status: 413, code: 'BODY_TOO_LARGE' },
    { name: 'form body', url: SEND, payload: 'phone=%2B919876543210', contentType: 'application/x-www-form-urlencoded', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
    { name: 'national format without +', url: SEND, payload: '{"phone": "09876543210"}', status: 400, code: 'PHONE_INVALID' },
    { name: 'letters in the number', url: SEND, payload: '{"phone": "+91987654321O"}', status: 400, code: 'PHONE_INVALID' },
    { name: 'too short to be a number', url: SEND, payload: '{"phone": "+911234"}', status: 400, code: 'PHONE_INVALID' },
    { name: 'toll-free number', url: SEND, payload: '{"phone": "+18005551234"}', status: 400, code: 'PHONE_NOT_SMS_CAPABLE' },
    { name: 'premium-rate number', url: SEND, payload: '{"phone": "+19005551234"}', status: 400, code: 'PHONE_NOT_SMS_CAPABLE' },
    { name: 'otp with letters', url: VERIFY, payload: '{"phone": "+919876543210", "otp": "12a456"}', status: 400, code: 'VALIDATION_FAILED' },
    { name: 'otp as a number', url: VERIFY, payload: '{"phone": "+919876543210", "otp": 123456}', status: 400, code: 'VALIDATION_FAILED' },
    { name: 'missing otp', url: VERIFY, payload: '{"phone": "+919876543210"}', status: 400, code: 'VALIDATION_FAILED' },
  ];

  for (const c of cases) {
    const response = await inject(c.url, c.payload, c.contentType);
    const body = response.json() as Record<string, unknown>;
    t.equal(response.statusCode, c.status, `${c.name}: status`);
    t.equal(body.code, c.code, `${c.name}: code`);
    t.equal(body.statusCode, c.status, `${c.name}: statusCode in the body`);
    t.type(body.message, 'string', `${c.name}: message`);
    t.notOk(JSON.stringify(body).includes('    at '), `${c.name}: no stack trace`);
  }

  // Per-IP rate-limit counters count these requests, and BullMQ writes its queue's meta key when
  // the queue opens; neither holds an OTP or a job.
  const written = (await service.ns.dump()).filter(
    (entry) => !entry.key.includes(':ratelimit:') && !entry.key.endsWith(':sms:meta'),
  );
  t.same(written, [], 'no OTP and no job was written for any of them');
});

t.test('unknown routes answer 404 in the same shape', async (t) => {
  const service = await startService(t, {}, { worker: false });
  const response = await service.api.app.inject({ method: 'GET', url: '/api/v1/nope?x=1' });
  t.equal(response.statusCode, 404);
  t.match(response.json(), { statusCode: 404, code: 'ROUTE_NOT_FOUND', message: /GET \/api\/v1\/nope\)$/ });
});

t.test('formatted international numbers are normalised to E.164', async (t) => {
  const service = await startService(t);
  t.equal((await service.send('+91 98765-43210')).statusCode, 202);
  const sms = await service.inbox.waitFor('+919876543210');
  t.ok(sms, 'the SMS went to the normalised number');
  const code = service.inbox.lastCodeFor('+919876543210') as string;
  t.same((await service.verify('+91 (98765) 43210', code)).body, { verified: true });
});
