import { Type } from 'typebox';
import type { ConfigProblem } from '../config-error.js';
import { defineSection, type SectionEnv } from './section.js';

/** Below this, a dashboard password is guessable; production refuses it. */
const MIN_PRODUCTION_ADMIN_PASSWORD = 12;

const env = {
  HOST: Type.String({
    default: '127.0.0.1',
    minLength: 1,
    description: 'Address the API listens on. The default serves this machine only; containers set 0.0.0.0 (the Docker image does).',
  }),
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
  ADMIN_READ_ONLY: Type.Optional(
    Type.Boolean({
      defaultText: '`true` in production, else `false`',
      description:
        'Serves Bull Board read-only: no retry, clean, promote or delete. Retrying a completed job would send its live code again, outside every limit.',
    }),
  ),
  ADMIN_LOGIN_ATTEMPTS: Type.Integer({
    default: 10,
    minimum: 1,
    maximum: 1000,
    description: 'Failed dashboard logins one client (IPv4 address or IPv6 /64) may make per ADMIN_LOGIN_WINDOW_SECONDS; then even the right password waits.',
  }),
  ADMIN_LOGIN_WINDOW_SECONDS: Type.Integer({
    default: 900,
    minimum: 1,
    maximum: 86_400,
    description: 'Window of ADMIN_LOGIN_ATTEMPTS, in seconds.',
  }),
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

function dashboardConfig(e: SectionEnv<typeof env> & { NODE_ENV: string }, username: string, password: string) {
  return {
    username,
    password,
    readOnly: e.ADMIN_READ_ONLY ?? e.NODE_ENV === 'production',
    login: { maxFailures: e.ADMIN_LOGIN_ATTEMPTS, windowSeconds: e.ADMIN_LOGIN_WINDOW_SECONDS },
  };
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
    dashboard: e.ADMIN_USERNAME && e.ADMIN_PASSWORD ? dashboardConfig(e, e.ADMIN_USERNAME, e.ADMIN_PASSWORD) : undefined,
  }),
  problems: (e) => dashboardProblems(e),
});
