import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import t from 'tap';

const PACKAGE = new URL('../', import.meta.url).pathname;
const COMMITTED = join(PACKAGE, 'src/generated/openapi.ts');

/** The openapi-typescript CLI that `npm run generate` runs. */
function generatorCli(): string {
  const manifest = createRequire(import.meta.url).resolve('openapi-typescript/package.json');
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> };
  return join(dirname(manifest), bin['openapi-typescript'] as string);
}

t.test('src/generated/openapi.ts is what docs/openapi.json generates (run `npm run generate -w @otp/client`)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'otp-client-types-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const fresh = join(dir, 'openapi.ts');
  // The same command as the package's generate script, run from the package, into a scratch file.
  execFileSync(process.execPath, [generatorCli(), '../../docs/openapi.json', '--output', fresh], { cwd: PACKAGE, stdio: 'ignore' });
  t.equal(readFileSync(COMMITTED, 'utf8'), readFileSync(fresh, 'utf8'), 'the generated types are stale: run `npm run generate -w @otp/client` and commit them');
});
