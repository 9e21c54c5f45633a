export { parsePhone, type Phone } from './parse-phone.js';
