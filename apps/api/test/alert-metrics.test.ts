import { composeApi } from '@otp/api';
import { ApiKeyRegistry } from '@otp/api';
import { captureLogs, deadRedisUrl, testApiConfig } from '@otp/testkit';
import t from 'tap';
import { startApi } from './api-harness.js';

const KEY = 'shop-live-key-for-tests';
const SHOP = { headers: { 'x-api-key': KEY } };

/** The value of one sample line, e.g. `otp_redis_up 1`, or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

t.test('the series the alert rules read: conversion by country and app, budget, oldest waiting job, Redis', async (t) => {
  const api = await startApi(t, { API_KEYS: `shop:${ApiKeyRegistry.hash(KEY)}`, SMS_DAILY_BUDGET: '10' });
  const sent = await api.send({ phone: '+919876543210' }, SHOP);
  await api.send({ phone: '+919812345678' }, SHOP);
  t.equal(sent.statusCode, 202);
  const code = await api.codeOf(sent.body.requestId as string);
  t.equal((await api.verify('+919876543210', code, SHOP)).statusCode, 200);
  // No worker runs: both jobs wait, and the scrape reads their age from Redis.
  await new Promise((resolve) => setTimeout(resolve, 50));

  const text = (await api.api.app.inject({ url: '/metrics' })).body;
  t.equal(sample(text, 'otp_otp_requested_total{country="IN",app="shop"}'), 2);
  t.equal(sample(text, 'otp_otp_verified_total{country="IN",app="shop"}'), 1, 'verified carries the labels of the send');
  t.equal(sample(text, 'otp_sms_budget_limit{budget="global"}'), 10);
  t.equal(sample(text, 'otp_sms_budget_used{budget="global"}'), 2);
  t.equal(sample(text, 'otp_queue_jobs{state="waiting"}'), 2);
  const age = sample(text, 'otp_queue_oldest_waiting_age_seconds') ?? -1;
  t.ok(age >= 0.05 && age < 30, `the oldest waiting job's age is measured from its enqueue (${age} s)`);
  t.equal(sample(text, 'otp_redis_up'), 1);
});

t.test('without API keys the app label is the implicit app, default, and test numbers count in neither counter', async (t) => {
  const api = await startApi(t, { TEST_PHONE_NUMBERS: '+919999999999:123456' });
  const sent = await api.send({ phone: '+919876543210' });
  t.equal((await api.verify('+919876543210', await api.codeOf(sent.body.requestId as string))).statusCode, 200);
  await api.send({ phone: '+919999999999' });
  t.equal((await api.verify('+919999999999', '123456')).statusCode, 200);

  const text = (await api.api.app.inject({ url: '/metrics' })).body;
  t.equal(sample(text, 'otp_otp_requested_total{country="IN",app="default"}'), 1);
  t.equal(sample(text, 'otp_otp_verified_total{country="IN",app="default"}'), 1);
  t.equal(sample(text, 'otp_queue_oldest_waiting_age_seconds') !== undefined, true);
});

t.test('otp_redis_up is 0 while the API cannot reach Redis, and /metrics still answers', async (t) => {
  const api = await composeApi(testApiConfig({ REDIS_URL: await deadRedisUrl() }), captureLogs().logger);
  t.teardown(() => api.close());
  const response = await api.app.inject({ url: '/metrics' });
  t.equal(response.statusCode, 200);
  t.equal(sample(response.body, 'otp_redis_up'), 0);
});
