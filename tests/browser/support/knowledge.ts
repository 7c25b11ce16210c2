/**
 * The real knowledge base (the corpus ingested into the test database, as `npm start` does), with a count
 * of the questions it was asked: a message about a person's mental health must never reach it.
 */
import { parseConfig } from '../../../src/config.ts';
import type { KnowledgeAnswerer } from '../../../src/core/conversation/deps.ts';
import { openKnowledgeBase } from '../../../src/create-knowledge-base.ts';
import type { Db } from '../../../src/infra/db/db.ts';
import { createLogger } from '../../../src/infra/logger.ts';

export interface CountingKnowledge extends KnowledgeAnswerer {
  readonly questionsAsked: number;
}

export async function openCountingKnowledge(db: Db): Promise<CountingKnowledge> {
  const { knowledge } = await openKnowledgeBase(parseConfig({}), db, createLogger({ level: 'silent' }));
  let asked = 0;
  return {
    get questionsAsked() {
      return asked;
    },
    answer(question, options) {
      asked += 1;
      return knowledge.answer(question, options);
    },
  };
}
