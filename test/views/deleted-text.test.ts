import { expect } from 'chai';
import { shownText } from '../../src/views/deleted-text.js';

describe('a deleted text on a card (issue 14)', () => {
  it('says the text was deleted after the retention period on a redacted item', () => {
    expect(shownText('nb', '', { redactedAt: '2028-01-01T00:00:00.000Z' })).to.equal(
      '(teksten er slettet etter lagringstiden)',
    );
    expect(shownText('en', '', { redactedAt: '2028-01-01T00:00:00.000Z' })).to.equal(
      '(the text was deleted after the retention period)',
    );
  });

  it('says it was deleted when erased on request, and shows a text as it is', () => {
    expect(shownText('nb', '', {})).to.equal('(teksten er slettet)');
    expect(shownText('nb', 'Spørsmålet', { redactedAt: 'x' })).to.equal('Spørsmålet');
  });
});
