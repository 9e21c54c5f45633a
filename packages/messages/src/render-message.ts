/**
 * Fills the SMS template. `{otp}` is the code and `{minutes}` the lifetime in whole
 * minutes; with the defaults this gives exactly
 * "Your IndoStar Naturals verification code is: 123456. Valid for 10 minutes."
 */
export function renderMessage(template: string, values: { otp: string; ttlSeconds: number }): string {
  const minutes = String(Math.ceil(values.ttlSeconds / 60));
  return template.replaceAll('{otp}', values.otp).replaceAll('{minutes}', minutes);
}
