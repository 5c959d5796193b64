/**
 * The page's own words, in bokmål and English. The server sends codes (kinds, states, marks);
 * the page names them here. Bokmål is the default: anything but an English locale gets it.
 */
import type {
  CheckinMark,
  OverviewDepartment,
  OverviewRowKind,
} from '../../src/features/overview/overview-model.js';

export type Lang = 'nb' | 'en';

/** 'en', 'en-US', 'en-GB' → English; everything else (nb, nn, no, sv, …) → bokmål. */
export function langFromLocale(locale: string | undefined | null): Lang {
  return typeof locale === 'string' && /^en(?:[-_]|$)/i.test(locale.trim()) ? 'en' : 'nb';
}

export interface Strings {
  pageTitle: string;
  documentTitle: string;
  outsideTeams: string;
  developmentBanner: (person: string) => string;
  developmentNobody: string;
  loading: string;
  loaded: string;
  retry: string;
  errors: {
    signIn: string;
    forbidden: string;
    server: string;
    network: string;
    token: string;
    config: string;
  };
  greeting: (name: string) => string;
  updatedAt: (when: string) => string;
  sections: {
    queue: string;
    network: string;
    meetings: string;
    agenda: string;
    checkins: string;
    delivery: string;
  };
  queueEmpty: string;
  networkEmpty: string;
  meetingsEmpty: string;
  checkinsEmpty: string;
  agendaEmpty: string;
  columns: {
    item: string;
    department: string;
    waiting: string;
    deadline: string;
    open: string;
    overdue: string;
    meeting: string;
    forum: string;
    when: string;
    yes: string;
    video: string;
    no: string;
    none: string;
    order: string;
    title: string;
    minutes: string;
    region: string;
    actions: string;
  };
  countsCaption: string;
  rowsCaption: string;
  queueCaption: string;
  meetingsCaption: string;
  agendaCaption: (meeting: string) => string;
  agendaTotal: (planned: number, available: number) => string;
  agendaOver: string;
  carriedOver: (times: number) => string;
  checkinsCaption: string;
  checkinsLegend: string;
  deliveryCaption: string;
  delivery: {
    pending: string;
    failed: string;
    unreachable: string;
    oldestPending: string;
    nothingPending: string;
    healthy: string;
    attention: string;
  };
  urgent: string;
  overdue: string;
  noDeadline: string;
  waiting: (duration: string) => string;
  duration: { minutes: (n: number) => string; hours: (n: number) => string; days: (n: number) => string };
  showDetails: string;
  hideDetails: string;
  openInChat: string;
  detail: {
    reference: string;
    kind: string;
    state: string;
    department: string;
    waitingSince: string;
    deadline: string;
    title: string;
    urgent: string;
    yes: string;
    no: string;
  };
  kinds: Record<OverviewRowKind, string>;
  states: Record<string, string>;
  forums: Record<string, string>;
  marks: Record<CheckinMark, { symbol: string; label: string }>;
  departments: Record<OverviewDepartment, string>;
  total: string;
  cases: (n: number) => string;
  /** Cases followed up, in a check-in's cell. */
  caseCount: (n: number) => string;
}

