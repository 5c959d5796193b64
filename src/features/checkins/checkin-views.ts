/**
 * The check-ins' cards: a region's check-in (its contact person's form, open in the card until the
 * meeting begins; what was sent once answered, changeable until then; RMA's coordinator's and the UDI
 * coordinator's read-only copy), a cycle's digest (regions × topics, case counts, the regions that did
 * not answer named, those with nothing new) and the overview of the last cycles (regions by cycle,
 * with their case counts as a small trend). Models are read from the store as it is now; texts come
 * from the catalog (cards/i18n/<locale>/checkins.json).
 */
import { type Locale, t } from '../../cards/i18n.js';
import { type AdaptiveCardJson, renderCard } from '../../cards/render.js';
import { occurrenceOf } from '../../domain/recurrence.js';
import { osloDate } from '../../domain/working-days.js';
import type { UnitOfWork } from '../../store/store.js';
import { meetingsIn } from '../meetings/meeting-store.js';
import { dayText, whenText } from '../meetings/meeting-views.js';
import { AGENDA_TOPICS } from './checkin-agenda.js';
import type { CheckinBanner, CheckinFormValues } from './checkin-card-data.js';
import { type CheckinCycle, type CycleRef, cycleId } from './checkin-cycles.js';
import type { CheckinOverview, CycleDigest, OverviewCell } from './checkin-digest.js';
import { CHECKIN_TOPICS, type CheckIn, topicsOf } from './checkins.js';

/** The meeting a check-in or cycle is for, in words (its date when the series names nothing now). */
export async function meetingWords(uow: UnitOfWork, locale: Locale, ref: CycleRef): Promise<string> {
  const series = await meetingsIn(uow).getSeries(ref.seriesId);
  if (!series) return dayText(locale, ref.occurrence);
  try {
    return whenText(locale, occurrenceOf(series.schedule, ref.occurrence));
  } catch {
    return dayText(locale, ref.occurrence);
  }
}

/** A unit's name in the reader's language (its id when it is no longer listed). */
export async function regionWords(uow: UnitOfWork, locale: Locale, unitId: string): Promise<string> {
  const unit = (await uow.units.list()).find((u) => u.id === unitId);
  return unit ? unit.name[locale] : unitId;
}

const when = (locale: Locale, iso: string | undefined) =>
  iso ? dayText(locale, osloDate(new Date(iso))) : '';

export interface CheckinCardOptions {
  banner?: CheckinBanner;
  /** The reader answers for the region (its contact person) and the meeting has not begun. */
  mayAnswer: boolean;
  /** The form stands open in the card (open, asked to change, or after a problem). */
  formOpen: boolean;
  values?: CheckinFormValues;
  errors?: Partial<Record<string, string>>;
  /** The reader reads the digest (RMA's coordinator or deputy, the UDI coordinator). */
  digestReader?: boolean;
  /** The reader may send a trend or principled question on to the network's agenda (RMA's coordinator or deputy). */
  toAgenda?: boolean;
  superseded?: boolean;
}

/** What the stored answers give as the form's values (changing an answer starts from it). */
export function valuesOf(checkin: CheckIn): CheckinFormValues {
  const a = checkin.answers;
  if (!a) return {};
  const values: CheckinFormValues = { cases: String(a.cases) };
  for (const topic of CHECKIN_TOPICS) if (a[topic]) values[topic] = a[topic];
  return values;
}

export async function checkinCard(
  uow: UnitOfWork,
  locale: Locale,
  checkin: CheckIn,
  options: CheckinCardOptions,
): Promise<AdaptiveCardJson> {
  const meeting = await meetingWords(uow, locale, checkin);
  const region = await regionWords(uow, locale, checkin.unitId);
  const closedWords = !options.mayAnswer;
  const state =
    checkin.state === 'open' || checkin.state === 'missed'
      ? t(
          locale,
          `checkins.checkin.states.${checkin.state === 'open' && closedWords ? 'open' : checkin.state}`,
        )
      : t(locale, `checkins.checkin.states.${checkin.state}${closedWords ? 'Closed' : ''}`, {
          when: when(locale, checkin.answeredAt),
        });
  const answers =
    checkin.state === 'submitted' && checkin.answers
      ? {
          rows: topicsOf(checkin.answers).map((topic) => ({
            label: t(locale, `checkins.checkin.${topic}Label`),
            text: checkin.answers?.[topic] ?? '',
            ...(options.toAgenda && (AGENDA_TOPICS as readonly string[]).includes(topic)
              ? { topicId: topic, checkinId: checkin.id }
              : {}),
          })),
          cases: String(checkin.answers.cases),
        }
      : undefined;
  const showForm = options.mayAnswer && options.formOpen && !options.superseded;
  return renderCard(
    'checkin',
    {
      checkinId: checkin.id,
      reference: checkin.reference,
      region,
      meeting,
      state,
      stateStyle: checkin.state === 'missed' ? 'attention' : checkin.state === 'open' ? 'default' : 'good',
      ...(options.banner ? { banner: options.banner } : {}),
      ...(answers && !showForm ? { answers } : {}),
      ...(showForm
        ? {
            form: {
              values: options.values ?? valuesOf(checkin),
              ...(options.errors && Object.keys(options.errors).length > 0 ? { errors: options.errors } : {}),
            },
          }
        : {}),
      ...(options.mayAnswer && !showForm && !options.superseded ? { canChange: true } : {}),
      ...(options.digestReader && !options.superseded ? { cycleId: cycleId(checkin) } : {}),
      ...(options.superseded ? { superseded: true } : {}),
    },
    locale,
  );
}

