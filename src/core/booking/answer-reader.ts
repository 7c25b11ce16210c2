/**
 * Reads booking answers out of one message: 「東京の製造業で従業員30人、人事の山田です。電話で相談したいです」
 * fills prefecture, industry, headcount, role, name and method at once. Two modes per field:
 * - strict (the field was not asked): only unmistakable phrasings count, so a word in passing
 *   (「産業医がいない」) never becomes an answer;
 * - lenient (the field was just asked): the message is taken as the answer to it.
 * Rules only, no model: the same input always gives the same reading, and tests pin it down.
 */
import type { BookingDraft, FieldName } from './booking-types.ts';
import { findEmail, findPhone } from './contact.ts';
import { type DateParseProblem, type DateWish, parseDateWishes } from './date-parser.ts';
import type { Center } from './ports.ts';
import {
  looksLikeAside,
  readMethod,
  readNameStrict,
  readPurpose,
  readRole,
  readSpecialInsurance,
  readTopic,
} from './request-readers.ts';
import { matchPrefecture, readHeadcount, readIndustry, readOrganisation } from './workplace-readers.ts';

export interface FieldError {
  field: FieldName;
  message: string;
}

export interface Reading {
  values: Partial<BookingDraft>;
  /** Dates read from the text (not yet checked against business days). */
  dates: DateWish[];
  dateProblems: DateParseProblem[];
  errors: FieldError[];
}

export interface ReadOptions {
  now: Date;
  centers: readonly Center[];
  /** The field just asked, read leniently; null reads everything strictly. */
  awaiting: FieldName | null;
  kind: 'consultation' | 'visit';
}

/** Fields whose answer is free text: the whole message is the answer, nothing else is read from it. */
export const freeTextFields: ReadonlySet<FieldName> = new Set(['organisation', 'name', 'address', 'summary']);

export function readAnswers(text: string, options: ReadOptions): Reading {
  const reading: Reading = { values: {}, dates: [], dateProblems: [], errors: [] };
  const normalized = text.normalize('NFKC').replace(/\s+/g, ' ').trim();
  const lenient = (field: FieldName) => options.awaiting === field;

  if (options.awaiting !== null && freeTextFields.has(options.awaiting)) {
    readFreeText(options.awaiting, normalized, reading, options.centers);
    return reading;
  }

  let rest = readContact(normalized, reading, lenient('contact'));
  const dateRead = parseDateWishes(rest, options.now);
  reading.dates = dateRead.wishes;
  reading.dateProblems = dateRead.problems;

  const prefecture = matchPrefecture(rest, options.centers, lenient('prefecture'));
  if (prefecture) {
    reading.values.prefecture = prefecture.prefecture;
    rest = rest.replace(prefecture.matched, ' ');
  } else if (lenient('prefecture') && !looksLikeAside(normalized)) {
    reading.errors.push({
      field: 'prefecture',
      message: '都道府県名が読み取れませんでした。「東京都」「大阪府」のように教えてください。',
    });
  }

  const headcount = readHeadcount(rest, lenient('headcount'));
  if (headcount) reading.values.headcount = headcount;

  const role = readRole(rest, lenient('role'));
  if (role) {
    reading.values.role = role.role;
    reading.values.selfEmployed = role.selfEmployed;
  }

  const name = readNameStrict(rest, options.centers);
  if (name) reading.values.name = name;

  if (options.kind === 'consultation') {
    const method = readMethod(rest, lenient('method'));
    if (method) reading.values.method = method;
  }

  const topic = readTopic(rest, lenient('topic'));
  if (topic) reading.values.topic = topic;

  if (options.kind === 'visit' && lenient('purpose')) {
    const purpose = readPurpose(normalized);
    if (purpose) reading.values.purpose = purpose;
  }

  const organisation = readOrganisation(rest);
  if (organisation) reading.values.organisation = organisation;

  const industry = readIndustry(rest);
  if (industry) reading.values.industry = industry;

  if (lenient('specialInsurance')) {
    const answer = readSpecialInsurance(normalized);
    if (answer) reading.values.specialInsurance = answer;
  }
  return reading;
}

