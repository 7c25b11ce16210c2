/**
 * Center answers (issue 15, part 3): staff turn a knowledge gap into an answer users get. A staff member
 * drafts it (question, answer, topic, the official URLs it rests on); a second staff member approves it;
 * only then is it indexed as a knowledge document of kind `center` and cited to users as
 * 「〇〇産業保健総合支援センターの回答」 with its official source. A draft can be sent back (rejected), an
 * approved answer withdrawn; withdrawal removes it from retrieval at once. Every change is an event.
 *
 * The repository is the source of truth; the index is reconciled from it after every change (and at
 * start-up), so a failed indexing step is repaired by the next reconcile and never leaves a withdrawn
 * answer searchable for longer than that call.
 */
import { AppError } from '../errors.ts';
import { isOfficialUrl, officialHostList } from '../knowledge/official-sources.ts';
import type { Clock, Logger } from '../ports.ts';

export type CenterAnswerStatus = 'draft' | 'approved' | 'rejected' | 'withdrawn';

export interface StaffMember {
  /** Channel-qualified: `slack:U…` or `web:<name>`. */
  id: string;
  name: string;
}

export interface CenterAnswerInput {
  centerId: string | null;
  question: string;
  answer: string;
  topic: string | null;
  sourceUrls: string[];
  /** The gap (an `answer` decision) this answers, when drafted from one. */
  gapDecisionId?: string | null | undefined;
}

