import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import type { ConfigProblem } from '../config-error.js';
import { describeExpected } from '../describe.js';
import { defineSection, type SectionEnv } from './section.js';

/** What one app may set for itself in APP_SETTINGS. Add a setting here and it is validated and typed. */
const AppSettingsSchema = Type.Object(
  {
    messageTemplate: Type.Optional(
      Type.String({
        pattern: '\\{otp\\}',
        expected: 'a string containing {otp}',
        description: "SMS text for this app's codes; {otp} required, {minutes} optional.",
      }),
    ),
    sendsPerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: "This app's send ceiling per minute." })),
    dailyBudget: Type.Optional(
      Type.Number({ minimum: 0.000001, maximum: 100_000_000, description: "This app's daily budget (SMS, or money with SMS_PRICES), under SMS_DAILY_BUDGET." }),
    ),
  },
  { additionalProperties: false },
);

export type AppSettings = Static<typeof AppSettingsSchema>;

const env = {
  APP_SETTINGS: Type.Optional(
    Type.String({
      description:
        'JSON object of per-app settings, e.g. {"shop":{"messageTemplate":"Your Shop code is {otp}","sendsPerMinute":120,"dailyBudget":500}}.',
    }),
  ),
};

function parseAppSettings(value: string | undefined): Record<string, AppSettings> {
  return value ? (JSON.parse(value) as Record<string, AppSettings>) : {};
}

function appSettingsProblems(e: SectionEnv<typeof env>): ConfigProblem[] {
  if (!e.APP_SETTINGS) return [];
  let settings: unknown;
  try {
    settings = JSON.parse(e.APP_SETTINGS);
  } catch {
    return [{ variable: 'APP_SETTINGS', message: 'must be a JSON object' }];
  }
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
    return [{ variable: 'APP_SETTINGS', message: 'must be a JSON object keyed by app name' }];
  }
  return Object.entries(settings).flatMap(([app, value]) => {
    const problem = appProblem(value);
    return problem ? [{ variable: 'APP_SETTINGS', message: `${app}: ${problem}` }] : [];
  });
}

/** The first thing wrong with one app's settings, in words. */
function appProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object';
  const known = Object.keys(AppSettingsSchema.properties);
  const unknown = Object.keys(value).find((key) => !known.includes(key));
  if (unknown) return `unknown setting ${unknown} (use ${known.join(', ')})`;
  const [error] = [...Value.Errors(AppSettingsSchema, value)];
  if (!error) return undefined;
  const setting = error.instancePath.split('/')[1] as keyof typeof AppSettingsSchema.properties;
  return `${setting} must be ${describeExpected(AppSettingsSchema.properties[setting])}`;
}

/** Per-app settings: the API applies their limits, the worker their message templates. */
export const apps = defineSection({
  readBy: ['api', 'worker'],
  env,
  toConfig: (e) => parseAppSettings(e.APP_SETTINGS),
  problems: (e) => appSettingsProblems(e),
});
