/** What the guidance cards show, from the view functions (found in the Agents Playground). */
import { expect } from 'chai';
import { t } from '../../../src/cards/i18n.js';
import type { GuidanceView } from '../../../src/features/guidance/guidance.js';
import {
  applyGuidanceAction,
  type GuidanceRequest,
  newGuidanceRequest,
} from '../../../src/features/guidance/guidance-requests.js';
import { DEFAULT_TOPICS } from '../../../src/features/guidance/guidance-topics.js';
import {
  guidanceFormCard,
  guidanceItemCard,
  guidanceListCard,
} from '../../../src/features/guidance/guidance-views.js';
import { textOf } from '../../support/card-inspect.js';
import { choicesOf } from '../../support/ux.js';

const AT = '2026-11-24T09:00:00.000Z';
const NOW = Date.parse('2026-11-24T10:00:00.000Z');

function request(): GuidanceRequest {
  const created = newGuidanceRequest({
    id: 'g1',
    reference: 'V-2026-0001',
    topicId: 'family-immigration',
    asker: 'asker',
    origin: 'internal',
    urgency: 'normal',
    principled: false,
    question: 'Hvilke rutiner gjelder?',
    assignee: 'owner',
    dueDate: '2026-11-27',
    at: AT,
  });
  if (!created.ok) throw new Error('fixture');
  return created.value;
}

const viewOf = (r: GuidanceRequest): GuidanceView => ({
  request: r,
  topicName: { nb: 'Familie', en: 'Family' },
  names: { asker: 'Rita Region', owner: 'Fia Familie' },
  viewer: 'asker',
  actions: [],
  forwardChoices: [],
});

describe('guidance cards, as people read them', () => {
  it('shows the deadline while someone is to act, and not once the request is answered or closed', () => {
    const open = request();
    expect(textOf(guidanceItemCard('nb', viewOf(open), NOW))).to.include(t('nb', 'guidance.item.due'));
    const answered = applyGuidanceAction(open, { kind: 'answer', text: 'Se rundskrivet.' }, 'owner', AT);
    if (!answered.ok) throw new Error('fixture');
    expect(textOf(guidanceItemCard('nb', viewOf(answered.value), NOW))).not.to.include(
      t('nb', 'guidance.item.due'),
    );
    const closed = applyGuidanceAction(open, { kind: 'close', reason: 'Ferdig' }, 'owner', AT);
    if (!closed.ok) throw new Error('fixture');
    expect(textOf(guidanceItemCard('en', viewOf(closed.value), NOW))).not.to.include(
      t('en', 'guidance.item.due'),
    );
  });

  it('offers the sources of an external question starting with a capital letter', () => {
    const card = guidanceFormCard('nb', { topics: [...DEFAULT_TOPICS], values: { origin: 'external' } });
    const titles = choicesOf(card, 'externalSource').map((c) => c.title);
    expect(titles).to.include('Politiet');
    for (const title of titles) expect(title[0], title).to.equal(title[0]?.toLocaleUpperCase('nb'));
  });

  it('lists answered and closed requests without a deadline, open ones with it', () => {
    const open = request();
    const answered = applyGuidanceAction(open, { kind: 'answer', text: 'Se rundskrivet.' }, 'owner', AT);
    if (!answered.ok) throw new Error('fixture');
    const item = (r: GuidanceRequest) => ({
      request: r,
      topicName: { nb: 'Familie', en: 'Family' },
      who: 'Fia',
    });
    const card = guidanceListCard('nb', 'mine', { items: [item(answered.value)] }, NOW);
    expect(textOf(card)).to.include('V-2026-0001').and.not.include('27.');
    expect(textOf(guidanceListCard('nb', 'mine', { items: [item(open)] }, NOW))).to.include('27.');
  });
});
