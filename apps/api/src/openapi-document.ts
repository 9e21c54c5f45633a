import type { App } from './app.js';

/**
 * The OpenAPI document exactly as docs/openapi.json holds it, so `npm run openapi`
 * and the staleness test produce byte-identical text.
 */
export async function renderOpenApiDocument(app: App): Promise<string> {
  await app.ready();
  return `${JSON.stringify(app.swagger(), null, 2)}\n`;
}
