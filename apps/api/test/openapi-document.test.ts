import { readFileSync } from 'node:fs';
import { composeApi, renderOpenApiDocument } from '@otp/api';
import { captureLogs, createRedisNamespace, testApiConfig } from '@otp/testkit';
import t from 'tap';

const COMMITTED = new URL('../../../docs/openapi.json', import.meta.url);

t.test('docs/openapi.json is what the routes generate (run `npm run openapi` after changing a route)', async (t) => {
  const ns = await createRedisNamespace();
  const api = await composeApi(testApiConfig(ns.env), captureLogs().logger);
  t.teardown(async () => {
    await api.close();
    await ns.cleanup();
  });

  const generated = await renderOpenApiDocument(api.app);
  t.equal(readFileSync(COMMITTED, 'utf8'), generated, 'docs/openapi.json is stale: run `npm run openapi` and commit it');
  t.same(JSON.parse(generated), (await api.app.inject({ url: '/docs/json' })).json(), 'the file matches what /docs/json serves');
});
