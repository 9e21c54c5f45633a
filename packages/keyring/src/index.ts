export { Keyring, type DerivedKey, type KeyringSecrets } from './keyring.js';
