import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Development only: reads the generated OTP secret, creating it on first use.
 * The file is shared by the API and the worker (both start in the repo root),
 * and it outlives restarts so pending codes stay verifiable.
 */
export function readOrCreateDevSecret(file: string, cwd: string): { secret: string; created: boolean } {
  const path = resolve(cwd, file);
  try {
    const secret = readFileSync(path, 'utf8').trim();
    if (secret.length >= 32) return { secret, created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(32).toString('base64url');
  try {
    writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process (API or worker) won the race to create it: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readOrCreateDevSecret(file, cwd);
    throw error;
  }
  return { secret, created: true };
}
