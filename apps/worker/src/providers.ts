import type { SmsProviderName, WorkerConfig } from '@otp/config';
import { CALLBACK_PATHS } from '@otp/delivery';
import { DevelopmentProvider, Msg91Provider, ProviderRouter, TwilioProvider, type SmsProvider } from '@otp/sms';

/** Every provider the configuration uses: SMS_PROVIDER, the SMS_ROUTES targets and SMS_FALLBACK_PROVIDER. */
export function providersInUse(config: WorkerConfig): SmsProviderName[] {
  const names = new Set<SmsProviderName>([config.sms.provider, ...config.sms.routes.map((route) => route.provider)]);
  if (config.sms.fallbackProvider) names.add(config.sms.fallbackProvider);
  return [...names];
}

/** The provider `name` built from config (config validation guarantees its credentials). */
export function createProvider(config: WorkerConfig, name: SmsProviderName): SmsProvider {
  const { sms } = config;
  switch (name) {
    case 'development':
      return new DevelopmentProvider();
    case 'twilio':
      return new TwilioProvider({
        accountSid: sms.twilio.accountSid as string,
        authToken: sms.twilio.authToken as string,
        messagingServiceSid: sms.twilio.messagingServiceSid,
        phoneNumber: sms.twilio.phoneNumber,
        statusCallbackUrl: sms.publicBaseUrl ? `${sms.publicBaseUrl}${CALLBACK_PATHS.twilio}` : undefined,
        apiBaseUrl: sms.twilio.apiBaseUrl,
        timeoutMs: sms.providerTimeoutMs,
      });
    case 'msg91':
      return new Msg91Provider({
        authKey: sms.msg91.authKey as string,
        templateId: sms.msg91.templateId as string,
        senderId: sms.msg91.senderId,
        route: sms.msg91.route,
        apiBaseUrl: sms.msg91.apiBaseUrl,
        timeoutMs: sms.providerTimeoutMs,
      });
  }
}

/**
 * The router over every provider in use. `overrides` stand in for the providers
 * configured under those names, e.g. a development provider writing into a test's stream.
 */
export function createRouter(config: WorkerConfig, overrides: Readonly<Partial<Record<SmsProviderName, SmsProvider>>> = {}): ProviderRouter {
  const providers = new Map<string, SmsProvider>(providersInUse(config).map((name) => [name, createProvider(config, name)]));
  for (const [name, provider] of Object.entries(overrides)) providers.set(name, provider);
  return new ProviderRouter({
    providers,
    defaultProvider: config.sms.provider,
    routes: config.sms.routes,
    fallbackProvider: config.sms.fallbackProvider,
  });
}
