/**
 * The booking conversation as a small state machine, shared by the consultation and visit flows.
 * State = the draft so far + what was asked last. Each message may answer several questions; only what is
 * still missing is asked; any answer can be changed (「電話番号を変更したい」 or 修正する on the summary).
 * Consent comes first: until the user agrees, personal details (name, contact, organisation, address) are
 * not kept, and nothing is written to the bookings table before the summary is confirmed.
 */
import { z } from 'zod';
import type { ConversationFlow, FlowContext, FlowInput, FlowStep } from '../conversation/flow.ts';
import type { OutboundReply } from '../message.ts';
import { type FieldError, freeTextFields, readAnswers } from './answer-reader.ts';
import {
  type ConsentNotice,
  chooseFieldPrompt,
  confirmPrompt,
  defaultConsentNotice,
  fieldPrompt,
  introText,
} from './booking-prompts.ts';
import type { BookingService } from './booking-service.ts';
import {
  type BookingDraft,
  BookingDraftSchema,
  type BookingKind,
  bookingKinds,
  type FieldName,
  fieldNames,
} from './booking-types.ts';
import { type DateWish, readPickerParams } from './date-parser.ts';
import { type EditRequest, readEditRequest } from './edit-request.ts';
import { fieldsFor, nextField } from './field-order.ts';
import { mergeAnswers } from './merge-answers.ts';
import type { CenterDirectory } from './ports.ts';
import { looksLikeAside } from './request-readers.ts';
import { describeDesk, routeBooking } from './routing.ts';
import { describeDateProblems } from './slot-rules.ts';
import { submitBooking } from './submit-booking.ts';

const awaitingValues = [...fieldNames, 'confirm', 'choose_field'] as const;
type Awaiting = (typeof awaitingValues)[number];

export const BookingFlowState = z.object({
  v: z.literal(1),
  kind: z.enum(bookingKinds),
  /** Idempotency key of the eventual booking: the conversation and the event that started the flow. */
  requestKey: z.string().min(1).max(300),
  draft: BookingDraftSchema,
  awaiting: z.enum(awaitingValues),
  /** True while changing one answer from the summary: go back to the summary once it is given. */
  editing: z.boolean(),
  /** When the last question was asked; pendingPrompt rebuilds it (the date picker's range) from this. */
  askedAt: z.iso.datetime(),
});
export type BookingFlowState = z.infer<typeof BookingFlowState>;

export interface BookingFlowDeps {
  service: BookingService;
  centers: CenterDirectory;
  consentNotice?: ConsentNotice;
}

