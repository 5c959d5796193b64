/**
 * View functions: from what the use cases return to rendered Adaptive Cards in the reader's
 * language. No I/O; the Teams layer and the outbox call these.
 */

import type { DeliveryStatus } from '../app/delivery.js';
import type { HelpAudience } from '../app/feature.js';
import type { HelpEntries } from '../app/registry.js';
import type { UnitsProblem, UnitTexts } from '../app/units.js';
import type { HelpData, Scope } from '../cards/card-data.js';
import { catalog, formatDateTime, hasMessage, type Locale, t } from '../cards/i18n.js';
import { featureNoticeData, type NoticeKind, noticeData } from '../cards/notice.js';
import { type AdaptiveCardJson, renderCard } from '../cards/render.js';
import { cloneJson, deepFreeze } from '../domain/json-value.js';
import type { Recipient } from '../domain/notifications.js';
import type { Refusal } from '../domain/policy.js';
import {
  DEPARTMENTS,
  isAdmin,
  isAnyCoordinator,
  isNetworkMember,
  isUdiCoordinator,
  type Person,
  type Unit,
} from '../domain/roster.js';
import { EDITABLE_DEPARTMENTS } from '../domain/unit-list.js';
import { ageText } from './format.js';
import { departmentName } from './role-text.js';

export type { Scope } from '../cards/card-data.js';

/** The welcome card, with the features' first steps for this person (the registry's welcome entries). */
export function welcomeCard(
  locale: Locale,
  person: Person | undefined,
  scope: Scope,
  entries: HelpEntries,
  displayName?: string,
) {
  const steps = entries.welcome.filter((e) => e.audience(helpAudience(person, scope)));
  return renderCard(
    'welcome',
    {
      ...(displayName ? { displayName } : {}),
      isMember: isNetworkMember(person),
      scope,
      prompts: steps.map(({ promptKey }) => ({ key: promptKey })),
      buttons: steps.map(({ verb, titleKey, style }) => ({ verb, titleKey, ...(style ? { style } : {}) })),
    },
    locale,
  );
}

/** What decides a person's help card: their roles, and where they ask. */
export function helpAudience(person: Person | undefined, scope: Scope): HelpAudience {
  return {
    isMember: isNetworkMember(person),
    isCoordinator: isAnyCoordinator(person),
    isAdmin: isAdmin(person),
    scope,
  };
}

/** The core's own line, first on every help card: `hjelp` itself. */
const HELP_LINE = { key: 'help.commands.help' };

/**
 * The help card's data for someone: the `hjelp` line, then every feature's lines and buttons that
 * concern them, in the registry's order.
 */
export function helpData(who: HelpAudience, entries: HelpEntries): HelpData {
  return {
    commands: [HELP_LINE, ...entries.commands.filter((e) => e.audience(who)).map(({ key }) => ({ key }))],
    buttons: entries.buttons
      .filter((e) => e.audience(who))
      .map(({ verb, titleKey, style }) => ({ verb, titleKey, ...(style ? { style } : {}) })),
  };
}

/**
 * Help cards as expanded, by the entries they were made from, then by locale and audience. A help
 * card depends on nothing else: the entries' audience functions see only the {@link HelpAudience},
 * and templates and catalogs are read once per process. So each combination (at most 2 locales ×
 * 2 scopes × 8 role combinations per set of entries) is expanded once and kept as plain JSON
 * (frozen, never handed out), and every caller gets a fresh copy it may change. A change of roles or
 * language is a different key.
 */
const helpCards = new WeakMap<HelpEntries, Map<string, AdaptiveCardJson>>();

/** The key of a help card in {@link helpCards}: every field of the audience, and the locale. */
function helpCardKey(locale: Locale, who: HelpAudience): string {
  return `${locale}|${who.scope}|${who.isMember ? 'm' : '-'}${who.isCoordinator ? 'c' : '-'}${who.isAdmin ? 'a' : '-'}`;
}

/** The help card: what this person can do here, from the features' help entries (the registry's). */
export function helpCard(
  locale: Locale,
  person: Person | undefined,
  scope: Scope,
  entries: HelpEntries,
): AdaptiveCardJson {
  const who = helpAudience(person, scope);
  let cards = helpCards.get(entries);
  if (!cards) {
    cards = new Map();
    helpCards.set(entries, cards);
  }
  const key = helpCardKey(locale, who);
  let card = cards.get(key);
  if (card === undefined) {
    // Through JSON once: what is kept is exactly what is sent (no undefined, no shared objects).
    card = deepFreeze(
      JSON.parse(JSON.stringify(renderCard('help', helpData(who, entries), locale))) as AdaptiveCardJson,
    );
    cards.set(key, card);
  }
  return cloneJson(card);
}

export function membersCard(locale: Locale, people: readonly Person[], units: readonly Unit[]) {
  const byName = (a: string, b: string) => a.localeCompare(b, locale === 'nb' ? 'nb' : 'en');
  const departments = DEPARTMENTS.map((code) => {
    const names = (kind: 'coordinator' | 'deputy') =>
      people
        .filter((p) => p.roles.some((r) => r.kind === kind && r.department === code))
        .map((p) => p.displayName)
        .sort(byName);
    const contacts = people
      .flatMap((p) =>
        p.roles
          .filter((r) => r.kind === 'contact' && r.department === code)
          .map((r) => {
            const unit = r.kind === 'contact' ? units.find((u) => u.id === r.unitId) : undefined;
            return { name: p.displayName, unit: unit ? unit.name[locale] : '' };
          }),
      )
      .sort((a, b) => byName(a.unit, b.unit) || byName(a.name, b.name));
    return {
      code,
      name: departmentName(locale, code),
      coordinators: names('coordinator'),
      deputies: names('deputy'),
      contacts,
    };
  });
  return renderCard('members', { departments, total: people.length }, locale);
}

