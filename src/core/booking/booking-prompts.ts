/**
 * The questions the booking flows ask, with their quick replies. Choice buttons send their label as text
 * (the answer reader reads it like typed text); flow actions are postbacks in the flow's namespace
 * ("consultation:…" / "visit:…"), which the engine routes to the active flow.
 */
import type { OutboundReply, QuickReply } from '../message.ts';
import {
  type BookingDraft,
  type BookingKind,
  type FieldName,
  fieldLabels,
  kindLabels,
  methods,
  roleChoices,
  topics,
  visitPurposes,
} from './booking-types.ts';
import { describeDraft, summaryCard } from './booking-view.ts';
import { maxPreferredDates, pickerRange } from './slot-rules.ts';

/** The personal-information notice; `version` is stored with each booking. */
export interface ConsentNotice {
  version: string;
  /** How long a booking is kept, in plain Japanese (「対応の完了から1年間」). */
  retention: string;
}

/**
 * The notice must say what the retention job really does (src/infra/privacy/retention.ts): personal
 * fields are blanked RETENTION_MESSAGE_DAYS after the booking's last activity, the record is deleted after
 * RETENTION_HANDOFF_DAYS. Build it from the configured days.
 */
export function consentNoticeFor(retention: { messageDays: number; handoffDays: number }): ConsentNotice {
  const span = (days: number) => (days % 365 === 0 ? `${days / 365}年` : `${days}日`);
  return {
    version: `booking-consent@1:${retention.messageDays}/${retention.handoffDays}`,
    retention: `お名前・連絡先・ご相談内容は、対応が終わってから${span(retention.messageDays)}後に消去し、受付の記録も${span(retention.handoffDays)}後に削除します`,
  };
}

/** With the default retention settings (RETENTION_MESSAGE_DAYS=90, RETENTION_HANDOFF_DAYS=1095). */
export const defaultConsentNotice: ConsentNotice = consentNoticeFor({ messageDays: 90, handoffDays: 1095 });

const quit: QuickReply = { label: 'やめる', text: 'やめる' };

const topicLabels: Record<(typeof topics)[number], string> = {
  メンタルヘルス対策: 'メンタルヘルス対策',
  両立支援: '治療と仕事の両立支援',
  '化学物質・リスクアセスメント対象物健康診断': '化学物質・RA対象物健診',
  '健康診断・面接指導': '健康診断・面接指導',
  長時間労働: '長時間労働',
  作業環境: '作業環境',
  その他: 'その他',
};

const textChoice = (label: string, text = label): QuickReply => ({ label, text });

export function introText(kind: BookingKind): string {
  return kind === 'consultation'
    ? '専門スタッフへのご相談（専門的相談）のお申し込みを承ります。いくつか順にお伺いします。途中でやめるときは「やめる」と入力してください。'
    : '事業場への個別訪問支援のお申し込みを承ります。いくつか順にお伺いします。途中でやめるときは「やめる」と入力してください。';
}

export function consentPrompt(kind: BookingKind, notice: ConsentNotice): OutboundReply {
  return {
    type: 'text',
    text: [
      'はじめに、個人情報の取り扱いについてご確認ください。',
      '・利用目的：このお申し込みの受付と、日程などのご連絡',
      '・見る人：お申し込み先の産業保健総合支援センター（または地域窓口）の担当者',
      `・保存期間：${notice.retention}`,
      '同意いただける場合は「同意する」を押してください。同意のあとで、お名前やご連絡先をお伺いします。',
    ].join('\n'),
    quickReplies: [
      { label: '同意する', postback: `${kind}:consent:yes` },
      { label: '同意しない', postback: `${kind}:consent:no` },
    ],
  };
}

