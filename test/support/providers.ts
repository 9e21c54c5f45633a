import { FakeMsg91Server, FakeTwilioServer } from '@otp/testkit';

interface Teardown {
  teardown(fn: () => Promise<void> | void): void;
}

// Built at run time so no string in the repo looks like a real credential.
export const TWILIO_ACCOUNT_SID = `AC${'fake'.repeat(8)}`;
export const TWILIO_AUTH_TOKEN = 'e2e-twilio-auth-token';
export const MSG91_AUTH_KEY = 'e2e-msg91-auth-key';
export const PUBLIC_BASE_URL = 'https://otp.example.test';

/** Local fakes of both providers, and the env that points a service at them with fast retries. */
export async function startFakeProviders(t: Teardown, options: { twilioLatencyMs?: number } = {}) {
  const twilio = await new FakeTwilioServer({
    accountSid: TWILIO_ACCOUNT_SID,
    authToken: TWILIO_AUTH_TOKEN,
    defaultLatencyMs: options.twilioLatencyMs ?? 0,
  }).start();
  const msg91 = await new FakeMsg91Server({ authKey: MSG91_AUTH_KEY }).start();
  t.teardown(async () => {
    await twilio.close();
    await msg91.close();
  });
  const env: Record<string, string> = {
    SMS_PROVIDER: 'twilio',
    TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN,
    TWILIO_PHONE_NUMBER: '+15005550006',
    TWILIO_API_BASE_URL: twilio.url,
    MSG91_AUTH_KEY,
    MSG91_TEMPLATE_ID: 'e2e-template',
    MSG91_API_BASE_URL: msg91.url,
    PUBLIC_BASE_URL,
    SMS_RETRY_BASE_DELAY_MS: '200',
    SMS_RETRY_MAX_DELAY_MS: '2000',
    SMS_PROVIDER_TIMEOUT_MS: '500',
  };
  return { twilio, msg91, env };
}
