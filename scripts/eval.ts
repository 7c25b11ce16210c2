/**
 * `npm run eval`: quality figures for the README. Triage (src/cli/eval-triage.ts) for the offline rules and,
 * when OPENAI_API_KEY is set, the model path. Retrieval figures (src/cli/eval-retrieval.ts) belong here too.
 */

import { createModelPath } from '../src/build-engine.ts';
import {
  modelClassifier,
  rulesClassifier,
  runTriageEval,
  type TriageClassifier,
} from '../src/cli/eval-triage.ts';
import { parseConfig } from '../src/config.ts';

const config = parseConfig(process.env);
const classifiers: TriageClassifier[] = [rulesClassifier()];
const modelPath = await createModelPath(config);
if (modelPath.triageModel !== undefined) {
  classifiers.push(modelClassifier(modelPath.triageModel, modelPath.modelTimeoutMs));
}
await runTriageEval(classifiers, (text) => process.stdout.write(`${text}\n`));
