/**
 * The yearly duties' cards: the UDI coordinator's overview (open a round, the rounds, the deletion
 * tasks), a round (who has answered, the compiled input, close, export, record KOM's publication), a
 * department's input (its form while the round is open, with OPA's figures beside last year's) and the
 * MH-code deletion task. Models are read from the store as it is now; texts come from the catalog
 * (cards/i18n/<locale>/duties.json).
 */

import { formatDate, formatDateTime, type Locale, t } from '../../cards/i18n.js';
import { type AdaptiveCardJson, renderCard } from '../../cards/render.js';
import { addWorkingDays, osloDate } from '../../domain/working-days.js';
import type { UnitOfWork } from '../../store/store.js';
import { shownText } from '../../views/deleted-text.js';
import type { DutyBanner, FigureGroup } from './duties-card-data.js';
import { dutiesIn } from './duties-store.js';
import { COUNTS, figureField, type KomFigures, type KomInput, type KomRound, PERMITS } from './kom-rounds.js';
import { CHECKLIST, lastDone, type MhDeletion } from './mh-deletions.js';

const K = 'duties';
const day = (locale: Locale, iso: string) => formatDate(locale, iso.slice(0, 10));
const osloDay = (locale: Locale, instant: string) => formatDate(locale, osloDate(new Date(instant)));
const departmentName = (locale: Locale, department: string) => t(locale, `department.${department}`);

/** The figure groups of OPA's form or answer: values as typed (or stored), last year's beside them. */
export function figureGroups(
  locale: Locale,
  values: Record<string, string>,
  lastYear: KomFigures | undefined,
  errors: Record<string, string> = {},
): FigureGroup[] {
  return PERMITS.map((p) => ({
    title: t(locale, `${K}.figures.${p}`),
    fields: COUNTS.map((c) => {
      const id = figureField(p, c);
      return {
        id,
        label: t(locale, `${K}.figures.${c}`),
        value: values[id] ?? '',
        lastYear: t(locale, `${K}.figures.lastYear`, { value: lastYear ? String(lastYear[p][c]) : '–' }),
        ...(errors[id] ? { error: errors[id] } : {}),
      };
    }),
  }));
}

/** Stored figures as the form's values. */
export function figureValues(figures: KomFigures | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  if (!figures) return values;
  for (const p of PERMITS) for (const c of COUNTS) values[figureField(p, c)] = String(figures[p][c]);
  return values;
}

/** OPA's figures of the year before `year`, if that round had them. */
export async function lastYearFigures(uow: UnitOfWork, year: number): Promise<KomFigures | undefined> {
  return (await dutiesIn(uow).input(year - 1, 'OPA'))?.figures;
}

/** When the MH code was last deleted, in words. */
export async function lastDeletionWords(uow: UnitOfWork, locale: Locale): Promise<string> {
  const done = lastDone(await dutiesIn(uow).deletions());
  return done?.doneAt
    ? t(locale, `${K}.overview.lastDeletion`, { date: osloDay(locale, done.doneAt), year: done.year })
    : t(locale, `${K}.overview.noDeletion`);
}

const roundState = (locale: Locale, round: KomRound) =>
  round.publishedOn
    ? t(locale, `${K}.round.states.published`, { date: day(locale, round.publishedOn) })
    : t(locale, `${K}.round.states.${round.state}`);