const nb: Strings = {
  pageTitle: 'Oversikt',
  documentTitle: 'Oversikt – MH-nettverket',
  outsideTeams: 'Denne siden må åpnes i Microsoft Teams.',
  developmentBanner: (person) => `Utviklingsmodus: du ser siden som ${person}.`,
  developmentNobody: 'utviklingsbrukeren',
  loading: 'Henter oversikten …',
  loaded: 'Oversikten er oppdatert.',
  retry: 'Prøv igjen',
  errors: {
    signIn:
      'Vi fikk ikke bekreftet hvem du er. Lukk fanen og åpne den på nytt, eller logg inn i Teams igjen, og prøv igjen.',
    forbidden:
      'Du har ikke tilgang til denne oversikten. Den er for medlemmene i MH-nettverket. Ta kontakt med koordinatoren i din avdeling hvis du mener du skal ha tilgang.',
    server: 'Oversikten kunne ikke hentes akkurat nå. Prøv igjen om litt.',
    network: 'Vi fikk ikke kontakt med tjenesten. Sjekk nettforbindelsen og prøv igjen.',
    token: 'Innloggingen gjennom Teams mislyktes. Prøv igjen.',
    config: 'Siden kunne ikke starte fordi tjenesten ikke svarte. Prøv igjen om litt.',
  },
  greeting: (name) => `Innlogget som ${name}`,
  updatedAt: (when) => `Oppdatert ${when}`,
  sections: {
    queue: 'Mine oppgaver',
    network: 'Nettverkets åpne saker',
    meetings: 'Kommende møter',
    agenda: 'Saksliste for neste møte',
    checkins: 'Innsjekk fra regionene',
    delivery: 'Levering',
  },
  queueEmpty: 'Ingenting venter på deg nå.',
  networkEmpty: 'Nettverket har ingen åpne saker.',
  meetingsEmpty: 'Ingen møter er satt opp fremover.',
  checkinsEmpty: 'Ingen innsjekkrunder ennå. De åpner før RMAs videomøter med regionkontorene.',
  agendaEmpty: 'Ingen saker er ført opp på sakslisten ennå.',
  columns: {
    item: 'Sak',
    department: 'Avdeling',
    waiting: 'Venter',
    deadline: 'Frist',
    open: 'Åpne',
    overdue: 'Forfalt',
    meeting: 'Møte',
    forum: 'Forum',
    when: 'Tidspunkt',
    yes: 'Kommer',
    video: 'På video',
    no: 'Kan ikke',
    none: 'Ikke svart',
    order: 'Nr.',
    title: 'Sak',
    minutes: 'Minutter',
    region: 'Region',
    actions: 'Valg',
  },
  countsCaption: 'Åpne saker per avdeling',
  rowsCaption: 'Åpne saker i nettverket, forfalte først',
  queueCaption: 'Oppgaver som venter på deg, forfalte først',
  meetingsCaption: 'Kommende møter med svar på innkallingen',
  agendaCaption: (meeting) => `Saksliste: ${meeting}`,
  agendaTotal: (planned, available) => `${planned} av ${available} minutter er satt av.`,
  agendaOver: 'Sakslisten er lengre enn møtetiden.',
  carriedOver: (times) => (times === 1 ? 'utsatt én gang' : `utsatt ${times} ganger`),
  checkinsCaption: 'Innsjekk per region og møte',
  checkinsLegend: 'Tegnforklaring',
  deliveryCaption: 'Varsler fra boten',
  delivery: {
    pending: 'Venter på å bli sendt',
    failed: 'Ga opp å sende',
    unreachable: 'Personer eller kanaler boten ikke når',
    oldestPending: 'Eldste varsel i køen',
    nothingPending: 'Ingen varsler i kø',
    healthy: 'Leveringen går som den skal.',
    attention: 'Noe trenger oppfølging.',
  },
  urgent: 'Haster',
  overdue: 'Forfalt',
  noDeadline: 'Ingen frist',
  waiting: (duration) => `venter i ${duration}`,
  duration: {
    minutes: (n) => (n === 1 ? '1 minutt' : `${n} minutter`),
    hours: (n) => (n === 1 ? '1 time' : `${n} timer`),
    days: (n) => (n === 1 ? '1 dag' : `${n} dager`),
  },
  showDetails: 'Vis detaljer',
  hideDetails: 'Skjul detaljer',
  openInChat: 'Åpne i chatten',
  detail: {
    reference: 'Referanse',
    kind: 'Type',
    state: 'Status',
    department: 'Avdeling',
    waitingSince: 'Venter siden',
    deadline: 'Frist',
    title: 'Gjelder',
    urgent: 'Haster',
    yes: 'Ja',
    no: 'Nei',
  },
  kinds: {
    guidance: 'Veiledningsspørsmål',
    agenda: 'Sak til nettverket',
    action: 'Oppfølgingspunkt',
    notice: 'Prioriteringsmelding',
    join: 'Innmelding',
    checkin: 'Innsjekk',
    measure: 'Tiltak i handlingsplan',
    duty: 'Årlig oppgave',
  },
  states: {
    open: 'Åpen',
    'in-progress': 'Under behandling',
    'awaiting-info': 'Venter på opplysninger',
    answered: 'Besvart',
    closed: 'Lukket',
    claimed: 'Tatt',
    submitted: 'Meldt inn',
    accepted: 'Satt på sakslisten',
    declined: 'Avslått',
    merged: 'Slått sammen',
    done: 'Ferdig',
    sent: 'Sendt',
    acknowledged: 'Bekreftet mottatt',
    pending: 'Venter på behandling',
    approved: 'Godkjent',
    'nothing-new': 'Ikke noe nytt',
    missed: 'Ikke levert',
    'not-started': 'Ikke startet',
    delayed: 'Forsinket',
    requested: 'Venter på innspill',
  },
  forums: {
    coordinators: 'Koordinatormøtet',
    network: 'Nettverksmøtet',
    'rma-regional': 'RMAs regionmøte',
    adhoc: 'Arbeidsgruppe',
    subgroup: 'Arbeidsgruppe',
  },
  marks: {
    answered: { symbol: '✓', label: 'Svart' },
    nothingNew: { symbol: '–', label: 'Ikke noe nytt' },
    late: { symbol: '!', label: 'Svart for sent' },
    missing: { symbol: '✗', label: 'Mangler' },
    open: { symbol: '…', label: 'Åpen' },
    noContact: { symbol: '○', label: 'Ingen kontaktperson' },
  },
  departments: {
    AUA: 'Analyse- og utviklingsavdelingen (AUA)',
    OPA: 'Oppholdsavdelingen (OPA)',
    ASA: 'Asylavdelingen (ASA)',
    RMA: 'Region- og mottaksavdelingen (RMA)',
  },
  total: 'Totalt',
  cases: (n) => (n === 1 ? '1 sak' : `${n} saker`),
  caseCount: (n) => (n === 1 ? '1 sak' : `${n} saker`),
};

