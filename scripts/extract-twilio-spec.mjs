#!/usr/bin/env node
// Copies the parts of Twilio's OpenAPI spec (twilio-oai, api_v2010, MIT) that the
// fake Twilio server and the providers must agree with (Create Message, Create
// Call and the resources they answer with) into the repo, so tests check against
// the spec without reading files outside it.
//   node scripts/extract-twilio-spec.mjs <path to twilio_api_v2010.json>
import { readFileSync, writeFileSync } from 'node:fs';

const [source] = process.argv.slice(2);
if (!source) {
  console.error('usage: node scripts/extract-twilio-spec.mjs <path to twilio_api_v2010.json>');
  process.exit(1);
}
const spec = JSON.parse(readFileSync(source, 'utf8'));
const OUT = 'packages/testkit/twilio-spec/api_v2010_messages_calls.json';

/** A property reduced to what a check can use: its type, pattern, enum and nullability ($refs resolved). */
function property(schema) {
  const resolved = schema.$ref ? spec.components.schemas[schema.$ref.split('/').at(-1)] : schema;
  const kept = Object.fromEntries(['type', 'format', 'pattern', 'enum', 'nullable'].filter((k) => resolved[k] !== undefined).map((k) => [k, resolved[k]]));
  if (resolved.items) kept.items = property(resolved.items);
  return kept;
}

const properties = (schema) => Object.fromEntries(Object.entries(schema.properties).map(([name, value]) => [name, property(value)]));

function createRequest(path) {
  const post = spec.paths[path].post;
  const body = post.requestBody.content['application/x-www-form-urlencoded'].schema;
  return {
    path,
    accountSidPattern: post.parameters.find((p) => p.name === 'AccountSid').schema.pattern,
    required: body.required,
    properties: properties(body),
    response: post.responses['201'].content['application/json'].schema.$ref.split('/').at(-1),
  };
}

const extract = {
  source: `${spec.info.title} ${spec.info.version} (twilio-oai, MIT): Create Message, Create Call and their resources`,
  requests: {
    Messages: createRequest('/2010-04-01/Accounts/{AccountSid}/Messages.json'),
    Calls: createRequest('/2010-04-01/Accounts/{AccountSid}/Calls.json'),
  },
  resources: Object.fromEntries(
    ['api.v2010.account.message', 'api.v2010.account.call'].map((name) => [name, { properties: properties(spec.components.schemas[name]) }]),
  ),
};
writeFileSync(OUT, `${JSON.stringify(extract, null, 2)}\n`);
console.log(`wrote ${OUT}`);
