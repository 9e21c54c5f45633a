import VoiceResponse from 'twilio/lib/twiml/VoiceResponse.js';
import type { SayLanguage } from './twilio-say-language.js';

/** How many times the call reads the code: a listener who missed a digit hears it again. */
const READINGS = 2;

/**
 * The TwiML of an OTP call, built with the SDK's VoiceResponse (which escapes
 * the text): the prompt, then the code digit by digit, twice. Each digit is a
 * sentence of its own ("4. 8. 2.") so every text-to-speech voice pauses after
 * it, and a pause separates the readings.
 */
export function otpCallTwiml(prompt: string, otp: string, language: SayLanguage): string {
  const response = new VoiceResponse();
  const digits = [...otp].map((digit) => `${digit}.`).join(' ');
  for (let reading = 1; reading <= READINGS; reading++) {
    response.say({ language }, prompt);
    response.pause({ length: 1 });
    response.say({ language }, digits);
    if (reading < READINGS) response.pause({ length: 2 });
  }
  return response.toString();
}
