import { Type, type Static } from 'typebox';
import { core } from './core.js';
import { guard } from './guard.js';
import { ops } from './ops.js';
import { otp } from './otp.js';
import { sms } from './sms.js';

/** Every section, in the order the README's config table lists them. */
export const SECTIONS = { core, otp, sms, guard, ops };

/**
 * Every environment variable the service reads, keyed by its real name so a
 * validation error can name the variable to fix.
 */
export const EnvSchema = Type.Object({ ...core.env, ...otp.env, ...sms.env, ...guard.env, ...ops.env });

export type Env = Static<typeof EnvSchema>;
