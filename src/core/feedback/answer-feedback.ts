/**
 * Users rate answers (issue 15): after an `answer` reply in a one-to-one chat, quick replies
 * 「役に立った」「役に立たなかった」 carry postback data `feedback:<question message id>:<rating>`. Only the
 * user who asked may rate, within `ratingWindowMs` of the answer; a second tap changes the rating. After
 * 「役に立たなかった」 the user may send one line saying what was missing: the `feedback` flow takes the next
 * message as that comment (a question, a request or anything the safety check flags is routed as usual
 * instead). The comment stays a message like any other, so retention blanks it and forget-me deletes it.
 */
import type {
  ConversationFlow,
  FlowContext,
  FlowInput,
  FlowStep,
  PostbackHandler,
} from '../conversation/flow.ts';
import type { OutboundReply, QuickReply } from '../message.ts';
import { questionPattern } from '../triage/lexicon-domain.ts';

export const feedbackNamespace = 'feedback';
export const answerRatings = ['helpful', 'not_helpful'] as const;
export type AnswerRating = (typeof answerRatings)[number];

/** How long after an answer its rating buttons still count. */
export const ratingWindowMs = 7 * 24 * 60 * 60 * 1000;
/** How long the comment prompt waits for its one line; after that the next message is routed as usual. */
export const commentWindowMs = 30 * 60 * 1000;

export interface RateInput {
  /** The messages row id of the question that was answered. */
  questionMessageId: string;
  channel: string;
  userId: string;
  rating: AnswerRating;
  now: Date;
  /** Answers older than this are no longer rated. */
  notBefore: Date;
}

export interface AnswerFeedbackRepository {
  /**
   * Records or changes the rating of an answer. `refused` when the question is not an answered question
   * of this user (another user's, a forged id, not an `answer` decision) or is older than `notBefore`.
   */
  rate(input: RateInput): Promise<'recorded' | 'changed' | 'refused'>;
  /**
   * Links the user's message (channel + platform event id) to a 「役に立たなかった」 rating as its comment.
   * False when there is no such rating or the message is not the same user's.
   */
  attachComment(input: {
    questionMessageId: string;
    channel: string;
    eventId: string;
    now: Date;
  }): Promise<boolean>;
}

const payloadPattern =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):(helpful|not_helpful|skip)$/u;

export function ratingQuickReplies(questionMessageId: string): QuickReply[] {
  return [
    { label: '役に立った', postback: `${feedbackNamespace}:${questionMessageId}:helpful` },
    { label: '役に立たなかった', postback: `${feedbackNamespace}:${questionMessageId}:not_helpful` },
  ];
}

const thanksText = 'ご評価ありがとうございます。今後のご案内の改善に役立てます。';
const askCommentText =
  'ご評価ありがとうございます。よろしければ、どこが足りなかったかを一言お送りください（任意です）。' +
  'いただいた内容はセンターの担当者が確認し、資料の改善に使います。';
const refusedText =
  'この評価は受け付けられませんでした。評価の期限が過ぎているか、このボタンがほかの方への回答のものである可能性があります。';
const commentThanksText = 'ありがとうございます。いただいたご意見は、センターの担当者が確認します。';
const skippedText = '承知しました。ご評価ありがとうございました。';

interface CommentState {
  questionMessageId: string;
}

function readCommentState(state: unknown): CommentState | undefined {
  const id = (state as { questionMessageId?: unknown } | null)?.questionMessageId;
  return typeof id === 'string' ? { questionMessageId: id } : undefined;
}

type RatingOutcome = { replies: OutboundReply[]; askComment?: CommentState };

async function applyRating(
  repository: AnswerFeedbackRepository,
  payload: string,
  ctx: FlowContext,
): Promise<RatingOutcome> {
  const match = payloadPattern.exec(payload);
  if (match === null) return { replies: [{ type: 'text', text: refusedText }] };
  const questionMessageId = match[1]!;
  if (match[2] === 'skip') return { replies: [{ type: 'text', text: skippedText }] };
  const rating = match[2] as AnswerRating;
  const result = await repository.rate({
    questionMessageId,
    channel: ctx.channel,
    userId: ctx.userId,
    rating,
    now: ctx.now,
    notBefore: new Date(ctx.now.getTime() - ratingWindowMs),
  });
  if (result === 'refused') return { replies: [{ type: 'text', text: refusedText }] };
  if (rating === 'helpful') return { replies: [{ type: 'text', text: thanksText }] };
  return {
    replies: [
      {
        type: 'text',
        text: askCommentText,
        quickReplies: [{ label: 'スキップ', postback: `${feedbackNamespace}:${questionMessageId}:skip` }],
      },
    ],
    askComment: { questionMessageId },
  };
}

/** The rating buttons when no comment prompt is open (with one open, the flow below takes them). */
export function createAnswerRatingHandler(repository: AnswerFeedbackRepository): PostbackHandler {
  return {
    namespace: feedbackNamespace,
    async handle(_message, payload, ctx) {
      const outcome = await applyRating(repository, payload, ctx);
      return {
        decision: null,
        replies: outcome.replies,
        duplicate: false,
        ...(outcome.askComment === undefined
          ? {}
          : { flow: { kind: feedbackNamespace, state: outcome.askComment } }),
      };
    },
  };
}

/** A question, a request or a greeting is not a comment: it leaves the prompt and is routed as usual. */
function isComment(text: string): boolean {
  return !questionPattern.re.test(text.normalize('NFKC')) && text.trim().length >= 2;
}

/** The open comment prompt after 「役に立たなかった」. */
export function createFeedbackCommentFlow(repository: AnswerFeedbackRepository): ConversationFlow {
  return {
    kind: feedbackNamespace,
    expiresAfterMs: commentWindowMs,
    letsGo: true,
    // Never started by triage: only the rating handler opens it.
    async start(): Promise<FlowStep> {
      return { state: null, replies: [], status: 'done' };
    },
    async step(state: unknown, input: FlowInput, ctx: FlowContext): Promise<FlowStep> {
      const open = readCommentState(state);
      if (input.postback !== undefined) {
        const payload = input.postback.data.slice(feedbackNamespace.length + 1);
        const outcome = await applyRating(repository, payload, ctx);
        return outcome.askComment === undefined
          ? { state, replies: outcome.replies, status: 'done' }
          : { state: outcome.askComment, replies: outcome.replies, status: 'active' };
      }
      const text = input.text ?? '';
      if (open === undefined || !isComment(text)) return { state, replies: [], status: 'not_understood' };
      await repository.attachComment({
        questionMessageId: open.questionMessageId,
        channel: ctx.channel,
        eventId: ctx.eventId,
        now: ctx.now,
      });
      return { state: null, replies: [{ type: 'text', text: commentThanksText }], status: 'done' };
    },
    pendingPrompt(): OutboundReply[] {
      return [];
    },
  };
}
