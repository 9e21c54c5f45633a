#!/usr/bin/env node
// `npm run openapi`: writes docs/openapi.json from the routes' TypeBox schemas, as
// the running API serves it at /docs/json. A test fails when the committed file is stale.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { composeApi, renderOpenApiDocument } from '@otp/api';
import { loadApiConfig } from '@otp/config';
import { createLogger } from '@otp/observability';

const target = new URL('../docs/openapi.json', import.meta.url);
// A fixed test configuration: the document depends on the routes, never on deployment settings.
const { config } = loadApiConfig(
  { NODE_ENV: 'test', LOG_LEVEL: 'silent', OTP_SECRET: randomBytes(32).toString('base64url'), REDIS_URL: process.env.REDIS_URL },
  { dotenv: false },
);
const api = await composeApi(config, createLogger({ level: 'silent', name: 'openapi' }));
try {
  writeFileSync(target, await renderOpenApiDocument(api.app));
  console.log(`wrote ${target.pathname}`);
} finally {
  await api.close();
}