export function createBookingFlow(kind: BookingKind, deps: BookingFlowDeps): ConversationFlow {
  const notice = deps.consentNotice ?? defaultConsentNotice;

  const deskName = (draft: BookingDraft): string | null => {
    const routing = routeBooking(draft, deps.centers);
    return routing ? describeDesk(routing.center, routing.desk) : null;
  };

  const promptFor = (state: BookingFlowState, now: Date): OutboundReply[] => {
    if (state.awaiting === 'confirm') return confirmPrompt(kind, state.draft, now, deskName(state.draft));
    if (state.awaiting === 'choose_field') return [chooseFieldPrompt(kind, editableFields(state))];
    return [fieldPrompt(state.awaiting, kind, state.draft, now, notice)];
  };

  const editableFields = (state: BookingFlowState): FieldName[] =>
    fieldsFor(kind, state.draft).filter((field) => field !== 'consent');

  /** Moves to the next question (or the summary) and builds the reply. */
  const advance = (state: BookingFlowState, now: Date, lead: string[]): FlowStep => {
    const next = nextField(kind, state.draft);
    const awaiting: Awaiting = next ?? 'confirm';
    const updated: BookingFlowState = {
      ...state,
      awaiting,
      editing: next === null ? false : state.editing,
      askedAt: now.toISOString(),
    };
    const replies: OutboundReply[] = [];
    if (lead.length > 0) replies.push({ type: 'text', text: lead.join('\n') });
    replies.push(...promptFor(updated, now));
    return { state: updated, replies, status: 'active' };
  };

  const reask = (
    current: BookingFlowState,
    now: Date,
    lead: string[],
    status: FlowStep['status'],
  ): FlowStep => {
    const state = { ...current, askedAt: now.toISOString() };
    const replies: OutboundReply[] = [];
    if (lead.length > 0) replies.push({ type: 'text', text: lead.join('\n') });
    replies.push(...promptFor(state, now));
    return { state, replies, status };
  };

  const apply = (state: BookingFlowState, values: Partial<BookingDraft>, dates: DateWish[], now: Date) =>
    mergeAnswers(state.draft, values, dates, { now, centers: deps.centers });

  const acknowledge = (changed: string[]): string[] =>
    changed.length >= 2 ? [`${changed.join('・')}を承りました。`] : [];

  const readState = (raw: unknown): BookingFlowState | null => {
    const parsed = BookingFlowState.safeParse(raw);
    return parsed.success && parsed.data.kind === kind ? parsed.data : null;
  };

  const handleText = async (state: BookingFlowState, text: string, ctx: FlowContext): Promise<FlowStep> => {
    const trimmed = text.normalize('NFKC').trim();
    if (/^(やめる|やめます|中止|中止する|キャンセル|取り消し)$/.test(trimmed)) return cancelled(state);
    if (state.awaiting === 'consent') {
      // Typed instead of tapped (a screen reader, the console, an old client): only an explicit answer.
      const consent = readTypedConsent(trimmed);
      if (consent !== null) return handlePostback(state, { data: `consent:${consent}` }, ctx);
    }

    if (
      state.awaiting === 'confirm' &&
      /^(送信|送信する|送信します|はい|お願いします|これでお願いします|OK)$/i.test(trimmed)
    ) {
      return submit(state, ctx);
    }
    if (
      (state.awaiting === 'confirm' || state.awaiting === 'choose_field') &&
      /^(修正|修正する|修正します|直す)$/.test(trimmed)
    ) {
      return reask({ ...state, awaiting: 'choose_field' }, ctx.now, [], 'active');
    }

    const awaitingField = isField(state.awaiting) ? state.awaiting : null;
    const edit: EditRequest | null = readEditRequest(trimmed, {
      choosingField: state.awaiting === 'choose_field',
      freeTextAnswer: awaitingField !== null && freeTextFields.has(awaitingField),
    });
    const reading = readAnswers(text, {
      now: ctx.now,
      centers: deps.centers.list(),
      awaiting: edit?.field ?? awaitingField,
      kind,
    });

    if (edit !== null && !fieldsFor(kind, state.draft).includes(edit.field)) {
      return reask({ ...state, awaiting: 'choose_field' }, ctx.now, [], 'active');
    }
    if (edit !== null && !hasValueFor(edit.field, reading.values, reading.dates)) {
      // 「電話番号を変更したい」: ask for that answer again, then come back to the summary.
      const draft = { ...state.draft };
      if (edit.field === 'dates') {
        delete draft.datesDone;
        draft.dates = [];
      }
      return reask({ ...state, draft, awaiting: edit.field, editing: true }, ctx.now, [], 'active');
    }
    if (state.awaiting === 'choose_field')
      return reask(state, ctx.now, ['項目名を選んでください。'], 'active');

    const mismatched = new Set(
      reading.dateProblems.flatMap((p) => (p.kind === 'weekday_mismatch' ? [p.date] : [])),
    );
    const dates = reading.dates.filter((wish) => !mismatched.has(wish.date));
    const { draft, changed, notes } = apply(state, reading.values, dates, ctx.now);
    const errors = [
      ...reading.errors.map((e: FieldError) => e.message),
      ...describeDateProblems(reading.dateProblems),
    ];
    const updated: BookingFlowState = { ...state, draft, editing: state.editing || edit !== null };

    if (changed.length === 0) {
      if (errors.length > 0 || notes.length > 0)
        return reask(updated, ctx.now, [...notes, ...errors], 'active');
      // Not an answer: the engine answers a question (and repeats our prompt); otherwise our re-ask is sent.
      const lead = looksLikeAside(text) ? [] : ['すみません、うまく読み取れませんでした。'];
      return reask(state, ctx.now, lead, 'not_understood');
    }
    return advance(updated, ctx.now, [...acknowledge(changed), ...notes, ...errors]);
  };

  const handlePostback = async (
    state: BookingFlowState,
    postback: NonNullable<FlowInput['postback']>,
    ctx: FlowContext,
  ): Promise<FlowStep> => {
    const payload = postback.data.startsWith(`${kind}:`)
      ? postback.data.slice(kind.length + 1)
      : postback.data;
    const [action, arg] = payload.split(':');
    switch (action) {
      case 'consent':
        if (arg === 'no') {
          return {
            state: null,
            status: 'cancelled',
            replies: [
              {
                type: 'text',
                text: '承知しました。同意いただけない場合、このトークではお申し込みを承れません。お近くの産業保健総合支援センターへ直接お問い合わせください。',
              },
            ],
          };
        }
        return advance(
          { ...state, draft: { ...state.draft, consentAt: ctx.now.toISOString() } },
          ctx.now,
          [],
        );
      case 'special': {
        const answer = z.enum(['yes', 'no', 'unknown']).safeParse(arg);
        if (!answer.success) return reask(state, ctx.now, [], 'active');
        return advance({ ...state, draft: { ...state.draft, specialInsurance: answer.data } }, ctx.now, []);
      }
      case 'date': {
        const wish = readPickerParams(postback.params);
        if (wish === null)
          return reask(state, ctx.now, ['日時を読み取れませんでした。もう一度お選びください。'], 'active');
        const { draft, changed, notes } = apply(state, {}, [wish], ctx.now);
        if (changed.length === 0) return reask(state, ctx.now, notes, 'active');
        return advance({ ...state, draft }, ctx.now, notes);
      }
      case 'dates': {
        const draft: BookingDraft = { ...state.draft, datesDone: true };
        if (arg === 'none') draft.dates = [];
        return advance({ ...state, draft }, ctx.now, []);
      }
      case 'submit':
        return state.awaiting === 'confirm' ? submit(state, ctx) : reask(state, ctx.now, [], 'active');
      case 'edit': {
        const field = z.enum(fieldNames).safeParse(arg);
        if (!field.success || field.data === 'consent') {
          return reask({ ...state, awaiting: 'choose_field' }, ctx.now, [], 'active');
        }
        const draft = { ...state.draft };
        if (field.data === 'dates') {
          delete draft.datesDone;
          draft.dates = [];
        }
        return reask({ ...state, draft, awaiting: field.data, editing: true }, ctx.now, [], 'active');
      }
      default:
        return reask(state, ctx.now, [], 'active');
    }
  };

  const submit = async (state: BookingFlowState, ctx: FlowContext): Promise<FlowStep> => {
    const missing = nextField(kind, state.draft);
    if (missing !== null) return advance(state, ctx.now, []);
    const replies = await submitBooking(kind, state.draft, state.requestKey, ctx, deps, notice);
    return { state: null, replies, status: 'done' };
  };

  const start = async (input: FlowInput, ctx: FlowContext): Promise<FlowStep> => {
    if (ctx.isGroup) {
      return {
        state: null,
        status: 'cancelled',
        replies: [{ type: 'text', text: 'お申し込みは、1対1のトークでお願いします。' }],
      };
    }
    const state: BookingFlowState = {
      v: 1,
      kind,
      requestKey: `${ctx.conversationId}:${ctx.eventId}`,
      draft: {},
      awaiting: 'consent',
      editing: false,
      askedAt: ctx.now.toISOString(),
    };
    if (input.text) {
      // The message that started the flow may already hold answers (「東京で30人、電話で相談したい」).
      const reading = readAnswers(input.text, {
        now: ctx.now,
        centers: deps.centers.list(),
        awaiting: null,
        kind,
      });
      state.draft = apply(state, reading.values, reading.dates, ctx.now).draft;
    }
    return {
      state,
      replies: [{ type: 'text', text: introText(kind) }, ...promptFor(state, ctx.now)],
      status: 'active',
    };
  };

  return {
    kind,
    start,

    async step(raw, input, ctx) {
      const state = readState(raw);
      if (state === null) {
        const restarted = await start({}, ctx);
        const apology = '申し訳ありません。途中の内容を読み込めなかったため、最初からお伺いします。';
        return { ...restarted, replies: [{ type: 'text', text: apology }, ...restarted.replies] };
      }
      if (input.postback) return handlePostback(state, input.postback, ctx);
      if (input.text) return handleText(state, input.text, ctx);
      return reask(state, ctx.now, [], 'not_understood');
    },

    pendingPrompt(raw) {
      const state = readState(raw);
      return state === null ? [] : promptFor(state, new Date(state.askedAt));
    },
  };
}

function cancelled(_state: BookingFlowState): FlowStep {
  return {
    state: null,
    status: 'cancelled',
    replies: [{ type: 'text', text: 'お申し込みを中止しました。入力いただいた内容は保存していません。' }],
  };
}

/** 「同意する」「はい、同意します」 → yes; 「同意しない」「いいえ」 → no; anything else is not an answer. */
function readTypedConsent(text: string): 'yes' | 'no' | null {
  const t = text.replace(/[。.!！、,\s]/g, '');
  if (/^(同意しない|同意しません|同意できない|同意できません|いいえ)$/.test(t)) return 'no';
  if (/^(はい)?(同意|同意する|同意します)$|^はい$/.test(t)) return 'yes';
  return null;
}

function isField(value: Awaiting): value is FieldName {
  return value !== 'confirm' && value !== 'choose_field';
}

function hasValueFor(field: FieldName, values: Partial<BookingDraft>, dates: DateWish[]): boolean {
  if (field === 'dates') return dates.length > 0;
  if (field === 'consent') return false;
  return values[field] !== undefined;
}
