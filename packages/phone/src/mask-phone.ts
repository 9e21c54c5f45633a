/**
 * Masks a phone number for logs and status records: keeps the country prefix
 * and the last four digits, so support can match a complaint without the log
 * holding a full number.
 */
export function maskPhone(phone: string): string {
  // Idempotent: log redaction may meet a value that was masked already.
  if (phone.includes('*')) return phone;
  const digits = phone.replace(/[^\d]/g, '');
  if (digits.length <= 6) return '*'.repeat(digits.length);
  const head = phone.startsWith('+') ? `+${digits.slice(0, 2)}` : digits.slice(0, 2);
  return `${head}${'*'.repeat(digits.length - 6)}${digits.slice(-4)}`;
}
