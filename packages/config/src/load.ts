import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { Value } from 'typebox/value';
import { toConfig, type Config } from './config.js';
import { ConfigError, type ConfigProblem } from './config-error.js';
import { describeExpected } from './describe.js';
import { EnvSchema, SECTIONS, type Env } from './schema/index.js';
import { readOrCreateDevSecret } from './secret.js';

export interface LoadedConfig {
  config: Config;
  /** Things worth a warning log line once a logger exists. */
  warnings: string[];
}

export interface LoadOptions {
  /** Where `.env` and the development secret file live. Defaults to the current directory. */
  cwd?: string;
  /** Read `.env` from cwd. Real environment variables always win over it. */
  dotenv?: boolean;
}

/** Reads, validates and types the configuration. Throws ConfigError naming every bad variable. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): LoadedConfig {
  const cwd = options.cwd ?? process.cwd();
  const raw = { ...definedOnly(options.dotenv === false ? {} : readDotenv(cwd)), ...definedOnly(environment) };
  const env = parseEnvironment(raw);
  const warnings: string[] = [];
  const secret = resolveSecret(env, cwd, warnings);
  return { config: toConfig(env, secret), warnings };
}

function readDotenv(cwd: string): Record<string, string> {
  const path = resolve(cwd, '.env');
  return existsSync(path) ? (parseEnv(readFileSync(path, 'utf8')) as Record<string, string>) : {};
}

/** Keeps only the variables the schema knows, ignoring empty ones as unset. */
function definedOnly(environment: Record<string, string | undefined>): Record<string, string> {
  const known = Object.keys(EnvSchema.properties);
  return Object.fromEntries(
    Object.entries(environment).filter(
      (entry): entry is [string, string] => known.includes(entry[0]) && entry[1] !== undefined && entry[1] !== '',
    ),
  );
}

function parseEnvironment(raw: Record<string, string>): Env {
  const value = Value.Convert(EnvSchema, Value.Default(EnvSchema, { ...raw }));
  const problems = new Map<string, ConfigProblem>();
  for (const error of Value.Errors(EnvSchema, value)) {
    const variable = error.instancePath.split('/')[1];
    if (!variable || problems.has(variable)) continue;
    const schema = EnvSchema.properties[variable as keyof Env];
    problems.set(variable, {
      variable,
      message: `must be ${describeExpected(schema)} (got ${JSON.stringify(raw[variable])})`,
    });
  }
  if (problems.size > 0) throw new ConfigError([...problems.values()]);
  const env = value as Env;
  const crossProblems = [
    ...Object.values(SECTIONS).flatMap((section) => ('problems' in section && section.problems ? section.problems(env) : [])),
    ...secretProblems(env),
  ];
  if (crossProblems.length > 0) throw new ConfigError(crossProblems);
  return env;
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