export async function overviewCard(
  uow: UnitOfWork,
  locale: Locale,
  now: Date,
  options: {
    banner?: DutyBanner;
    form?: { year: string; deadline: string; errors?: { year?: string; deadline?: string } };
  } = {},
): Promise<AdaptiveCardJson> {
  const duties = dutiesIn(uow);
  const today = osloDate(now);
  const rounds = await duties.recentRounds(5);
  const rows = [];
  for (const round of rounds) {
    const inputs = await duties.inputsOf(round.year);
    rows.push({
      roundId: round.id,
      title: t(locale, `${K}.round.title`, { year: round.year }),
      status: t(locale, `${K}.overview.roundStatus`, {
        state: roundState(locale, round),
        answered: inputs.filter((i) => i.state === 'submitted').length,
        asked: round.departments.length,
      }),
    });
  }
  const deletions = (await duties.openDeletions()).map((task) => ({
    deletionId: task.id,
    title: t(locale, `${K}.deletion.title`, { year: task.year }),
    status: t(locale, `${K}.overview.deletionStatus`, {
      reference: task.reference,
      date: osloDay(locale, task.createdAt),
    }),
  }));
  const thisYear = Number(today.slice(0, 4));
  // Only years without a round are offered; last year's report is the usual one to open.
  const years: string[] = [];
  for (const year of [thisYear - 2, thisYear - 1, thisYear])
    if (!(await duties.round(year))) years.push(String(year));
  // Once it has a round, the person picks a year themselves rather than get one guessed.
  const usual = years.includes(String(thisYear - 1)) ? String(thisYear - 1) : '';
  const form = options.form ?? { year: usual, deadline: addWorkingDays(now, 15) };
  return renderCard(
    'duties-overview',
    {
      ...(options.banner ? { banner: options.banner } : {}),
      lastDeletion: await lastDeletionWords(uow, locale),
      years,
      // A year the card did not offer is never shown back.
      form: { ...form, year: years.includes(form.year) ? form.year : '' },
      rounds: rows,
      deletions,
    },
    locale,
  );
}

export async function roundCard(
  uow: UnitOfWork,
  locale: Locale,
  round: KomRound,
  options: {
    banner?: DutyBanner;
    manager: boolean;
    /** Today in Oslo (the publication form's default day). */
    today: string;
    publish?: { value: string; error?: string };
    superseded?: boolean;
  },
): Promise<AdaptiveCardJson> {
  const duties = dutiesIn(uow);
  const inputs = await duties.inputsOf(round.year);
  const lastYear = await lastYearFigures(uow, round.year);
  const notAnswered = inputs
    .filter((i) => i.state !== 'submitted')
    .map((i) => departmentName(locale, i.department));
  const deletion = await duties.deletion(round.year);
  const live = options.manager && !options.superseded;
  return renderCard(
    'duties-round',
    {
      roundId: round.id,
      title: t(locale, `${K}.round.title`, { year: round.year }),
      reference: round.reference,
      deadline: formatDate(locale, round.deadline),
      state: roundState(locale, round),
      ...(options.banner ? { banner: options.banner } : {}),
      rows: inputs.map((input) => ({
        department: departmentName(locale, input.department),
        state: inputState(locale, input),
        stateStyle: input.state === 'submitted' ? ('good' as const) : ('default' as const),
        ...(input.text || input.redactedAt || input.erasedAt
          ? { text: shownText(locale, input.text ?? '', input) }
          : {}),
        ...(input.figures ? { figures: figureGroups(locale, figureValues(input.figures), lastYear) } : {}),
      })),
      ...(notAnswered.length > 0 ? { notAnswered: notAnswered.join(', ') } : {}),
      ...(live && round.state === 'open' ? { canClose: true } : {}),
      ...(live && !round.publishedOn ? { publish: options.publish ?? { value: options.today } } : {}),
      ...(round.publishedOn ? { published: formatDate(locale, round.publishedOn) } : {}),
      ...(deletion
        ? {
            deletion:
              deletion.state === 'done' && deletion.doneAt
                ? t(locale, `${K}.round.deletionDone`, {
                    reference: deletion.reference,
                    date: osloDay(locale, deletion.doneAt),
                  })
                : t(locale, `${K}.round.deletionOpen`, { reference: deletion.reference }),
          }
        : {}),
      ...(options.superseded ? { superseded: true } : {}),
    },
    locale,
  );
}

export function inputState(locale: Locale, input: KomInput): string {
  return input.state === 'submitted' && input.submittedAt
    ? t(locale, `${K}.input.states.submitted`, { date: osloDay(locale, input.submittedAt) })
    : t(locale, `${K}.input.states.requested`);
}

