/**
 * `npm run eval`: quality figures for the README. Triage (src/cli/eval-triage.ts) for the offline rules and,
 * when OPENAI_API_KEY is set, the model path. Retrieval figures (src/cli/eval-retrieval.ts) belong here too.
 */

import { openRetrievalEval, runRetrievalEval } from '../src/cli/eval-retrieval.ts';
import {
  modelClassifier,
  rulesClassifier,
  runTriageEval,
  type TriageClassifier,
} from '../src/cli/eval-triage.ts';
import { createModelPath } from '../src/composition/build-engine.ts';
import { parseConfig } from '../src/config.ts';
import { createLogger } from '../src/infra/logger.ts';

const config = parseConfig(process.env);
const classifiers: TriageClassifier[] = [rulesClassifier()];
const modelPath = await createModelPath(config);
if (modelPath.triageModel !== undefined) {
  classifiers.push(modelClassifier(modelPath.triageModel, modelPath.modelTimeoutMs));
}
await runTriageEval(classifiers, (text) => process.stdout.write(`${text}\n`));

// Retrieval and grounded answers (issue 2): an in-memory database with the corpus ingested.
const retrieval = await openRetrievalEval(
  config,
  createLogger({ level: 'warn', destination: process.stderr }),
);
try {
  process.stdout.write('\n');
  await runRetrievalEval(retrieval, (text) => process.stdout.write(`${text}\n`));
} finally {
  await retrieval.close();
}
