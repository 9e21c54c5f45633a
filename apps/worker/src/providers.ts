import type { Config } from '@otp/config';
import { DevelopmentProvider, type SmsProvider } from '@otp/sms';

/** The provider SMS_PROVIDER names. */
export function createProvider(config: Config): SmsProvider {
  switch (config.sms.provider) {
    case 'development':
      return new DevelopmentProvider();
  }
}
