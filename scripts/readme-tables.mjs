#!/usr/bin/env node
// Keeps the README's configuration and error-code tables generated from the code
// (the config schema and the error catalogue), so the docs cannot drift.
//   node scripts/readme-tables.mjs          rewrite README.md
//   node scripts/readme-tables.mjs --check  exit 1 when README.md is stale
import { readFileSync, writeFileSync } from 'node:fs';
import { ERROR_CATALOGUE } from '@otp/errors';
import { SECTIONS } from '@otp/config';

const SECTION_TITLES = {
  core: 'Core (Redis, logging, metrics)',
  otp: 'OTP',
  channels: 'Channels',
  apps: 'Apps',
  server: 'API server and dashboard',
  guard: 'Abuse protection and security',
  pumping: 'Pumping guard, trusted phones and budgets',
  delivery: 'Delivery records and provider callbacks',
  sms: 'SMS providers (worker)',
  events: 'Events to the apps (worker)',
  worker: 'Worker process',
};

const PROCESS_NAMES = { api: 'API', worker: 'worker' };

const cell = (text) => String(text).replaceAll('|', '\\|').replaceAll('\n', ' ');

/** `defaultText` (Markdown) describes a default the schema cannot hold, e.g. one that follows NODE_ENV or another variable. */
function describeDefault(schema) {
  if (schema.defaultText) return cell(schema.defaultText);
  if (schema.default === undefined) return '—';
  return schema.default === '' ? '(empty)' : `\`${cell(schema.default)}\``;
}

/** Which processes read `variable`: a variable may sit in sections of both (e.g. TWILIO_AUTH_TOKEN). */
function readers(variable) {
  const processes = new Set(Object.values(SECTIONS).filter((section) => variable in section.env).flatMap((section) => section.readBy));
  return Object.keys(PROCESS_NAMES)
    .filter((name) => processes.has(name))
    .map((name) => PROCESS_NAMES[name])
    .join(', ');
}

/** Each variable once, under the first section that lists it. */
export function configTable() {
  const listed = new Set();
  const rows = Object.entries(SECTIONS).flatMap(([name, section]) => {
    const vars = Object.entries(section.env).filter(([variable]) => !listed.has(variable));
    if (vars.length === 0) return [];
    for (const [variable] of vars) listed.add(variable);
    return [
      `| **${SECTION_TITLES[name] ?? name}** | | | |`,
      ...vars.map(([variable, schema]) => `| \`${variable}\` | ${describeDefault(schema)} | ${readers(variable)} | ${cell(schema.description ?? '')} |`),
    ];
  });
  return ['| Variable | Default | Read by | Meaning |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

export function errorTable() {
  const rows = Object.entries(ERROR_CATALOGUE).map(
    ([code, { statusCode, message }]) => `| \`${code}\` | ${statusCode} | ${cell(message)} |`,
  );
  return ['| Code | HTTP status | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

function replaceBetween(text, name, content) {
  const start = `<!-- generated:${name} -->`;
  const end = `<!-- /generated:${name} -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to === -1) throw new Error(`README.md lacks the ${start} … ${end} markers`);
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}

const readme = readFileSync('README.md', 'utf8');
const updated = replaceBetween(replaceBetween(readme, 'config', configTable()), 'errors', errorTable());
if (process.argv.includes('--check')) {
  if (updated !== readme) {
    console.error('README.md tables are stale: run `npm run docs`.');
    process.exit(1);
  }
} else if (updated !== readme) {
  writeFileSync('README.md', updated);
  console.log('README.md tables updated.');
}
