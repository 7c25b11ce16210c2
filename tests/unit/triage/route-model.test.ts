/**
 * The committed booking-request model is a build product of the project's own data: it must be what
 * `npm run train:routes` makes from the data in the checkout today, byte for byte, and what it learned
 * must hold on questions it was not trained on (five-fold out of fold, so no example grades itself).
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  defaultRouteTrainOptions,
  loadRouteData,
  routeDataHash,
  routeModelPath,
  serializeModel,
  trainRouteModel,
} from '../../../src/cli/train-route-model.ts';
import { learnedBookingRoute } from '../../../src/core/triage/route-model.ts';

describe('booking-request model', () => {
  it('is the model the training data in the checkout makes (run npm run train:routes after changing it)', async () => {
    const examples = await loadRouteData();
    const committed = await readFile(routeModelPath, 'utf8');
    expect((JSON.parse(committed) as { dataHash: string }).dataHash).toBe(
      routeDataHash(examples, defaultRouteTrainOptions),
    );
    const { model, outOfFold } = trainRouteModel(examples);
    expect(serializeModel(model)).toBe(committed);

    // Out of fold: most requests read, ordinary questions rarely turned into a booking.
    const seen = [0, 0, 0];
    const read = [0, 0, 0];
    examples.forEach((e, i) => {
      const [pc, pv] = outOfFold.probabilities[i]!;
      seen[e.label]!++;
      const asks = pc >= model.thresholds.consultation ? 0 : pv >= model.thresholds.visit ? 1 : 2;
      if (e.label === 2 ? asks !== 2 : asks === e.label) read[e.label]!++;
    });
    expect(read[0]! / seen[0]!).toBeGreaterThan(0.7);
    expect(read[1]! / seen[1]!).toBeGreaterThan(0.55);
    expect(read[2]! / seen[2]!).toBeLessThan(0.02);
  }, 120_000);

  it('reads requests worded apart from its examples, and leaves questions alone', () => {
    expect(
      learnedBookingRoute('うちの健康管理のことで、保健師さんとゆっくり話す時間をいただけないでしょうか'),
    ).toBe('consultation');
    expect(learnedBookingRoute('倉庫の作業環境を、専門の方に一度うちまで来て見ていただきたいです')).toBe(
      'visit',
    );
    expect(learnedBookingRoute('衛生委員会は毎月開かないといけませんか')).toBeUndefined();
    expect(learnedBookingRoute('健康診断の結果はいつまで保存すればいいですか')).toBeUndefined();
  });
});
