import { spawn, spawnSync } from 'node:child_process';
import { ERROR_CATALOGUE } from '@otp/errors';
import { ApiKeyRegistry } from '@otp/api';
import { ensureDebianTool } from '@otp/testkit';
import t from 'tap';
import { startService } from '../support/service.js';

/**
 * clients/python/otp_relay.py against the running API: its unittest suite
 * (clients/python/tests) runs under python3 while this process serves the API and the worker.
 */
const PYTHON_DIR = new URL('../../clients/python/', import.meta.url).pathname;
const python = ensureDebianTool('python3', 'python3');
const KEY = 'python-client-test-key';
const TEST_NUMBER = '+919999999999:246810';
// No __pycache__ in the working tree.
const PYTHON_ENV = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };

t.test('the Python client’s error codes are the catalogue’s', { skip: python.skip }, async (t) => {
  const listed = spawnSync(python.path as string, ['-c', 'import json, otp_relay; print(json.dumps(sorted(otp_relay.ERROR_CODES)))'], {
    cwd: PYTHON_DIR,
    env: PYTHON_ENV,
    encoding: 'utf8',
  });
  t.equal(listed.status, 0, listed.stderr);
  t.same(JSON.parse(listed.stdout), Object.keys(ERROR_CATALOGUE).sort(), 'add new codes to ErrorCode in clients/python/otp_relay.py');
});

t.test('python3 -m unittest: the Python client against the running API', { skip: python.skip }, async (t) => {
  const service = await startService(t, {
    API_KEYS: `shop:${ApiKeyRegistry.hash(KEY)}`,
    APP_SETTINGS: JSON.stringify({ shop: { testPhoneNumbers: Object.fromEntries([TEST_NUMBER.split(':')]) } }),
  });
  const url = await service.api.app.listen({ host: '127.0.0.1', port: 0 });
  // Asynchronous on purpose: this process must keep serving the API while python3 runs.
  const child = spawn(python.path as string, ['-m', 'unittest', 'discover', '-s', 'tests', '-v'], {
    cwd: PYTHON_DIR,
    env: { ...PYTHON_ENV, OTP_RELAY_URL: url, OTP_RELAY_API_KEY: KEY, OTP_RELAY_TEST_NUMBER: TEST_NUMBER },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));

  t.comment(output.trim().split('\n').slice(-4).join(' | '));
  t.equal(code, 0, output);
  const ran = Number(/^Ran (\d+) tests?/m.exec(output)?.[1] ?? 0);
  t.ok(ran >= 6, `unittest ran ${ran} tests`);
  t.notMatch(output, /skipped/, 'none skipped: the API tests ran against this API');
  t.match(output, /^OK$/m);
});
