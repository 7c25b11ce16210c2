/**
 * The committed n-gram safety model is a build product of the project's own data: it must be what
 * `npm run train:safety` makes from the data in the checkout today, byte for byte, and what it learned
 * must hold on messages it was not trained on (a five-fold out-of-fold check, so no example grades itself).
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  dataHashOf,
  defaultTrainOptions,
  loadTrainingData,
  safetyModelPath,
  serializeModel,
  trainSafetyModel,
} from '../../../src/cli/train-safety-model.ts';
import { detectSafetySignals, modelMinChars } from '../../../src/core/safety/detector.ts';
import { featuresOf } from '../../../src/core/safety/ngram-classifier.ts';

describe('safety model', () => {
  it('is the model the training data in the checkout makes (run npm run train:safety after changing it)', async () => {
    const examples = await loadTrainingData();
    const committed = await readFile(safetyModelPath, 'utf8');
    const model = JSON.parse(committed) as { dataHash: string };
    expect(model.dataHash).toBe(dataHashOf(examples, defaultTrainOptions));
    const { model: rebuilt, outOfFold } = trainSafetyModel(examples);
    expect(serializeModel(rebuilt)).toBe(committed);

    // Out of fold, the model alone: most crises over the soft line, few other messages flagged.
    const { crisis, soft, person } = rebuilt.thresholds;
    let crises = 0;
    let crisesCaught = 0;
    let others = 0;
    let othersFlagged = 0;
    examples.forEach((e, i) => {
      const [pc, pp] = outOfFold.probabilities[i]!;
      if (e.label === 0) {
        crises++;
        if (pc >= soft) crisesCaught++;
      }
      if (e.label === 2) {
        others++;
        if (pc >= soft || pc + pp >= person) othersFlagged++;
      }
    });
    expect(crisis).toBeGreaterThan(soft);
    expect(crisesCaught / crises).toBeGreaterThan(0.8);
    expect(othersFlagged / others).toBeLessThan(0.05);
    // Six fits over ~3,100 messages: 45 s alone, over two minutes beside the rest of the suite.
  }, 300_000);

  it('blanks the lexicon masks before reading a message', () => {
    const features = [...featuresOf('死ぬほど忙しい').keys()];
    expect(features.some((f) => f.includes('死'))).toBe(false);
    expect([...featuresOf('死にたい').keys()].some((f) => f.includes('死'))).toBe(true);
  });

  it('leaves messages shorter than the minimum to the lexicon', () => {
    expect([...'やめる'].length).toBeLessThan(modelMinChars);
    expect(detectSafetySignals('やめる').rules).toEqual([]);
    expect(detectSafetySignals('消えたい').crisis).toBe(true);
  });
});
