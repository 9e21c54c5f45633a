import { pino, type Logger, type LoggerOptions } from 'pino';
import { maskPhone, redactPhoneNumbers } from '@otp/phone';
import { build as prettyStream } from 'pino-pretty';

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
  'previousSecret',
  'webhookSecret',
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
  'req.headers["x-webhook-secret"]',
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

/** What a request log line shows: never the query string, where a webhook's shared secret may travel (?secret=). */
function requestLine(request: { method?: string; url?: string; host?: string; ip?: string; socket?: { remotePort?: number } }) {
  return {
    method: request.method,
    url: request.url?.split('?')[0],
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** Deep enough for an error's own fields and one level of nested errors; deeper objects are left as pino renders them. */
const MAX_ERROR_DEPTH = 4;

/**
 * An error as a log line may show it: pino's serialization (message and stack
 * with their causes), with every phone number in any text masked, since
 * provider errors quote the recipient, and without Redis command arguments,
 * since ioredis attaches the failed command (`command.args`: full key names,
 * stored HMACs) to its errors. The command's name stays.
 */
function safeError(error: unknown): unknown {
  return scrub(pino.stdSerializers.err(error as Error), 0);
}

function scrub(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactPhoneNumbers(value);
  if (value === null || typeof value !== 'object' || depth > MAX_ERROR_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [key, key === 'command' ? commandName(field) : scrub(field, depth + 1)]),
  );
}

function commandName(command: unknown): unknown {
  const name = (command as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? { name } : '[Redacted]';
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

/** Used for `req` (Fastify's request line) and `err` in every log line; Fastify keeps them over its own. */
const loggerSerializers = { req: requestLine, err: safeError };

export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level,
    name: settings.name,
    redact: loggerRedaction,
    serializers: loggerSerializers,
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