/** Finds and checks a phone number or e-mail address; returns the text with it blanked out. */
function readContact(text: string, reading: Reading, lenient: boolean): string {
  let rest = text;
  const email = findEmail(rest);
  if (email) {
    if (email.check.ok) reading.values.contact = { kind: 'email', value: email.check.value };
    else {
      reading.errors.push({
        field: 'contact',
        message:
          'メールアドレスの形式が正しくないようです。「yamada@example.jp」のような形でもう一度お知らせください。',
      });
    }
    rest = blank(rest, email.index, email.length);
  }
  const phone = findPhone(rest);
  if (phone) {
    if (phone.check.ok) reading.values.contact ??= { kind: 'phone', value: phone.check.value };
    else {
      reading.errors.push({
        field: 'contact',
        message:
          phone.check.reason === 'length'
            ? '電話番号の桁数が合わないようです。市外局番からもう一度お知らせください。'
            : '電話番号として読み取れませんでした。「03-1234-5678」のような形でお知らせください。',
      });
    }
    rest = blank(rest, phone.index, phone.length);
  }
  if (lenient && !email && !phone && !looksLikeAside(text)) {
    // Neither shape was found: a number too short to start with 0 (「1234-5678」) or no contact at all.
    reading.errors.push({
      field: 'contact',
      message: /\d{4}/.test(text)
        ? '電話番号は市外局番から、「03-1234-5678」のような形でお知らせください。'
        : '電話番号かメールアドレスが読み取れませんでした。もう一度お知らせください。',
    });
  }
  return rest;
}

/** Cuts a found contact out (one space stays), so 「電話03-1234-5678で相談」 still reads as 「電話 で相談」. */
function blank(text: string, index: number, length: number): string {
  return `${text.slice(0, index)} ${text.slice(index + length)}`;
}

function readFreeText(field: FieldName, text: string, reading: Reading, centers: readonly Center[]): void {
  const limits: Partial<Record<FieldName, { min: number; max: number }>> = {
    organisation: { min: 1, max: 100 },
    name: { min: 1, max: 30 },
    address: { min: 4, max: 200 },
    summary: { min: 2, max: 400 },
  };
  const aside = field === 'summary' ? /^(ところで|ちなみに|そういえば)/.test(text) : looksLikeAside(text);
  if (aside) return;
  let value = text;
  if (field === 'name') {
    value = value
      .replace(/^(名前は|氏名は|担当は|担当者は|私は|わたしは)/, '')
      .replace(/(です|と申します|といいます|と言います|でございます)[。.]?$/, '')
      .replace(/(様|さま|さん)$/, '')
      .trim();
    if (/[\d@]/.test(value)) {
      reading.errors.push({ field, message: 'お名前だけを入力してください。' });
      return;
    }
  } else if (field === 'organisation') {
    value = value
      .replace(/^(会社名は|事業場名は|社名は)/, '')
      .replace(/(です|でございます)[。.]?$/, '')
      .trim();
  } else if (field === 'address') {
    value = value
      .replace(/^(住所は|所在地は)/, '')
      .replace(/(です|にあります)[。.]?$/, '')
      .trim();
    const prefecture = matchPrefecture(value, centers, false);
    if (prefecture) reading.values.prefecture = prefecture.prefecture;
  }
  const limit = limits[field]!;
  if (value.length < limit.min) {
    reading.errors.push({ field, message: 'もう少し詳しく教えてください。' });
    return;
  }
  if (value.length > limit.max) {
    reading.errors.push({ field, message: `${limit.max}字以内でお知らせください。` });
    return;
  }
  (reading.values as Record<string, string>)[field] = value;
}
