import { pino, type Logger, type LoggerOptions } from 'pino';
import { maskPhone } from '@otp/phone';

/** Keys whose values are phone numbers: masked, not removed, so logs stay useful. */
const PHONE_KEYS = ['phone', 'to', 'To'];

/** Keys whose values must never reach a log line. */
const SECRET_KEYS = [
  'otp',
  'body',
  'Body',
  'sealed',
  'secret',
  'webhookSecret',
  'otpSecret',
  'password',
  'authToken',
  'authKey',
  'apiKey',
  'token',
  'captchaToken',
];

const HEADER_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers["x-twilio-signature"]',
  'req.headers.authkey',
  'req.headers.cookie',
];

function redactPaths(): string[] {
  const keys = [...PHONE_KEYS, ...SECRET_KEYS];
  // pino's redaction matches fixed depths, so list the depths our log objects use.
  return [...keys, ...keys.map((k) => `*.${k}`), ...keys.map((k) => `*.*.${k}`), ...HEADER_PATHS];
}

function censor(value: unknown, path: string[]): unknown {
  const key = path[path.length - 1] ?? '';
  if (PHONE_KEYS.includes(key) && typeof value === 'string') return maskPhone(value);
  return '[Redacted]';
}

export interface LoggerSettings {
  level: string;
  name: string;
  /** A writable for tests that scan log output; defaults to stdout. */
  destination?: NodeJS.WritableStream;
}

export const loggerRedaction: LoggerOptions['redact'] = { paths: redactPaths(), censor };

export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level,
    name: settings.name,
    redact: loggerRedaction,
    base: { service: settings.name },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return settings.destination
    ? pino(options, settings.destination as pino.DestinationStream)
    : pino(options);
}

export type { Logger } from 'pino';
