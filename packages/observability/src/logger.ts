import { pino, type Logger, type LoggerOptions } from 'pino';
import { build as prettyStream } from 'pino-pretty';
import { maskPhone } from './mask.js';

/** Keys whose values are phone numbers: masked, not removed, so logs stay useful. */
const PHONE_KEYS = ['phone', 'to', 'To'];

/** Keys whose values must never reach a log line. */
const SECRET_KEYS = [
  'otp',
  'body',
  'Body',
  'sealed',
  'secret',
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
  /** Readable lines (pino-pretty) instead of JSON, for a developer's terminal: see prettyLogsWanted. */
  pretty?: boolean;
}

/** Pretty only in development and on a terminal: JSON everywhere else, where machines read the logs. */
export function prettyLogsWanted(nodeEnv: string, stream: { isTTY?: boolean } = process.stdout): boolean {
  return nodeEnv === 'development' && stream.isTTY === true;
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
  // Redaction and masking happen before either stream sees a line.
  if (settings.pretty) {
    // Without a destination, pino-pretty writes to fd 1 (stdout) itself.
    const destination = settings.destination ?? 1;
    return pino(options, prettyStream({ destination, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' }));
  }
  return settings.destination
    ? pino(options, settings.destination as pino.DestinationStream)
    : pino(options);
}

export type { Logger } from 'pino';
