import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { Value } from 'typebox/value';
import { toApiConfig, toWorkerConfig, type ApiConfig, type WorkerConfig } from './config.js';
import { ConfigError, type ConfigProblem } from './config-error.js';
import { describeExpected } from './describe.js';
import { envSchemaFor, SECTIONS, sectionsReadBy, type Env } from './schema/index.js';
import type { ProcessName } from './schema/section.js';
import { readOrCreateDevSecret } from './secret.js';

export interface LoadedConfig<C> {
  config: C;
  /** Things worth a warning log line once a logger exists. */
  warnings: string[];
}

export interface LoadOptions {
  /** Where `.env` and the development secret file live. Defaults to the current directory. */
  cwd?: string;
  /** Read `.env` from cwd. Real environment variables always win over it. */
  dotenv?: boolean;
}

/** Reads, validates and types the API's configuration. Throws ConfigError naming every bad variable. */
export function loadApiConfig(environment: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): LoadedConfig<ApiConfig> {
  return load('api', environment, options, toApiConfig);
}

/** Reads, validates and types the worker's configuration. Throws ConfigError naming every bad variable. */
export function loadWorkerConfig(environment: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): LoadedConfig<WorkerConfig> {
  return load('worker', environment, options, toWorkerConfig);
}

/**
 * Only the sections `process` reads are validated, so one process never refuses
 * to start over a variable it does not use (the worker needs no API_KEYS).
 */
function load<C>(
  process: ProcessName,
  environment: NodeJS.ProcessEnv,
  options: LoadOptions,
  build: (env: Env, secret: string) => C,
): LoadedConfig<C> {
  const cwd = options.cwd ?? globalThis.process.cwd();
  const schema = envSchemaFor(process);
  const raw = { ...definedOnly(schema, options.dotenv === false ? {} : readDotenv(cwd)), ...definedOnly(schema, environment) };
  const env = parseEnvironment(process, schema, raw);
  const warnings = sectionsReadBy(process).flatMap((name) => sectionWarnings(name, env));
  const secret = resolveSecret(env, cwd, warnings);
  return { config: build(env, secret), warnings };
}

function readDotenv(cwd: string): Record<string, string> {
  const path = resolve(cwd, '.env');
  return existsSync(path) ? (parseEnv(readFileSync(path, 'utf8')) as Record<string, string>) : {};
}

/** Keeps only the variables the schema knows, ignoring empty ones as unset. */
function definedOnly(schema: ProcessSchema, environment: Record<string, string | undefined>): Record<string, string> {
  const known = Object.keys(schema.properties);
  return Object.fromEntries(
    Object.entries(environment).filter(
      (entry): entry is [string, string] => known.includes(entry[0]) && entry[1] !== undefined && entry[1] !== '',
    ),
  );
}

type ProcessSchema = ReturnType<typeof envSchemaFor>;

/**
 * Validated against the process's own schema. The result is typed as the full Env for the
 * section builders; only the sections of `process` are built from it, and they read only their own variables.
 */
function parseEnvironment(process: ProcessName, schema: ProcessSchema, raw: Record<string, string>): Env {
  const value = Value.Convert(schema, Value.Default(schema, { ...raw }));
  const problems = new Map<string, ConfigProblem>();
  for (const error of Value.Errors(schema, value)) {
    const variable = error.instancePath.split('/')[1];
    if (!variable || problems.has(variable)) continue;
    const variableSchema = schema.properties[variable] as Parameters<typeof describeExpected>[0];
    problems.set(variable, {
      variable,
      message: `must be ${describeExpected(variableSchema)} (got ${JSON.stringify(raw[variable])})`,
    });
  }
  if (problems.size > 0) throw new ConfigError([...problems.values()]);
  const env = value as Env;
  const crossProblems = [...sectionsReadBy(process).flatMap((name) => sectionProblems(name, env)), ...secretProblems(env)];
  if (crossProblems.length > 0) throw new ConfigError(crossProblems);
  return env;
}

function sectionProblems(name: keyof typeof SECTIONS, env: Env): ConfigProblem[] {
  const section = SECTIONS[name] as { problems?: (env: Env) => ConfigProblem[] };
  return section.problems ? section.problems(env) : [];
}

function sectionWarnings(name: keyof typeof SECTIONS, env: Env): string[] {
  const section = SECTIONS[name] as { warnings?: (env: Env) => string[] };
  return section.warnings ? section.warnings(env) : [];
}

/** OTP_SECRET is resolved here rather than in its section, but reported with the others so production names every missing secret at once. */
function secretProblems(env: Env): ConfigProblem[] {
  return env.NODE_ENV === 'production' && !env.OTP_SECRET ? [{ variable: 'OTP_SECRET', message: 'is required when NODE_ENV=production' }] : [];
}

/** Development generates a missing secret; production never gets here without one (see secretProblems). */
function resolveSecret(env: Env, cwd: string, warnings: string[]): string {
  if (env.OTP_SECRET) return env.OTP_SECRET;
  const { secret, created } = readOrCreateDevSecret(env.OTP_SECRET_FILE, cwd);
  warnings.push(
    `OTP_SECRET is not set; using the ${created ? 'newly generated' : 'generated'} development secret in ${env.OTP_SECRET_FILE}. Set OTP_SECRET in production.`,
  );
  return secret;
}
