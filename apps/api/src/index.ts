export { buildApp, type App, type AppDeps } from './app.js';
export { composeApi, type Api } from './compose.js';
export { renderOpenApiDocument } from './openapi-document.js';
export { ApiKeyRegistry } from './plugins/api-key-registry.js';