export async function inputCard(
  uow: UnitOfWork,
  locale: Locale,
  input: KomInput,
  round: KomRound | undefined,
  options: {
    banner?: DutyBanner;
    /** The reader leads the department and the round is open. */
    mayAnswer: boolean;
    formOpen: boolean;
    values?: { text: string; figures: Record<string, string> };
    errors?: Record<string, string>;
    superseded?: boolean;
  },
): Promise<AdaptiveCardJson> {
  const lastYear = input.department === 'OPA' ? await lastYearFigures(uow, input.year) : undefined;
  const opa = input.department === 'OPA';
  const showForm = options.mayAnswer && options.formOpen && !options.superseded;
  const values = options.values ?? { text: input.text ?? '', figures: figureValues(input.figures) };
  const errors = options.errors ?? {};
  const closed = round?.state !== 'open';
  return renderCard(
    'duties-input',
    {
      inputId: input.id,
      title: t(locale, `${K}.input.title`, { year: input.year }),
      reference: input.reference,
      department: departmentName(locale, input.department),
      deadline: formatDate(locale, input.deadline),
      state:
        closed && input.state !== 'submitted'
          ? t(locale, `${K}.input.states.closed`)
          : inputState(locale, input),
      stateStyle: input.state === 'submitted' ? 'good' : closed ? 'attention' : 'default',
      ...(options.banner ? { banner: options.banner } : {}),
      ...(!showForm && input.state === 'submitted'
        ? {
            answer: {
              ...(input.text || input.redactedAt || input.erasedAt
                ? { text: shownText(locale, input.text ?? '', input) }
                : {}),
              ...(input.figures
                ? { figures: figureGroups(locale, figureValues(input.figures), lastYear) }
                : {}),
            },
          }
        : {}),
      ...(showForm
        ? {
            form: {
              text: values.text,
              ...(errors.text ? { textError: errors.text } : {}),
              ...(opa ? { figures: figureGroups(locale, values.figures, lastYear, errors) } : {}),
              ...(errors.form ? { error: errors.form } : {}),
            },
          }
        : {}),
      ...(options.mayAnswer && !showForm && !options.superseded ? { canChange: true } : {}),
      ...(options.superseded ? { superseded: true } : {}),
    },
    locale,
  );
}

export function deletionCard(
  locale: Locale,
  task: MhDeletion,
  options: { banner?: DutyBanner; manager: boolean; superseded?: boolean },
): AdaptiveCardJson {
  return renderCard(
    'duties-deletion',
    {
      deletionId: task.id,
      title: t(locale, `${K}.deletion.title`, { year: task.year }),
      reference: task.reference,
      published: t(locale, `${K}.deletion.published`, { date: formatDate(locale, task.publishedOn) }),
      checklist: CHECKLIST.map((line) => ({ text: t(locale, `${K}.deletion.checklist.${line}`) })),
      state:
        task.state === 'done' && task.doneAt
          ? t(locale, `${K}.deletion.states.done`, { date: osloDay(locale, task.doneAt) })
          : t(locale, `${K}.deletion.states.open`, { count: task.reminders.length }),
      stateStyle: task.state === 'done' ? 'good' : 'default',
      ...(options.banner ? { banner: options.banner } : {}),
      ...(options.manager && task.state === 'open' && !options.superseded ? { canComplete: true } : {}),
      ...(options.superseded ? { superseded: true } : {}),
    },
    locale,
  );
}

export function exportCard(
  locale: Locale,
  round: KomRound,
  answered: number,
  links: { markdownUrl: string; csvUrl: string; expiresAtMs: number } | undefined,
): AdaptiveCardJson {
  return renderCard(
    'duties-export',
    {
      roundId: round.id,
      title: t(locale, `${K}.exportCard.title`, { year: round.year }),
      summary: t(locale, `${K}.exportCard.summary`, { answered, asked: round.departments.length }),
      ...(links
        ? {
            markdownUrl: links.markdownUrl,
            csvUrl: links.csvUrl,
            expires: formatDateTime(locale, new Date(links.expiresAtMs).toISOString()),
          }
        : {}),
    },
    locale,
  );
}

/** A banner from the outbox's code, in the reader's language (its texts: duties.banners.<code>). */
export function dutyBanner(
  locale: Locale,
  code: string | undefined,
  vars: Record<string, string | number> = {},
): DutyBanner | undefined {
  if (!code) return undefined;
  const style =
    code === 'nudge' || code === 'unanswered' || code === 'weekly' || code === 'reminder'
      ? 'warning'
      : code === 'compiled'
        ? 'good'
        : 'default';
  return { text: t(locale, `${K}.banners.${code}`, vars), style };
}