const en: Strings = {
  pageTitle: 'Overview',
  documentTitle: 'Overview – MH network',
  outsideTeams: 'This page must be opened in Microsoft Teams.',
  developmentBanner: (person) => `Development mode: you see the page as ${person}.`,
  developmentNobody: 'the development user',
  loading: 'Loading the overview …',
  loaded: 'The overview is up to date.',
  retry: 'Try again',
  errors: {
    signIn:
      'We could not confirm who you are. Close the tab and open it again, or sign in to Teams again, and try again.',
    forbidden:
      'You do not have access to this overview. It is for members of the MH network. Contact your department’s coordinator if you think you should have access.',
    server: 'The overview could not be loaded right now. Please try again in a moment.',
    network: 'We could not reach the service. Check your connection and try again.',
    token: 'Signing in through Teams failed. Please try again.',
    config: 'The page could not start because the service did not answer. Please try again in a moment.',
  },
  greeting: (name) => `Signed in as ${name}`,
  updatedAt: (when) => `Updated ${when}`,
  sections: {
    queue: 'My tasks',
    network: 'Open items in the network',
    meetings: 'Upcoming meetings',
    agenda: 'Agenda for the next meeting',
    checkins: 'Check-ins from the regions',
    delivery: 'Delivery',
  },
  queueEmpty: 'Nothing is waiting for you right now.',
  networkEmpty: 'The network has no open items.',
  meetingsEmpty: 'No meetings are scheduled ahead.',
  checkinsEmpty: "No check-in rounds yet. They open before RMA's video meetings with the regional offices.",
  agendaEmpty: 'No items are on the agenda yet.',
  columns: {
    item: 'Item',
    department: 'Department',
    waiting: 'Waiting',
    deadline: 'Deadline',
    open: 'Open',
    overdue: 'Overdue',
    meeting: 'Meeting',
    forum: 'Forum',
    when: 'When',
    yes: 'Coming',
    video: 'By video',
    no: "Can't come",
    none: 'No answer',
    order: 'No.',
    title: 'Item',
    minutes: 'Minutes',
    region: 'Region',
    actions: 'Actions',
  },
  countsCaption: 'Open items per department',
  rowsCaption: 'Open items in the network, overdue first',
  queueCaption: 'Tasks waiting for you, overdue first',
  meetingsCaption: 'Upcoming meetings with replies to the invitation',
  agendaCaption: (meeting) => `Agenda: ${meeting}`,
  agendaTotal: (planned, available) => `${planned} of ${available} minutes are planned.`,
  agendaOver: 'The agenda is longer than the meeting.',
  carriedOver: (times) => (times === 1 ? 'carried over once' : `carried over ${times} times`),
  checkinsCaption: 'Check-ins per region and meeting',
  checkinsLegend: 'Legend',
  deliveryCaption: 'Notifications from the bot',
  delivery: {
    pending: 'Waiting to be sent',
    failed: 'Given up on',
    unreachable: 'People or channels the bot cannot reach',
    oldestPending: 'Oldest notification in the queue',
    nothingPending: 'No notifications queued',
    healthy: 'Delivery is working as it should.',
    attention: 'Something needs attention.',
  },
  urgent: 'Urgent',
  overdue: 'Overdue',
  noDeadline: 'No deadline',
  waiting: (duration) => `waiting for ${duration}`,
  duration: {
    minutes: (n) => (n === 1 ? '1 minute' : `${n} minutes`),
    hours: (n) => (n === 1 ? '1 hour' : `${n} hours`),
    days: (n) => (n === 1 ? '1 day' : `${n} days`),
  },
  showDetails: 'Show details',
  hideDetails: 'Hide details',
  openInChat: 'Open in chat',
  detail: {
    reference: 'Reference',
    kind: 'Kind',
    state: 'Status',
    department: 'Department',
    waitingSince: 'Waiting since',
    deadline: 'Deadline',
    title: 'About',
    urgent: 'Urgent',
    yes: 'Yes',
    no: 'No',
  },
  kinds: {
    guidance: 'Guidance question',
    agenda: 'Agenda item',
    action: 'Follow-up action',
    notice: 'Priority notice',
    join: 'Join request',
    checkin: 'Check-in',
    measure: 'Action plan measure',
    duty: 'Yearly duty',
  },
  states: {
    open: 'Open',
    'in-progress': 'In progress',
    'awaiting-info': 'Awaiting information',
    answered: 'Answered',
    closed: 'Closed',
    claimed: 'Claimed',
    submitted: 'Submitted',
    accepted: 'On the agenda',
    declined: 'Declined',
    merged: 'Merged',
    done: 'Done',
    sent: 'Sent',
    acknowledged: 'Acknowledged',
    pending: 'Awaiting decision',
    approved: 'Approved',
    'nothing-new': 'Nothing new',
    missed: 'Not delivered',
    'not-started': 'Not started',
    delayed: 'Delayed',
    requested: 'Awaiting input',
  },
  forums: {
    coordinators: 'Coordinators’ meeting',
    network: 'Network meeting',
    'rma-regional': 'RMA regional meeting',
    adhoc: 'Working group',
    subgroup: 'Working group',
  },
  marks: {
    answered: { symbol: '✓', label: 'Answered' },
    nothingNew: { symbol: '–', label: 'Nothing new' },
    late: { symbol: '!', label: 'Answered late' },
    missing: { symbol: '✗', label: 'Missing' },
    open: { symbol: '…', label: 'Open' },
    noContact: { symbol: '○', label: 'No contact person' },
  },
  departments: {
    AUA: 'Analysis and Development Department (AUA)',
    OPA: 'Residence Department (OPA)',
    ASA: 'Asylum Department (ASA)',
    RMA: 'Regional and Reception Department (RMA)',
  },
  total: 'Total',
  cases: (n) => (n === 1 ? '1 item' : `${n} items`),
  caseCount: (n) => (n === 1 ? '1 case' : `${n} cases`),
};

export const STRINGS: Record<Lang, Strings> = { nb, en };

/** A state's name, or the code itself when the page does not know it (never blank). */
export function stateName(s: Strings, state: string): string {
  return Object.hasOwn(s.states, state) ? s.states[state]! : state;
}

export function forumName(s: Strings, forum: string): string {
  return Object.hasOwn(s.forums, forum) ? s.forums[forum]! : forum;
}