/** The banner of a check-in card from the outbox's code (the region named for RMA's coordinator). */
export function checkinBanner(
  locale: Locale,
  code: string | undefined,
  vars: { meeting: string; region: string },
): CheckinBanner | undefined {
  switch (code) {
    case 'open':
      return { text: t(locale, 'checkins.checkin.banners.open', vars), style: 'default' };
    case 'nudge':
      return { text: t(locale, 'checkins.checkin.banners.nudge', vars), style: 'warning' };
    case 'submitted':
      return { text: t(locale, 'checkins.checkin.banners.submitted', vars), style: 'good' };
    default:
      return undefined;
  }
}

export async function digestCard(
  uow: UnitOfWork,
  locale: Locale,
  cycle: CheckinCycle,
  digest: CycleDigest,
  options: { banner?: CheckinBanner; superseded?: boolean } = {},
): Promise<AdaptiveCardJson> {
  const none = t(locale, 'checkins.digest.none');
  const names = (list: readonly { name: { nb: string; en: string } }[]) =>
    list.map((r) => r.name[locale]).join(', ');
  const regionName = (unitId: string) => digest.rows.find((r) => r.unitId === unitId)?.name[locale] ?? unitId;
  return renderCard(
    'checkin-digest',
    {
      cycleId: cycle.id,
      reference: cycle.reference,
      meeting: await meetingWords(uow, locale, cycle),
      ...(options.banner ? { banner: options.banner } : {}),
      rows: digest.rows.map((r) => ({
        region: r.name[locale],
        state: t(locale, `checkins.digest.states.${r.state}`),
        topics: r.topics.map((topic) => t(locale, `checkins.digest.topics.${topic}`)).join(', ') || none,
        cases: r.cases === undefined ? none : String(r.cases),
        ...(r.checkinId && r.state === 'submitted' ? { checkinId: r.checkinId } : {}),
      })),
      topics: CHECKIN_TOPICS.filter((topic) => digest.byTopic[topic].length > 0).map((topic) => ({
        topic: t(locale, `checkins.digest.topics.${topic}`),
        regions: digest.byTopic[topic].map(regionName).join(', '),
      })),
      totalCases: String(digest.totalCases),
      ...(digest.notAnswered.length > 0 ? { notAnswered: names(digest.notAnswered) } : {}),
      ...(digest.nothingNew.length > 0 ? { nothingNew: names(digest.nothingNew) } : {}),
      ...(options.superseded ? { superseded: true } : {}),
    },
    locale,
  );
}

const MARKS: Record<OverviewCell['status'], string> = {
  answered: '✓',
  late: '!',
  missing: '✗',
  open: '…',
  none: '–',
};

/** A region's case counts as a small trend, e.g. "3 · 5 · 2 · –". */
export const trendText = (counts: readonly (number | undefined)[]): string =>
  counts.map((n) => (n === undefined ? '–' : String(n))).join(' · ');

export function overviewCard(locale: Locale, overview: CheckinOverview): AdaptiveCardJson {
  const latest = overview.cycles.at(-1);
  return renderCard(
    'checkin-overview',
    {
      cycles: overview.cycles
        .map((c) => `${c.occurrence.slice(8, 10)}.${c.occurrence.slice(5, 7)}`)
        .join(' · '),
      regions: overview.regions.map((r) => ({
        region: r.name[locale],
        marks: r.cells.map((c) => MARKS[c.status]).join(' '),
        counts: trendText(r.counts),
        summary: t(locale, 'checkins.overview.summary', {
          answered: r.cells.filter((c) => c.status === 'answered').length,
          late: r.cells.filter((c) => c.status === 'late').length,
          missing: r.cells.filter((c) => c.status === 'missing').length,
        }),
      })),
      ...(latest ? { latestCycleId: latest.cycleId } : {}),
      legend: t(locale, 'checkins.overview.legend'),
    },
    locale,
  );
}
