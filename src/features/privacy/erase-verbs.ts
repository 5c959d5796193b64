/**
 * Erasure on request (issue 14), the administrator's side: `slett person` / `erase person` in a
 * personal chat shows the people of the roster; the next step names the person and how many records
 * will be anonymised ("cannot be undone"); confirming erases (privacy/erasure.ts, through
 * `app.privacy`). The person comes from the card as an id only, resolved in the stored roster.
 */
import { loadActor } from '../../app/actor.js';
import type { AppContext } from '../../app/context.js';
import { type ActionRequest, act, read, textOf, type VerbSpec } from '../../app/feature.js';
import type { Turn } from '../../app/turn.js';
import type { ErasePersonData } from '../../cards/card-data.js';
import { type Locale, t } from '../../cards/i18n.js';
import { renderCard } from '../../cards/render.js';
import { authorize } from '../../domain/policy.js';
import type { Person } from '../../domain/roster.js';
import { noticeCard } from '../../views/cards.js';
import { refuse } from '../../views/refusal.js';

const byName = (a: Person, b: Person) => a.displayName.localeCompare(b.displayName, 'nb');

function pickCard(locale: Locale, people: readonly Person[], error?: string) {
  const data: ErasePersonData = {
    step: 'pick',
    title: t(locale, 'erase.title'),
    lines: [t(locale, 'erase.intro')],
    people: [...people].sort(byName).map((p) => ({ title: p.displayName, value: p.aadObjectId })),
    ...(error ? { error } : {}),
  };
  return renderCard('erase-person', data, locale);
}

/** Checks the caller (an administrator, in a personal chat); a card to answer with when refused. */
async function refusal(app: AppContext, turn: Turn, request: ActionRequest) {
  if (request.scope !== 'personal') return noticeCard(request.locale, 'personalOnly');
  const actor = await loadActor(app, turn.uow, request.caller);
  const decision = authorize(actor, { kind: 'privacy.erase' });
  return decision.allowed ? undefined : refuse(app, turn, request, decision.reason);
}

/** The person a card names, resolved in the stored roster (never from the card's text). */
async function personOf(turn: Turn, value: unknown): Promise<Person | undefined> {
  const id = textOf(value);
  return id ? turn.uow.people.get(id) : undefined;
}

export const ERASE_VERBS: Readonly<Record<string, VerbSpec>> = {
  'privacy.eraseStart': read(async (app, turn, request) => {
    const refused = await refusal(app, turn, request);
    if (refused) return refused;
    return pickCard(request.locale, await turn.uow.people.list());
  }),

  'privacy.eraseReview': {
    mode: 'read',
    reads: ['personId', 'leaving'],
    async run(app, turn, request) {
      const refused = await refusal(app, turn, request);
      if (refused) return refused;
      const { locale, data } = request;
      const person = await personOf(turn, data.personId);
      if (!person) return pickCard(locale, await turn.uow.people.list(), t(locale, 'erase.unknownPerson'));
      const leaving = textOf(data.leaving) === 'true';
      const count = await app.privacy.preview(turn.uow, person.aadObjectId);
      const name = person.displayName;
      const card: ErasePersonData = {
        step: 'confirm',
        title: t(locale, 'erase.confirmTitle', { name }),
        lines: [
          t(locale, 'erase.count', { count }),
          ...(leaving ? [t(locale, 'erase.leavingLine', { name })] : []),
        ],
        personId: person.aadObjectId,
        leavingId: leaving ? 'leaving' : 'staying',
      };
      return renderCard('erase-person', card, locale);
    },
  },

  'privacy.erase': act(['personId', 'leavingId'], async (app, turn, request) => {
    const refused = await refusal(app, turn, request);
    if (refused) return refused;
    const { locale, data, caller } = request;
    if (turn.duplicate) return noticeCard(locale, 'stale');
    const person = await personOf(turn, data.personId);
    if (!person) return pickCard(locale, await turn.uow.people.list(), t(locale, 'erase.unknownPerson'));
    const leaving = textOf(data.leavingId) === 'leaving';
    const count = await app.privacy.request(turn.uow, {
      subject: person.aadObjectId,
      by: caller.aadObjectId,
      at: app.now().toISOString(),
      leaving,
    });
    const card: ErasePersonData = {
      step: 'done',
      title: t(locale, 'erase.doneTitle'),
      lines: [t(locale, 'erase.doneCount', { count }), ...(leaving ? [t(locale, 'erase.doneLeaving')] : [])],
    };
    return renderCard('erase-person', card, locale);
  }),
};
