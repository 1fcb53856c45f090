/**
 * Reading untrusted form fields. Every field has a length limit and a pattern; a value that does
 * not fit is refused with a message that names the field, never one that repeats the value.
 */

export class FormError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 403 | 409 | 413 = 400,
  ) {
    super(message);
  }
}

export type Form = Record<string, string | File | (string | File)[]>;

/** A single text field: absent → '', a file or a repeated field → refused. */
export function text(form: Form, name: string, max: number, label: string): string {
  const value = form[name];
  if (value === undefined) return '';
  if (typeof value !== 'string') throw new FormError(`${label}: expected one text value.`);
  if (value.length > max) throw new FormError(`${label}: at most ${max} characters.`);
  return value;
}

const NAME = /^[\p{L}\p{M}\p{N} .,'’&-]*$/u;
const PHONE = /^[0-9 +().-]*$/;
const EMAIL = /^[^\s@<>"'`;,()\\]{1,64}@[A-Za-z0-9.-]{1,189}\.[A-Za-z]{2,}$/;

export function personName(form: Form, name: string, label: string, required: boolean): string {
  const value = text(form, name, 80, label).trim();
  if (required && value === '') throw new FormError(`${label}: required.`);
  if (!NAME.test(value)) throw new FormError(`${label}: letters, digits, spaces and . , ' & - only.`);
  return value;
}

export function phone(form: Form): string {
  const value = text(form, 'phone', 30, 'Phone').trim();
  if (!PHONE.test(value)) throw new FormError('Phone: digits, spaces and + ( ) . - only.');
  return value;
}

export function email(form: Form): string {
  const value = text(form, 'email', 254, 'Email').trim();
  if (!EMAIL.test(value)) throw new FormError('Email: enter an address such as name@example.com.');
  return value;
}

/** A TOTP token as typed: spaces removed, exactly `digits` digits. */
export function token(form: Form, digits: number): string {
  const value = text(form, 'token', 64, 'Token').replace(/[\s]/g, '');
  if (!new RegExp(`^[0-9]{${digits}}$`).test(value)) throw new FormError(`Token: enter the ${digits} digits your app shows.`);
  return value;
}

export function recoveryCode(form: Form): string {
  const value = text(form, 'code', 40, 'Recovery code').trim();
  if (!/^[A-Za-z0-9 -]{1,40}$/.test(value)) throw new FormError('Recovery code: letters, digits and dashes, as printed.');
  return value;
}

export function password(form: Form, name = 'password', label = 'Password'): string {
  const value = text(form, name, 256, label);
  if (value === '') throw new FormError(`${label}: required.`);
  return value;
}

/** A new password: 10 to 256 characters. */
export function newPassword(form: Form, name = 'password'): string {
  const value = password(form, name, 'New password');
  if (value.length < 10) throw new FormError('New password: at least 10 characters.');
  return value;
}
