/**
 * `npm run train:safety`: retrains src/core/safety/safety-model.json from the labelled messages (see
 * src/cli/train-safety-model.ts) and prints the out-of-fold figures the thresholds were fitted on.
 */
import { writeFile } from 'node:fs/promises';
import {
  loadTrainingData,
  safetyModelPath,
  serializeModel,
  trainSafetyModel,
} from '../src/cli/train-safety-model.ts';

const examples = await loadTrainingData();
const started = performance.now();
const { model, outOfFold } = trainSafetyModel(examples);
const counts = [0, 0, 0];
for (const e of examples) counts[e.label]!++;
const { crisis, soft, person } = model.thresholds;
let crisisHit = 0;
let crisisSoft = 0;
let personHit = 0;
let otherFlagged = 0;
examples.forEach((e, i) => {
  const [pc, pp] = outOfFold.probabilities[i]!;
  if (e.label === 0 && pc >= crisis) crisisHit++;
  else if (e.label === 0 && pc >= soft) crisisSoft++;
  if (e.label === 1 && pc + pp >= person) personHit++;
  if (e.label === 2 && (pc >= soft || pc + pp >= person)) otherFlagged++;
});
await writeFile(safetyModelPath, serializeModel(model));
process.stdout.write(
  [
    `examples: ${counts[0]} crisis, ${counts[1]} person, ${counts[2]} other; ${Object.keys(model.weights).length} features`,
    `thresholds: crisis ${crisis}, soft ${soft}, person ${person}`,
    `out of fold (model alone): crisis ${crisisHit}/${counts[0]} as crisis, ${crisisSoft} more as soft; person ${personHit}/${counts[1]}; other flagged ${otherFlagged}/${counts[2]}`,
    `trained in ${((performance.now() - started) / 1000).toFixed(1)} s; wrote ${safetyModelPath.pathname}`,
    '',
  ].join('\n'),
);