export function unitsEditorCard(locale: Locale, texts: UnitTexts, problems: readonly UnitsProblem[] = []) {
  return renderCard(
    'units-editor',
    {
      departments: EDITABLE_DEPARTMENTS.map((code) => {
        const problem = problems.find((p) => p.department === code);
        return {
          code,
          name: departmentName(locale, code),
          inputId: `units-${code}`,
          text: texts[code],
          ...(problem ? { error: unitsProblemText(locale, problem) } : {}),
        };
      }),
    },
    locale,
  );
}

function unitsProblemText(locale: Locale, problem: UnitsProblem): string {
  const line = 'line' in problem ? problem.line : 0;
  return t(locale, `units.errors.${problem.code}`, { line });
}

/** A feature's own notice (`<key>.title` and `<key>.text` in its catalog) as a card. */
export function featureNoticeCard(locale: Locale, key: string, vars: Record<string, string | number> = {}) {
  return renderCard('notice', featureNoticeData(locale, key, { vars }), locale);
}

/** A standard notice (see src/cards/notice.ts) as a card. */
export function noticeCard(locale: Locale, kind: NoticeKind, vars: Record<string, string | number> = {}) {
  return renderCard('notice', noticeData(locale, kind, { vars }), locale);
}

/**
 * A refusal from the policy module as a notice. Who to ask depends on who was refused: a
 * coordinator is not told to ask the coordinator of their own department.
 */
export function refusalCard(locale: Locale, refusal: Refusal, person?: Person) {
  if (refusal === 'not-member') return noticeCard(locale, 'notMember');
  if (refusal === 'own-request') return noticeCard(locale, 'ownRequest');
  if (refusal === 'own-question') return noticeCard(locale, 'ownQuestion');
  if (isUdiCoordinator(person) || isAdmin(person)) return noticeCard(locale, 'forbiddenAdmin');
  if (isAnyCoordinator(person)) return noticeCard(locale, 'forbiddenCoordinator');
  return noticeCard(locale, 'forbidden');
}

function recipientText(locale: Locale, recipient: Recipient, name: string | undefined): string {
  if (recipient.kind === 'networkChannel') return t(locale, 'delivery.recipients.networkChannel');
  return name || t(locale, 'delivery.recipients.unknown');
}

const NAMED_ERRORS = new Set(['no-network-channel', 'no-conversation', 'original-undelivered']);

function errorText(locale: Locale, lastError: string | undefined): string {
  if (lastError && /^\d{3}$/.test(lastError)) return t(locale, 'delivery.errors.http', { status: lastError });
  if (lastError?.startsWith('network') || lastError === 'error') return t(locale, 'delivery.errors.network');
  if (lastError && NAMED_ERRORS.has(lastError)) return t(locale, `delivery.errors.${lastError}`);
  return t(locale, 'delivery.errors.other');
}

/**
 * What a dead letter was, in words: the feature's label for the view (`<kind>.deliveryLabels.<view>`
 * in its catalog, or `<feature>.deliveryLabels.<view>` of the feature whose item kinds are named
 * otherwise, e.g. the meetings' `meeting-occurrence`), the core's for its own notices, else "a message".
 */
function deadLetterLabel(locale: Locale, letter: { subject: { kind: string }; view: string }): string {
  const featureKey = `${letter.subject.kind}.deliveryLabels.${letter.view}`;
  if (hasMessage(locale, featureKey)) return t(locale, featureKey);
  for (const feature of Object.keys(catalog(locale))) {
    const key = `${feature}.deliveryLabels.${letter.view}`;
    if (hasMessage(locale, key)) return t(locale, key);
  }
  const coreKey = `delivery.templates.${letter.view}`;
  return t(locale, hasMessage(locale, coreKey) ? coreKey : 'delivery.templates.other');
}

/** The `delivery` card: counts, who cannot be reached, dead letters. */
export function deliveryCard(locale: Locale, status: DeliveryStatus, now: number) {
  return renderCard(
    'delivery',
    {
      counts: { pending: status.counts.pending, sent: status.counts.sent, failed: status.counts.failed },
      ...(status.oldestPendingSince
        ? { oldestPendingAge: ageText(locale, status.oldestPendingSince, now) }
        : {}),
      unreachable: status.unreachable.map((entry) => ({
        name: recipientText(locale, entry.recipient, entry.name),
        reason: t(
          locale,
          entry.recipient.kind === 'networkChannel'
            ? 'delivery.reasons.networkChannel'
            : entry.status === 404
              ? 'delivery.reasons.404'
              : 'delivery.reasons.403',
        ),
        since: formatDateTime(locale, entry.since),
      })),
      deadLetters: status.deadLetters.map((letter) => ({
        what: deadLetterLabel(locale, letter),
        to: recipientText(locale, letter.recipient, letter.recipientName),
        error: errorText(locale, letter.lastError),
        attempts: letter.attempts,
        createdAt: formatDateTime(locale, letter.createdAt),
      })),
      ...(status.moreDeadLetters > 0 ? { moreDeadLetters: status.moreDeadLetters } : {}),
    },
    locale,
  );
}
