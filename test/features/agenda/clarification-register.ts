/**
 * A small register of clarifications as the network would write them, for the search tests: made by
 * the rules (clarifications.ts), so what is searched is what the store would hold.
 */
import {
  approveClarification,
  type Clarification,
  type ClarificationSource,
  newClarification,
} from '../../../src/features/agenda/clarifications.js';

export const AT = '2026-03-10T10:00:00.000Z';
export const UDI = 'udi-coordinator';

const MEETING: ClarificationSource = {
  kind: 'meeting',
  forum: 'coordinators',
  seriesId: 'series-coordinators',
  occurrence: '2026-03-10',
};

/**
 * An active entry made by `newClarification` (throws on a problem: a fixture must be valid); one from a
 * guidance answer is approved as well, unless `proposed` keeps it waiting for review.
 */
export function entry(
  id: string,
  question: string,
  clarification: string,
  extra: { topicId?: string; source?: ClarificationSource; decidedOn?: string; proposed?: boolean } = {},
): Clarification {
  const made = newClarification({
    id,
    reference: `A-2026-${id.padStart(4, '0')}`,
    question,
    clarification,
    decidedOn: extra.decidedOn ?? '2026-03-10',
    source: extra.source ?? MEETING,
    ...(extra.topicId ? { topicId: extra.topicId } : {}),
    by: UDI,
    at: AT,
  });
  if (!made.ok) throw new Error(`fixture ${id}: ${JSON.stringify(made.error)}`);
  if (made.value.state !== 'proposed' || extra.proposed) return made.value;
  const approved = approveClarification(made.value, UDI, AT);
  if (!approved.ok) throw new Error(`fixture ${id}: ${JSON.stringify(approved.error)}`);
  return approved.value;
}

/** The topics' names, as guidance keeps them (a part of its seed). */
export const TOPICS = [
  {
    id: 'reflection-limited-permit',
    name: {
      nb: 'Refleksjonstillatelse og begrenset oppholdstillatelse',
      en: 'Reflection permit and limited residence permit',
    },
  },
  {
    id: 'asylum-interview',
    name: { nb: 'Tilrettelegging av asylintervju', en: 'Asylum interview facilitation' },
  },
  { id: 'reception-centres', name: { nb: 'Asylmottak', en: 'Reception centres' } },
  {
    id: 'return',
    name: {
      nb: 'Retur (IOMs program for sårbare grupper)',
      en: "Return (IOM's programme for vulnerable groups)",
    },
  },
];

/** Entries on different subjects, each using its own words. */
export const REGISTER: readonly Clarification[] = [
  entry(
    '1',
    'Kan refleksjonsperioden forlenges når søkeren trenger mer tid til å bestemme seg?',
    'Refleksjonsperioden er seks måneder og forlenges ikke. Søkeren kan likevel søke begrenset oppholdstillatelse før perioden er ute.',
    { topicId: 'reflection-limited-permit' },
  ),
  entry(
    '2',
    'Hvilke krav gjelder for begrenset oppholdstillatelse etter anmeldelse?',
    'Det kreves at forholdet er anmeldt og at politiet bekrefter at søkerens tilstedeværelse er nødvendig for etterforskningen.',
    { topicId: 'reflection-limited-permit' },
  ),
  entry(
    '3',
    'Skal avslag på asyl vente til identifiseringen av et mulig offer er vurdert?',
    'Et avslag fattes ikke før indikasjonene på menneskehandel er vurdert i saken; saksbehandler ber om vurdering fra kontaktpersonen.',
  ),
  entry(
    '4',
    'Hvordan tilrettelegger vi asylintervjuet for en mulig utsatt person?',
    'Intervjuet gjennomføres av en særskilt kompetent intervjuer, med pauser, og søkeren tilbys kvinnelig intervjuer og tolk ved behov.',
    { topicId: 'asylum-interview' },
  ),
  entry(
    '5',
    'Hvem følger opp beboere på mottak som kan være utsatt for tvangsarbeid?',
    'Mottaket melder fra til regionkontoret, som veileder de ansatte og varsler kontaktpersonen i RMA.',
    { topicId: 'reception-centres' },
  ),
  entry(
    '6',
    'Kan en person i IOMs returprogram for sårbare grupper få reisestøtte?',
    'Ja, returprogrammet dekker reise og etableringsstøtte; Returenheten avklarer søknaden med IOM.',
    { topicId: 'return' },
  ),
];