const questions: Record<Exclude<FieldName, 'consent' | 'dates'>, string> = {
  topic: 'ご相談のテーマを選んでください。',
  purpose: '訪問で希望される支援を選ぶか、入力してください。',
  method: 'ご相談の方法を選んでください。',
  prefecture: '事業場のある都道府県を教えてください。（例：東京都）',
  role: 'あなたのお立場を教えてください。',
  specialInsurance: '労災保険の特別加入者ですか？',
  organisation: '事業場（会社）のお名前を教えてください。',
  address: '訪問先の事業場の所在地を教えてください。',
  headcount: '事業場で働いている方の人数を教えてください（パート・派遣を含む、おおよそで結構です）。',
  name: 'ご担当者のお名前を教えてください。',
  contact: 'ご連絡先の電話番号かメールアドレスを教えてください。',
  summary: 'ご相談になりたい内容を、簡単に教えてください（400字まで）。',
};

function choicesFor(field: FieldName, kind: BookingKind): QuickReply[] | undefined {
  switch (field) {
    case 'topic':
      return topics.map((topic) => textChoice(topicLabels[topic], topic));
    case 'purpose':
      return [...visitPurposes.map((purpose) => textChoice(purpose)), textChoice('その他')];
    case 'method':
      return methods.map((method) => textChoice(method === '面談' ? '面談（センター窓口）' : method, method));
    case 'role':
      return roleChoices.map((role) => textChoice(role));
    case 'specialInsurance':
      return [
        { label: 'はい', postback: `${kind}:special:yes` },
        { label: 'いいえ', postback: `${kind}:special:no` },
        { label: 'わからない', postback: `${kind}:special:unknown` },
      ];
    case 'headcount':
      return ['10人未満', '10〜49人', '50〜99人', '100〜299人', '300人以上'].map((band) => textChoice(band));
    default:
      return undefined;
  }
}

export function datesPrompt(kind: BookingKind, draft: BookingDraft, now: Date): OutboundReply {
  const count = draft.dates?.length ?? 0;
  const picker: QuickReply = {
    label: '日時をえらぶ',
    postback: `${kind}:date`,
    picker: { mode: 'datetime', ...pickerRange(now) },
  };
  if (count === 0) {
    return {
      type: 'text',
      text: `ご希望の日時を${maxPreferredDates}つまで教えてください。平日のみで、土日祝日と年末年始（12月29日〜1月3日）は除きます。\n例：「来週火曜の午後」「12月3日 10時」`,
      quickReplies: [picker, { label: '特に希望なし', postback: `${kind}:dates:none` }],
    };
  }
  return {
    type: 'text',
    text: `ほかにもご希望の日時があれば教えてください（あと${maxPreferredDates - count}つまで）。なければ「これで決定」を押してください。`,
    quickReplies: [{ label: 'これで決定', postback: `${kind}:dates:done` }, picker],
  };
}

export function fieldPrompt(
  field: FieldName,
  kind: BookingKind,
  draft: BookingDraft,
  now: Date,
  notice: ConsentNotice,
): OutboundReply {
  if (field === 'consent') return consentPrompt(kind, notice);
  if (field === 'dates') return datesPrompt(kind, draft, now);
  const choices = choicesFor(field, kind);
  const text = questions[field];
  return choices ? { type: 'text', text, quickReplies: choices } : { type: 'text', text };
}

export function confirmPrompt(
  kind: BookingKind,
  draft: BookingDraft,
  now: Date,
  deskName: string | null,
): OutboundReply[] {
  const rows = describeDraft(draft, kind, now);
  if (deskName) rows.splice(1, 0, { label: '申し込み先', value: deskName });
  return [
    summaryCard(`${kindLabels[kind]}のお申し込み内容`, rows, [
      { label: '送信する', postback: `${kind}:submit` },
      { label: '修正する', postback: `${kind}:edit` },
      quit,
    ]),
  ];
}

export function chooseFieldPrompt(kind: BookingKind, fields: readonly FieldName[]): OutboundReply {
  return {
    type: 'text',
    text: 'どの項目を修正しますか？',
    quickReplies: fields
      .filter((field): field is Exclude<FieldName, 'consent'> => field !== 'consent')
      .map((field) => ({ label: fieldLabels[field], postback: `${kind}:edit:${field}` }))
      .slice(0, 13),
  };
}
