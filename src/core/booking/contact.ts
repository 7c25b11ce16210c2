/**
 * Contact details: a Japanese phone number or an e-mail address, as people type them (全角 digits, ー for a
 * hyphen, spaces, +81). Numbers are checked against the Japanese numbering plan closely enough to catch
 * typos (a missing digit, an 11-digit landline) without a lookup table of area codes.
 */
import { z } from 'zod';

export type Contact = { kind: 'phone'; value: string } | { kind: 'email'; value: string };

export const ContactSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('phone'), value: z.string().regex(/^0\d{1,4}-?\d{1,4}-?\d{3,4}$|^0\d{9,10}$/) }),
  z.object({ kind: z.literal('email'), value: z.email().max(254) }),
]);

const hyphens = /[‐‑‒–—―−ー－ｰ-]/g;

/** Every character a phone number may contain once normalised. */
const phoneShape = /^\+?[\d\s()-]{9,20}$/;

export type PhoneCheck = { ok: true; value: string } | { ok: false; reason: 'length' | 'prefix' | 'shape' };

/**
 * Validates a Japanese phone number and returns it with half-width digits and hyphens.
 * - 060/070/080/090 (mobile), 050 (IP phone), 0800 (free dial): 11 digits
 * - 0120 (free dial), 0570 (navi dial), landlines 0[1-9]…: 10 digits
 * - 020 (pagers/M2M) and 00… (international prefixes) are not a contact number.
 */
export function checkPhone(input: string): PhoneCheck {
  const text = input.normalize('NFKC').replace(hyphens, '-').trim();
  if (!phoneShape.test(text)) return { ok: false, reason: 'shape' };
  let digits = text.replace(/\D/g, '');
  if (text.startsWith('+')) {
    if (!digits.startsWith('81')) return { ok: false, reason: 'prefix' };
    digits = `0${digits.slice(2)}`;
  }
  if (!digits.startsWith('0') || digits.startsWith('00') || digits.startsWith('020')) {
    return { ok: false, reason: 'prefix' };
  }
  const expected = /^0[56789]0/.test(digits) ? 11 : 10;
  if (digits.length !== expected) return { ok: false, reason: 'length' };
  return { ok: true, value: formatPhone(text.startsWith('+') ? digits : text, digits) };
}

/** Keeps the user's own grouping when they typed hyphens; otherwise groups the well-known prefixes. */
function formatPhone(typed: string, digits: string): string {
  const groups = typed
    .replace(/[\s()]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  if (/^\d+(-\d+){2}$/.test(groups) && groups.replace(/-/g, '') === digits) return groups;
  // 0120-XXX-XXX, 0570-XXX-XXX, 0800-XXX-XXXX
  if (/^0(120|570|800)/.test(digits)) return `${digits.slice(0, 4)}-${digits.slice(4, 7)}-${digits.slice(7)}`;
  if (digits.length === 11) return `${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}`;
  return digits;
}

export type EmailCheck = { ok: true; value: string } | { ok: false };

export function checkEmail(input: string): EmailCheck {
  const text = input
    .normalize('NFKC')
    .trim()
    .replace(/^mailto:/i, '');
  const parsed = z.email().max(254).safeParse(text);
  return parsed.success ? { ok: true, value: parsed.data.toLowerCase() } : { ok: false };
}

/** Where a contact was found in the NFKC-normalised text (hyphen folding keeps positions). */
export interface Found<T> {
  index: number;
  length: number;
  check: T;
}

/** Finds an e-mail address inside a longer message (「連絡先は yamada@example.jp です」). */
export function findEmail(text: string): Found<EmailCheck> | null {
  const match = /[\w.!#$%&'*+/=?^`{|}~-]+@[\w.-]+/.exec(text.normalize('NFKC'));
  if (!match) return null;
  const candidate = match[0].replace(/\.+$/, '');
  return { index: match.index, length: candidate.length, check: checkEmail(candidate) };
}

/** Finds a phone number inside a longer message. */
export function findPhone(text: string): Found<PhoneCheck> | null {
  const match = /(?:\+81[\s-]?|(?<!\d)0)\d[\d\s()-]{7,16}\d/.exec(
    text.normalize('NFKC').replace(hyphens, '-'),
  );
  if (!match) return null;
  return { index: match.index, length: match[0].length, check: checkPhone(match[0]) };
}

export function formatContact(contact: Contact): string {
  return contact.kind === 'phone' ? `電話 ${contact.value}` : `メール ${contact.value}`;
}
