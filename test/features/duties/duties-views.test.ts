/** The KOM round's card when an input's text is gone (issue 14): it says so rather than showing a blank. */
import { expect } from 'chai';
import { t } from '../../../src/cards/i18n.js';
import type { IsoDate } from '../../../src/domain/working-days.js';
import { DUTIES_STORE, dutiesIn, redactKomInput } from '../../../src/features/duties/duties-store.js';
import { roundCard } from '../../../src/features/duties/duties-views.js';
import { newInput, newRound, submitInputDraft } from '../../../src/features/duties/kom-rounds.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import { combineStoreParts } from '../../../src/store/store-parts.js';
import { textOf } from '../../support/card-inspect.js';

const AT = '2027-01-04T08:00:00.000Z';
const ASA = 'aad-asa';
const TEXT = 'Flere saker med utnyttelse i landbruket.';

async function roundWith(change: (input: ReturnType<typeof newInput>) => ReturnType<typeof newInput>) {
  const store = createMemoryStore(undefined, { parts: combineStoreParts([DUTIES_STORE]) });
  const round = newRound(2026, '2027-01-15' as IsoDate, 'K-2027-0001', 'aad-udi', AT);
  const submitted = submitInputDraft(newInput(round, 'ASA', AT), round, { text: TEXT, figures: {} }, ASA, AT);
  if (!submitted.ok) throw new Error('the fixture input was refused');
  const asked = newInput(round, 'RMA', AT);
  await store.run(async (uow) => {
    await dutiesIn(uow).putRound(round);
    await dutiesIn(uow).putInput(change(submitted.input));
    await dutiesIn(uow).putInput(asked);
  });
  return store.read((uow) => roundCard(uow, 'nb', round, { manager: true, today: '2027-01-04' }));
}

describe('the KOM round card with an input whose text is gone (issue 14)', () => {
  it('shows the text as it is while it is there', async () => {
    expect(textOf(await roundWith((input) => input))).to.include(TEXT);
  });

  it('says it was deleted after the retention period', async () => {
    const text = textOf(
      await roundWith((input) => ({ ...redactKomInput(input), redactedAt: '2029-01-05T02:00:00.000Z' })),
    );
    expect(text).not.to.include(TEXT);
    expect(
      text.split(t('nb', 'common.textDeleted')).length - 1,
      'once: not for an input never sent',
    ).to.equal(1);
  });

  it('says it was deleted on request', async () => {
    const text = textOf(
      await roundWith((input) => ({ ...redactKomInput(input), erasedAt: '2027-02-01T08:00:00.000Z' })),
    );
    expect(text).to.include(t('nb', 'common.textErased'));
  });
});
