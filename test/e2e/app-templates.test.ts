import { ApiKeyRegistry } from '@otp/api';
import t from 'tap';
import { startService } from '../support/service.js';

t.test('each app can brand its SMS; apps without a template get the default one', async (t) => {
  const service = await startService(t, {
    API_KEYS: `shop:${ApiKeyRegistry.hash('shop-key-0001')},blog:${ApiKeyRegistry.hash('blog-key-0002')}`,
    APP_SETTINGS: JSON.stringify({ shop: { messageTemplate: 'ShopCo: {otp} is your code ({minutes} min).' } }),
  });
  const send = (phone: string, key: string) =>
    service.api.app.inject({ method: 'POST', url: '/api/v1/auth/send-otp', payload: { phone }, headers: { 'x-api-key': key } });

  t.equal((await send('+919876543210', 'shop-key-0001')).statusCode, 202);
  t.equal((await send('+919876543211', 'blog-key-0002')).statusCode, 202);
  t.match((await service.inbox.waitFor('+919876543210')).body, /^ShopCo: \d{6} is your code \(10 min\)\.$/);
  t.match((await service.inbox.waitFor('+919876543211')).body, /^Your IndoStar Naturals verification code is: \d{6}\. Valid for 10 minutes\.$/);
});
