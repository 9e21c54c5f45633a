import { ApiKeyRegistry } from '@otp/api';
import t from 'tap';
import { startApi, type ApiHarness, type Reply } from './api-harness.js';

/**
 * The ceiling on guesses at one phone's codes, tried the way an attacker would:
 * resends, waiting out every lock to the millisecond, bursts of concurrent
 * guesses, and a second app's key. Each round starts with a send that got
 * through (so the phone was not locked) and guesses only at that code; the
 * responses then tell exactly how many guesses were checked against it:
 * each OTP_INVALID, plus the guess that killed the code (the first of any
 * OTP_ATTEMPTS_EXCEEDED), plus the guess that locked the phone (the first of any
 * PHONE_LOCKED). Guesses at a dead code or a locked phone are refused unchecked.
 */

const VICTIM = '+919876543210';
const SHOP_KEY = 'ceiling-test-key-shop-0123456789';
const EVIL_KEY = 'ceiling-test-key-evil-0123456789';
const KEYS = `shop:${ApiKeyRegistry.hash(SHOP_KEY)},evil:${ApiKeyRegistry.hash(EVIL_KEY)}`;
const SHOP = { headers: { 'x-api-key': SHOP_KEY } };
const EVIL = { headers: { 'x-api-key': EVIL_KEY } };

/** Every code the attacker tries is wrong, and no two are alike: the best a guesser can do. */
function guesses(code: string, count: number, from: number): string[] {
  const candidates: string[] = [];
  for (let n = from; candidates.length < count; n++) {
    const candidate = String(n % 1_000_000).padStart(6, '0');
    if (candidate !== code) candidates.push(candidate);
  }
  return candidates;
}

function checked(replies: Reply[]): number {
  const codes = replies.map((reply) => reply.body.code);
  const invalid = codes.filter((code) => code === 'OTP_INVALID').length;
  return invalid + (codes.includes('OTP_ATTEMPTS_EXCEEDED') ? 1 : 0) + (codes.includes('PHONE_LOCKED') ? 1 : 0);
}

