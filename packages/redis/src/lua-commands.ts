import { readFileSync, readdirSync } from 'node:fs';
import type { RedisClient } from './connect.js';

/** `issue-5.lua`: the script's name, then how many of its arguments are keys. */
const SCRIPT_FILE = /^(?<name>[a-z][a-z0-9]*(?:-[a-z][a-z0-9]*)*)-(?<keys>\d+)\.lua$/;

/**
 * Registers the Lua scripts of `dir` on `redis` as custom commands (EVALSHA,
 * falling back to EVAL after a script flush or failover). `commands` maps each
 * command name to its script's name; the key count comes from the file name
 * (`issue-5.lua` takes 5 keys), as in BullMQ, so it is written in one place,
 * beside the script whose header lists those keys.
 *
 * Returns the client typed with the commands, so callers get checked signatures.
 */
export function defineLuaCommands<Commands extends object>(
  redis: RedisClient,
  dir: URL,
  commands: Readonly<Record<keyof Commands & string, string>>,
): RedisClient & Commands {
  const scripts = scriptFiles(dir);
  for (const [command, script] of Object.entries<string>(commands)) {
    const file = scripts.get(script);
    if (!file) throw new Error(`No Lua script ${script}-<keys>.lua in ${dir.pathname}`);
    redis.defineCommand(command, { numberOfKeys: file.numberOfKeys, lua: readFileSync(new URL(file.name, dir), 'utf8') });
  }
  return redis as RedisClient & Commands;
}

function scriptFiles(dir: URL): Map<string, { name: string; numberOfKeys: number }> {
  const files = new Map<string, { name: string; numberOfKeys: number }>();
  for (const name of readdirSync(dir)) {
    const match = SCRIPT_FILE.exec(name);
    if (match?.groups) files.set(match.groups.name as string, { name, numberOfKeys: Number(match.groups.keys) });
  }
  return files;
}
