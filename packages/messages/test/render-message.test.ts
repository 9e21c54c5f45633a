import { renderMessage } from '@otp/messages';
import t from 'tap';

const SEED_TEMPLATE = 'Your IndoStar Naturals verification code is: {otp}. Valid for {minutes} minutes.';

t.test('the default template renders exactly the seed guide message', async (t) => {
  t.equal(
    renderMessage(SEED_TEMPLATE, { otp: '123456', ttlSeconds: 600 }),
    'Your IndoStar Naturals verification code is: 123456. Valid for 10 minutes.',
  );
  t.equal(renderMessage('{otp} {otp} {minutes}', { otp: '42', ttlSeconds: 61 }), '42 42 2', 'minutes round up');
});