/** A send that gets through, however long the lock: the attacker asks again every 25 ms. */
async function sendWhenUnlocked(harness: ApiHarness, deadline: number): Promise<string | undefined> {
  while (Date.now() < deadline) {
    const sent = await harness.send({ phone: VICTIM }, SHOP);
    if (sent.statusCode === 202) return harness.codeOf(sent.body.requestId as string);
    if (sent.body.code !== 'PHONE_LOCKED') throw new Error(`unexpected send refusal ${JSON.stringify(sent.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return undefined;
}

t.test('at the defaults: 10 wrong guesses, then the phone is locked for that app until the first of them is 24 h old', async (t) => {
  // Only the send caps are lifted (and the cooldown, which only slows an attacker down): they must not be what stops it.
  const harness = await startApi(t, { API_KEYS: KEYS, OTP_RESEND_COOLDOWN_SECONDS: '0' });
  let total = 0;
  let last: Reply | undefined;
  for (let round = 0; round < 5; round++) {
    const sent = await harness.send({ phone: VICTIM }, SHOP);
    if (sent.statusCode !== 202) {
      last = sent;
      break;
    }
    const code = await harness.codeOf(sent.body.requestId as string);
    // Half the rounds one guess at a time, half all at once: neither buys more.
    const candidates = guesses(code, round % 2 === 0 ? 5 : 30, round * 100);
    const replies = round % 2 === 0 ? await sequential(harness, candidates) : await Promise.all(candidates.map((c) => harness.verify(VICTIM, c, SHOP)));
    total += checked(replies);
  }
  t.equal(total, 10, 'exactly PHONE_LOCKOUT_THRESHOLD guesses were checked');
  t.match(last, { statusCode: 429, body: { code: 'PHONE_LOCKED' }, headers: { 'ratelimit-limit': '10' } }, 'then sends are refused');
  const retryAfter = Number(last?.headers['retry-after']);
  t.ok(retryAfter > 86_300 && retryAfter <= 86_400, `for the rest of the day: Retry-After ${retryAfter} s`);
  t.match(await harness.verify(VICTIM, '123456', SHOP), { statusCode: 429, body: { code: 'PHONE_LOCKED' } }, 'and verifies');

  // Another app's key reaches none of shop's codes or counts, so it cannot add a guess nor lift the lock.
  t.equal((await harness.send({ phone: VICTIM }, EVIL)).statusCode, 202, 'evil, a tenant of its own, may still send');
  t.match(await harness.verify(VICTIM, '123456', EVIL), { body: { code: 'OTP_INVALID' } }, "its guesses hit evil's own code only");
  t.match(await harness.send({ phone: VICTIM }, SHOP), { statusCode: 429, body: { code: 'PHONE_LOCKED' } }, 'shop stays locked');
  t.comment(`defaults: ${total} guesses checked, then locked for ${retryAfter} s`);
});

async function sequential(harness: ApiHarness, candidates: string[]): Promise<Reply[]> {
  const replies: Reply[] = [];
  for (const candidate of candidates) replies.push(await harness.verify(VICTIM, candidate, SHOP));
  return replies;
}

t.test('over several windows, every strategy together stays at or under 10 checked guesses per window', async (t) => {
  // A 2 s window and the shortest lock (1 s) stand in for 24 h, so the test can watch several windows pass.
  const windowMs = 2000;
  const harness = await startApi(t, {
    API_KEYS: KEYS,
    OTP_RESEND_COOLDOWN_SECONDS: '0',
    PHONE_LOCKOUT_WINDOW_SECONDS: String(windowMs / 1000),
    PHONE_LOCKOUT_SECONDS: '1',
  });
  const threshold = 10;
  const strategies = ['sequential', 'burst', 'two apps at once'] as const;
  const startedAt = Date.now();
  const deadline = startedAt + 4 * windowMs;
  const tally = { shop: 0, evil: 0, rounds: 0, successes: 0 };
  for (let round = 0; ; round++) {
    const code = await sendWhenUnlocked(harness, deadline);
    if (code === undefined) break;
    const candidates = guesses(code, 20, round * 100);
    const strategy = strategies[round % strategies.length];
    let replies: Reply[];
    if (strategy === 'sequential') {
      replies = await sequential(harness, candidates.slice(0, 5));
    } else if (strategy === 'burst') {
      replies = await Promise.all(candidates.map((candidate) => harness.verify(VICTIM, candidate, SHOP)));
    } else {
      // evil sends the victim a code of its own, then guesses through both keys at once, shop's right code included.
      await harness.send({ phone: VICTIM }, EVIL);
      const viaEvil = [code, ...candidates].map((candidate) => harness.verify(VICTIM, candidate, EVIL));
      const viaShop = candidates.map((candidate) => harness.verify(VICTIM, candidate, SHOP));
      const [evilReplies, shopReplies] = await Promise.all([Promise.all(viaEvil), Promise.all(viaShop)]);
      tally.successes += evilReplies.filter((reply) => reply.statusCode === 200).length;
      tally.evil += checked(evilReplies);
      replies = shopReplies;
    }
    tally.shop += checked(replies);
    tally.successes += replies.filter((reply) => reply.statusCode === 200).length;
    tally.rounds += 1;
  }
  const elapsedMs = Date.now() - startedAt;
  // Every check happened inside [startedAt, now]; the window allows `threshold` checks in any windowMs.
  const windows = Math.ceil((elapsedMs + 1) / windowMs);
  t.equal(tally.successes, 0, "no guess succeeded, shop's right code through evil's key included");
  t.ok(tally.shop <= threshold * windows, `${tally.shop} guesses checked in ${elapsedMs} ms: at most ${threshold} × ${windows} windows`);
  t.ok(tally.shop >= 2 * threshold, 'the attack did reach the ceiling, window after window');
  t.comment(
    `${tally.rounds} rounds over ${elapsedMs} ms (window ${windowMs} ms): ${tally.shop} guesses checked against shop's codes ` +
      `(ceiling ${threshold * windows}); ${tally.evil} against evil's own codes; 0 successes`,
  );
});
