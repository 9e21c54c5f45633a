import { readFileSync } from 'node:fs';
import type { Redis } from '@otp/redis';

/** Calls per Redis command name, from `INFO commandstats`. */
export type CommandCalls = Record<string, number>;

export async function commandCalls(redis: Redis): Promise<CommandCalls> {
  const info = await redis.info('commandstats');
  const calls: CommandCalls = {};
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls[match[1] as string] = Number(match[2]);
  return calls;
}

/** What one row cost Redis: commands per answered request, in total and by command, without the bench's own INFO calls. */
export interface RedisWork {
  commandsPerRequest: number;
  byCommand: CommandCalls;
  /** write(2)/writev(2) system calls the server process made per request: its HTTP answers plus its Redis writes. */
  writeSyscallsPerRequest: number;
}

export function redisWork(before: CommandCalls, after: CommandCalls, writesBefore: number, writesAfter: number, requests: number): RedisWork {
  const byCommand: CommandCalls = {};
  for (const [command, calls] of Object.entries(after)) {
    const delta = calls - (before[command] ?? 0) - (command === 'info' ? 1 : 0);
    if (delta > 0) byCommand[command] = delta / Math.max(1, requests);
  }
  const commandsPerRequest = Object.values(byCommand).reduce((sum, value) => sum + value, 0);
  return { commandsPerRequest, byCommand, writeSyscallsPerRequest: (writesAfter - writesBefore) / Math.max(1, requests) };
}

/** The process's write system calls so far (`syscw` in /proc/<pid>/io). */
export function writeSyscalls(pid: number): number {
  const match = /^syscw:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
  return Number(match?.[1] ?? 0);
}

/** `9.0 commands (evalsha 6.0, …), 4.1 writes` */
export function describeRedisWork(work: RedisWork): string {
  const top = Object.entries(work.byCommand)
    .sort((a, b) => b[1] - a[1])
    .map(([command, calls]) => `${command} ${calls.toFixed(1)}`)
    .join(', ');
  return `${work.commandsPerRequest.toFixed(1)} Redis commands (${top || 'none'}); ${work.writeSyscallsPerRequest.toFixed(1)} write syscalls by the server`;
}
