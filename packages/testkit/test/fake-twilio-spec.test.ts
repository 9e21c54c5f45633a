import { readFileSync } from 'node:fs';
import { TwilioProvider, TwilioVoiceProvider, TwilioWhatsAppProvider, type ChannelMessage, type ChannelProvider } from '@otp/sms';
import { FakeTwilioServer } from '@otp/testkit';
import t from 'tap';

/** Extracted from Twilio's OpenAPI spec by scripts/extract-twilio-spec.mjs. */
interface SpecProperty {
  type?: string;
  pattern?: string;
  enum?: string[];
  nullable?: boolean;
  items?: SpecProperty;
}
interface Spec {
  requests: Record<'Messages' | 'Calls', { path: string; accountSidPattern: string; required: string[]; properties: Record<string, SpecProperty>; response: string }>;
  resources: Record<string, { properties: Record<string, SpecProperty> }>;
}
const spec = JSON.parse(readFileSync(new URL('../twilio-spec/api_v2010_messages_calls.json', import.meta.url), 'utf8')) as Spec;

/** The spec's Twiml description: "Max 4000 characters". */
const TWIML_MAX_CHARACTERS = 4000;

// Hex, as the spec's AccountSid pattern demands; built at run time so nothing in the repo looks like a real SID.
const ACCOUNT_SID = `AC${'0f'.repeat(16)}`;
const AUTH_TOKEN = 'spec-check-token';
const CONTENT_SID = `HX${'ab'.repeat(16)}`;
const SERVICE_SID = `MG${'cd'.repeat(16)}`;
const CALLBACK = 'https://otp.example.com/webhooks/twilio/status';

/** What is wrong with one form field or resource value against its spec property, if anything. */
function violation(name: string, value: unknown, property: SpecProperty | undefined, form: boolean): string | undefined {
  if (!property) return `${name} is not in the spec`;
  if (value === null) return property.nullable ? undefined : `${name} is null but not nullable`;
  const text = String(value);
  if (form && property.type === 'integer' && !/^-?\d+$/.test(text)) return `${name}=${text} is not an integer`;
  if (!form && property.type === 'string' && typeof value !== 'string') return `${name} is not a string`;
  if (!form && property.type === 'object' && typeof value !== 'object') return `${name} is not an object`;
  if (property.pattern && !new RegExp(property.pattern).test(text)) return `${name}=${text} does not match ${property.pattern}`;
  if (property.enum && !property.enum.includes(text)) return `${name}=${text} is not one of ${property.enum.join(', ')}`;
  return undefined;
}

const senders: Array<{ what: string; resource: 'Messages' | 'Calls'; provider: (url: string) => ChannelProvider; message: Partial<ChannelMessage> }> = [
  {
    what: 'SMS from a number',
    resource: 'Messages',
    provider: (url) => new TwilioProvider({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: url, phoneNumber: '+15005550006', statusCallbackUrl: CALLBACK }),
    message: { channel: 'sms', body: 'Your code is 482913.' },
  },
  {
    what: 'SMS through a Messaging Service',
    resource: 'Messages',
    provider: (url) => new TwilioProvider({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: url, messagingServiceSid: SERVICE_SID }),
    message: { channel: 'sms', body: 'आपका सत्यापन कोड 482913 है।' },
  },
  {
    what: 'WhatsApp from a WhatsApp number',
    resource: 'Messages',
    provider: (url) =>
      new TwilioWhatsAppProvider({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: url, from: '+14155238886', contentSid: CONTENT_SID, statusCallbackUrl: CALLBACK }),
    message: { channel: 'whatsapp' },
  },
  {
    what: 'WhatsApp through a Messaging Service',
    resource: 'Messages',
    provider: (url) => new TwilioWhatsAppProvider({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: url, messagingServiceSid: SERVICE_SID, contentSid: CONTENT_SID }),
    message: { channel: 'whatsapp' },
  },
  {
    what: 'a voice call with a ten-digit code',
    resource: 'Calls',
    provider: (url) => new TwilioVoiceProvider({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: url, from: '+15005550006', statusCallbackUrl: CALLBACK }),
    message: { channel: 'voice', body: 'आपका सत्यापन कोड है', locale: 'hi', otp: '4829130576' },
  },
];

for (const sender of senders) {
  t.test(`${sender.what}: the request and the answer are what the spec describes`, async (t) => {
    const fake = await new FakeTwilioServer({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }).start();
    t.teardown(() => fake.close());
    const request = spec.requests[sender.resource];
    await sender.provider(fake.url).send({
      requestId: 'r-1',
      channel: 'sms',
      locale: 'en',
      to: '+919876543210',
      country: 'IN',
      body: '',
      otp: '482913',
      validitySeconds: 540,
      ...sender.message,
    });
    const [recorded] = fake.requests;
    const account = recorded?.path.split('/')[3] ?? '';
    t.equal(recorded?.path, request.path.replace('{AccountSid}', account));
    t.match(account, new RegExp(request.accountSidPattern));
    const form = recorded?.form ?? {};
    t.same(request.required.filter((name) => !(name in form)), [], 'every required field is sent');
    t.same(Object.entries(form).flatMap(([name, value]) => violation(name, value, request.properties[name], true) ?? []), [], 'every field is in the spec, with a valid value');
    if (form.Twiml) t.ok(form.Twiml.length <= TWIML_MAX_CHARACTERS, `TwiML of ${form.Twiml.length} characters`);

    // Replay the same request to read the fake's answer, which the SDK parsed away.
    const response = await fetch(`${fake.url}${recorded?.path}`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
    t.equal(response.status, 201);
    const resource = (await response.json()) as Record<string, unknown>;
    const schema = spec.resources[request.response]?.properties ?? {};
    t.same(Object.keys(resource).sort(), Object.keys(schema).sort(), `${request.response}: exactly the spec's properties`);
    t.same(Object.entries(resource).flatMap(([name, value]) => violation(name, value, schema[name], false) ?? []), [], 'each with a valid value');
  });
}
