/**
 * `npm run train:routes`: retrains src/core/triage/route-model.json from the labelled questions (see
 * src/cli/train-route-model.ts) and prints the out-of-fold figures its thresholds were fitted on.
 */
import { writeFile } from 'node:fs/promises';
import {
  loadRouteData,
  routeModelPath,
  serializeModel,
  trainRouteModel,
} from '../src/cli/train-route-model.ts';

const examples = await loadRouteData();
const started = performance.now();
const { model, outOfFold } = trainRouteModel(examples);
const counts = [0, 0, 0];
const caught = [0, 0, 0];
let falseRequests = 0;
examples.forEach((e, i) => {
  counts[e.label]!++;
  const [pc, pv] = outOfFold.probabilities[i]!;
  const asks = pc >= model.thresholds.consultation ? 0 : pv >= model.thresholds.visit ? 1 : 2;
  if (asks === e.label) caught[e.label]!++;
  if (e.label === 2 && asks !== 2) falseRequests++;
});
await writeFile(routeModelPath, serializeModel(model));
process.stdout.write(
  [
    `examples: ${counts[0]} consultation, ${counts[1]} visit, ${counts[2]} other; ${Object.keys(model.weights).length} features`,
    `thresholds: consultation ${model.thresholds.consultation}, visit ${model.thresholds.visit}`,
    `out of fold (model alone): consultation ${caught[0]}/${counts[0]}, visit ${caught[1]}/${counts[1]}; other read as a request ${falseRequests}/${counts[2]}`,
    `trained in ${((performance.now() - started) / 1000).toFixed(1)} s; wrote ${routeModelPath.pathname}`,
    '',
  ].join('\n'),
);
