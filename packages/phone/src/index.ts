export { maskPhone } from './mask-phone.js';
export { parsePhone, type Phone } from './parse-phone.js';
export { redactPhoneNumbers } from './redact-phone-numbers.js';
