/**
 * The privacy guard runs on every free-text input. Baseline: one regular-expression pass that only
 * looks for 11 consecutive digits (the cheapest check that could be called "a detector").
 */
import { containsSensitiveIdentifier, findSensitiveIdentifiers } from '../src/domain/privacy-guard.js';
import { type BenchResult, medianMs } from './measure.js';

export async function privacyGuardBench(): Promise<BenchResult> {
  const sentence = 'Møtet 24.11.2026 kl. 10.30 gjaldt 3 saker, budsjett 1 000 000 kr og tlf +47 912 34 567. ';
  const text = sentence.repeat(Math.ceil(10_000 / sentence.length));
  const digits = '1 '.repeat(5_000);
  const baselineRegex = /\d{11}/;
  const baseline = await medianMs(() => baselineRegex.test(text), 201);
  const guard = await medianMs(() => findSensitiveIdentifiers(text), 201);
  const guardWorst = await medianMs(() => containsSensitiveIdentifier(digits), 201);
  const baselineWorst = await medianMs(() => baselineRegex.test(digits), 201);
  return {
    name: 'privacy guard on a 10 000-character message',
    figures: {
      'guard / baseline (ordinary text)': (guard / baseline).toFixed(1),
      'guard / baseline (digits and spaces)': (guardWorst / baselineWorst).toFixed(1),
      'baseline median ms': baseline.toFixed(4),
    },
  };
}