export interface CenterAnswer extends Required<CenterAnswerInput> {
  id: string;
  status: CenterAnswerStatus;
  version: number;
  draftedBy: StaffMember;
  approvedBy: StaffMember | null;
  approvedAt: Date | null;
  closedBy: StaffMember | null;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type CenterAnswerAction = 'drafted' | 'approved' | 'rejected' | 'withdrawn';

export interface CenterAnswerRepository {
  insertDraft(
    id: string,
    input: Required<CenterAnswerInput>,
    by: StaffMember,
    at: Date,
  ): Promise<CenterAnswer>;
  get(id: string): Promise<CenterAnswer | undefined>;
  /**
   * Moves the answer from `from` to `to` when it is still at `version` (one event recorded in the same
   * transaction); undefined when someone else changed it first.
   */
  transition(
    id: string,
    change: { from: CenterAnswerStatus; to: CenterAnswerStatus; version: number; by: StaffMember; at: Date },
  ): Promise<CenterAnswer | undefined>;
  list(status: CenterAnswerStatus, limit: number): Promise<CenterAnswer[]>;
}

/** Keeps the knowledge index in step with the approved answers (src/ingest/center-answers.ts). */
export interface CenterAnswerIndex {
  reconcile(): Promise<{ indexed: number; removed: number }>;
}

export const centerAnswerLimits = { question: 300, answer: 2000, topic: 40, sources: 5 } as const;

/** Field → Japanese message, for a form or a modal to show next to the field. */
export type DraftErrors = Partial<Record<'question' | 'answer' | 'topic' | 'sourceUrls', string>>;

/** Parses the URL field: one URL per line (or separated by spaces or commas). */
export function parseSourceUrls(text: string): string[] {
  return [...new Set(text.split(/[\s,、]+/u).filter((u) => u !== ''))];
}

export function validateDraft(input: CenterAnswerInput): DraftErrors {
  const errors: DraftErrors = {};
  const question = input.question.trim();
  const answer = input.answer.trim();
  if (question === '') errors.question = '質問を入力してください。';
  else if (question.length > centerAnswerLimits.question)
    errors.question = `質問は${centerAnswerLimits.question}文字以内にしてください。`;
  if (answer.length < 10) errors.answer = '回答を10文字以上で入力してください。';
  else if (answer.length > centerAnswerLimits.answer)
    errors.answer = `回答は${centerAnswerLimits.answer}文字以内にしてください。`;
  if (input.topic !== null && input.topic.length > centerAnswerLimits.topic)
    errors.topic = `話題は${centerAnswerLimits.topic}文字以内にしてください。`;
  if (input.sourceUrls.length === 0) {
    errors.sourceUrls = '根拠となる公式ページのURLを1つ以上入力してください。';
  } else if (input.sourceUrls.length > centerAnswerLimits.sources) {
    errors.sourceUrls = `URLは${centerAnswerLimits.sources}つまでです。`;
  } else {
    const unofficial = input.sourceUrls.find((u) => !isOfficialUrl(u));
    if (unofficial !== undefined)
      errors.sourceUrls = `公式のページ（${officialHostList.join('、')}）のURLだけを根拠にできます：${unofficial.slice(0, 80)}`;
  }
  return errors;
}

export interface CenterAnswerServiceDeps {
  repo: CenterAnswerRepository;
  index: CenterAnswerIndex;
  clock: Clock;
  logger: Logger;
  newId(): string;
}

export interface CenterAnswerService {
  /** Throws `bad_request` with the DraftErrors as details when a field is invalid. */
  draft(by: StaffMember, input: CenterAnswerInput): Promise<CenterAnswer>;
  /** By someone other than the drafter (`forbidden` otherwise); `conflict` unless still a draft. */
  approve(id: string, by: StaffMember): Promise<CenterAnswer>;
  /** Sends a draft back; the drafter may also take back their own. */
  reject(id: string, by: StaffMember): Promise<CenterAnswer>;
  /** Removes an approved answer from what users get. */
  withdraw(id: string, by: StaffMember): Promise<CenterAnswer>;
  get(id: string): Promise<CenterAnswer | undefined>;
  list(status: CenterAnswerStatus, limit?: number): Promise<CenterAnswer[]>;
}

export function createCenterAnswerService(deps: CenterAnswerServiceDeps): CenterAnswerService {
  const load = async (id: string) => {
    const answer = await deps.repo.get(id);
    if (answer === undefined) throw new AppError('not_found', 'No such center answer', { details: { id } });
    return answer;
  };

  const move = async (
    id: string,
    from: CenterAnswerStatus,
    to: CenterAnswerStatus,
    by: StaffMember,
    check?: (answer: CenterAnswer) => void,
  ) => {
    const current = await load(id);
    if (current.status !== from)
      throw new AppError('conflict', `The center answer is ${current.status}, not ${from}`, {
        details: { id, status: current.status },
      });
    check?.(current);
    const moved = await deps.repo.transition(id, {
      from,
      to,
      version: current.version,
      by,
      at: deps.clock.now(),
    });
    if (moved === undefined)
      throw new AppError('conflict', 'The center answer was changed meanwhile', { details: { id } });
    deps.logger.info({ centerAnswerId: id, status: to, version: moved.version }, 'center answer changed');
    return moved;
  };

  const reconcile = async () => {
    const result = await deps.index.reconcile();
    deps.logger.info(result, 'center answers reconciled with the index');
  };

  return {
    async draft(by, input) {
      const cleaned: Required<CenterAnswerInput> = {
        centerId: input.centerId,
        question: input.question.trim(),
        answer: input.answer.trim(),
        topic: input.topic?.trim() || null,
        sourceUrls: input.sourceUrls.map((u) => u.trim()).filter((u) => u !== ''),
        gapDecisionId: input.gapDecisionId ?? null,
      };
      const errors = validateDraft(cleaned);
      if (Object.keys(errors).length > 0)
        throw new AppError('bad_request', 'The center answer draft is invalid', {
          userVisible: true,
          details: errors as Record<string, string>,
        });
      const answer = await deps.repo.insertDraft(deps.newId(), cleaned, by, deps.clock.now());
      deps.logger.info({ centerAnswerId: answer.id, centerId: answer.centerId }, 'center answer drafted');
      return answer;
    },

    async approve(id, by) {
      const approved = await move(id, 'draft', 'approved', by, (answer) => {
        if (answer.draftedBy.id === by.id)
          throw new AppError('forbidden', 'The drafter cannot approve their own answer', {
            details: { id },
          });
      });
      await reconcile();
      return approved;
    },

    reject: (id, by) => move(id, 'draft', 'rejected', by),

    async withdraw(id, by) {
      const withdrawn = await move(id, 'approved', 'withdrawn', by);
      await reconcile();
      return withdrawn;
    },

    get: (id) => deps.repo.get(id),
    list: (status, limit = 50) => deps.repo.list(status, limit),
  };
}

/** Knowledge documents of kind `center` have ids `center/<answer id>`; corpus ingestion leaves them alone. */
export const centerDocumentPrefix = 'center/';

export function centerDocumentId(answerId: string): string {
  return `${centerDocumentPrefix}${answerId}`;
}

/** How a center answer is cited: 「〇〇産業保健総合支援センターの回答」. */
export function centerAnswerTitle(centerName: string): string {
  return `${centerName}の回答`;
}
