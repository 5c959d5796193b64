/** The delivery card names each dead letter with its feature's words (the core lists no feature). */
import { expect } from 'chai';
import type { DeliveryStatus } from '../../src/app/delivery.js';
import { t } from '../../src/cards/i18n.js';
import { deliveryCard } from '../../src/views/cards.js';
import { textOf } from '../support/card-inspect.js';

const letter = (kind: string, view: string): DeliveryStatus['deadLetters'][number] => ({
  subject: { kind, id: 'x' },
  view,
  recipient: { kind: 'person', aadObjectId: 'p' },
  recipientName: 'Kari',
  attempts: 8,
  createdAt: '2026-11-24T09:00:00.000Z',
  lastError: '503',
});

describe('dead letters on the delivery card', () => {
  it("use the feature's label for its view, the core's for its own notices, and 'a message' otherwise", () => {
    for (const locale of ['nb', 'en'] as const) {
      const status: DeliveryStatus = {
        counts: { pending: 0, sent: 0, failed: 4 },
        unreachable: [],
        deadLetters: [
          letter('join', 'join-outcome'),
          letter('guidance', 'guidance-item'),
          letter('outbox', 'delivery-failed'),
          letter('meeting-occurrence', 'meeting-reminder'),
          letter('meeting-series', 'meeting-plan'),
          letter('somewhere', 'something-else'),
        ],
        moreDeadLetters: 0,
      };
      const text = textOf(deliveryCard(locale, status, Date.parse('2026-11-24T10:00:00.000Z')));
      expect(text).to.include(t(locale, 'join.deliveryLabels.join-outcome'));
      expect(text).to.include(t(locale, 'guidance.deliveryLabels.guidance-item'));
      expect(text).to.include(t(locale, 'delivery.templates.delivery-failed'));
      // The meetings' item kinds are not their feature's name: its labels are found by the view.
      expect(text).to.include(t(locale, 'meetings.deliveryLabels.meeting-reminder'));
      expect(text).to.include(t(locale, 'meetings.deliveryLabels.meeting-plan'));
      expect(text).to.include(t(locale, 'delivery.templates.other'));
    }
  });
});
