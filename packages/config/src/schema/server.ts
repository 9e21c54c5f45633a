import { Type } from 'typebox';
import type { ConfigProblem } from '../config-error.js';
import { defineSection, type SectionEnv } from './section.js';

/** Below this, a dashboard password is guessable; production refuses it. */
const MIN_PRODUCTION_ADMIN_PASSWORD = 12;

const env = {
  HOST: Type.String({ default: '0.0.0.0', minLength: 1, description: 'Address the API listens on.' }),
  PORT: Type.Integer({ default: 8000, minimum: 0, maximum: 65535, description: 'Port the API listens on.' }),
  BODY_LIMIT_BYTES: Type.Integer({
    default: 4096,
    minimum: 256,
    maximum: 1_048_576,
    description: 'Largest accepted request body; OTP requests are tiny.',
  }),
  SHUTDOWN_TIMEOUT_MS: Type.Integer({
    default: 10_000,
    minimum: 1000,
    maximum: 600_000,
    description: 'On SIGTERM the API finishes in-flight requests for at most this long, then exits.',
  }),
  ADMIN_USERNAME: Type.Optional(
    Type.String({ minLength: 1, description: 'Bull Board user at /admin/queues. The dashboard is off unless both ADMIN_USERNAME and ADMIN_PASSWORD are set.' }),
  ),
  ADMIN_PASSWORD: Type.Optional(
    Type.String({
      minLength: 1,
      description: `Bull Board password (HTTP Basic auth). At least ${MIN_PRODUCTION_ADMIN_PASSWORD} characters in production.`,
    }),
  ),
};

/** The dashboard can retry and delete jobs: it is either fully protected or off, never open. */
function dashboardProblems(e: SectionEnv<typeof env> & { NODE_ENV: string }): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (e.ADMIN_USERNAME && !e.ADMIN_PASSWORD) {
    problems.push({ variable: 'ADMIN_PASSWORD', message: 'is required when ADMIN_USERNAME is set (or unset both to turn the dashboard off)' });
  }
  if (e.ADMIN_PASSWORD && !e.ADMIN_USERNAME) {
    problems.push({ variable: 'ADMIN_USERNAME', message: 'is required when ADMIN_PASSWORD is set (or unset both to turn the dashboard off)' });
  }
  if (e.NODE_ENV === 'production' && e.ADMIN_PASSWORD && e.ADMIN_PASSWORD.length < MIN_PRODUCTION_ADMIN_PASSWORD) {
    problems.push({
      variable: 'ADMIN_PASSWORD',
      message: `must be at least ${MIN_PRODUCTION_ADMIN_PASSWORD} characters when NODE_ENV=production`,
    });
  }
  return problems;
}

/** The API's HTTP server, its lifecycle and the operators' dashboard. */
export const server = defineSection({
  readBy: ['api'],
  env,
  toConfig: (e) => ({
    host: e.HOST,
    port: e.PORT,
    bodyLimit: e.BODY_LIMIT_BYTES,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    dashboard: e.ADMIN_USERNAME && e.ADMIN_PASSWORD ? { username: e.ADMIN_USERNAME, password: e.ADMIN_PASSWORD } : undefined,
  }),
  problems: (e) => dashboardProblems(e),
});
