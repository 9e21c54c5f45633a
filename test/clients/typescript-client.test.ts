import { isOtpRelayError, OtpRelayClient, OtpRelayError, type ErrorCode } from '@otp/client';
import type { ERROR_CATALOGUE } from '@otp/errors';
import { ApiKeyRegistry } from '@otp/api';
import t from 'tap';
import { startService } from '../support/service.js';

/**
 * packages/client against the running API (listening on loopback, with the worker and
 * the development provider): the calls an app makes, and every refusal as a typed error.
 */
const KEY = 'shop-client-test-key';
const PHONE = '+919876543210';

// Compile-time checks (tsc -p tsconfig.test.json): ErrorCode is exactly the catalogue's codes.
type Catalogue = keyof typeof ERROR_CATALOGUE;
const sameCodes: [ErrorCode] extends [Catalogue] ? ([Catalogue] extends [ErrorCode] ? true : false) : false = true;
// @ts-expect-error a code outside the catalogue is not an ErrorCode
const notACode: ErrorCode = 'NOT_A_CODE';

async function refusal(call: Promise<unknown>): Promise<OtpRelayError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof OtpRelayError)) throw new Error(`expected an OtpRelayError, got ${String(error)}`);
  return error;
}

t.test('the TypeScript client: send, verify, status, and the error codes as typed errors', async (t) => {
  t.ok(sameCodes && notACode, 'ErrorCode is the union of the catalogue codes');
  const service = await startService(t, { API_KEYS: `shop:${ApiKeyRegistry.hash(KEY)}`, OTP_RESEND_COOLDOWN_SECONDS: '30' });
  const baseUrl = await service.api.app.listen({ host: '127.0.0.1', port: 0 });
  const client = new OtpRelayClient({ baseUrl: `${baseUrl}/`, apiKey: KEY });

  const sent = await client.sendOtp(PHONE);
  t.match(sent, { requestId: String, expiresInSeconds: 600, resendAfterSeconds: 30 });
  await service.inbox.waitFor(PHONE);
  const code = service.inbox.lastCodeFor(PHONE) as string;

  const cooldown = await refusal(client.sendOtp(PHONE));
  t.match(cooldown, { code: 'OTP_RESEND_COOLDOWN', statusCode: 429 });
  t.ok((cooldown.retryAfterSeconds ?? 0) > 0, `Retry-After is read: ${cooldown.retryAfterSeconds} s`);

  const wrong = await refusal(client.verifyOtp(PHONE, code === '000000' ? '111111' : '000000'));
  t.match(wrong, { name: 'OtpRelayError', code: 'OTP_INVALID', statusCode: 400, message: 'The code is incorrect.', details: { attemptsRemaining: 4 } });
  t.ok(isOtpRelayError(wrong, 'OTP_INVALID', 'OTP_EXPIRED'), 'isOtpRelayError narrows by code');
  t.notOk(isOtpRelayError(wrong, 'PHONE_LOCKED'));

  t.same(await client.verifyOtp(PHONE, code), { verified: true });
  t.match(await refusal(client.verifyOtp(PHONE, code)), { code: 'OTP_EXPIRED', statusCode: 400 }, 'a used code is gone');

  await service.waitForRecord(sent.requestId, (record) => record.status === 'sent');
  const status = await client.getStatus(sent.requestId);
  t.match(status, { requestId: sent.requestId, status: 'sent', phone: '+91******3210', country: 'IN', provider: 'development' });
  t.equal(status.attempts.length, 1);
  t.match(await refusal(client.getStatus('00000000-0000-4000-8000-000000000000')), { code: 'OTP_REQUEST_NOT_FOUND', statusCode: 404 });
  t.match(await refusal(client.getStatus('no-such-request')), { code: 'VALIDATION_FAILED', statusCode: 400 }, 'not a request id at all');

  t.match(await refusal(client.sendOtp('12345')), { code: 'PHONE_INVALID', statusCode: 400 });
  t.match(await refusal(new OtpRelayClient({ baseUrl }).sendOtp(PHONE)), { code: 'API_KEY_REQUIRED', statusCode: 401 });
  t.match(await refusal(new OtpRelayClient({ baseUrl, apiKey: 'not-the-key' }).sendOtp(PHONE)), { code: 'API_KEY_INVALID', statusCode: 401 });
});

t.test('the TypeScript client: a refused send carries the guard’s code; an answer without the error shape is a plain Error', async (t) => {
  const service = await startService(t, { SMS_DAILY_BUDGET: '1', GUARD_TRUSTED_RESERVE_PERCENT: '0' });
  const baseUrl = await service.api.app.listen({ host: '127.0.0.1', port: 0 });
  const client = new OtpRelayClient({ baseUrl });
  await client.sendOtp('+919876543211');
  const exhausted = await refusal(client.sendOtp('+919876543212'));
  t.match(exhausted, { code: 'SMS_BUDGET_EXHAUSTED', statusCode: 503 });
  t.ok((exhausted.retryAfterSeconds ?? 0) > 0, 'with Retry-After until the budget resets');

  const proxy = new OtpRelayClient({ baseUrl, fetch: async () => new Response('<html>502 Bad Gateway</html>', { status: 502 }) });
  const error = await proxy.sendOtp(PHONE).catch((e: unknown) => e);
  t.notOk(error instanceof OtpRelayError);
  t.match(error, { message: 'OTP Relay answered 502 without its error shape' });
});
