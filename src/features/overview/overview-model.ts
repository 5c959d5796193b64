/**
 * The coordinators' overview page's API: what GET /api/tab/overview answers, as JSON. The page
 * (tab/src/, bundled for the browser) imports these types only, so this file imports nothing.
 *
 * What it holds is decided on the server for the signed-in person alone (the policy module): a
 * section they may not see is absent, never empty. Free text (a title) is sent only on rows the
 * person may open in the bot; every other row carries its reference, kind, department and dates.
 * Dates are ISO 8601 instants; the page formats them in the person's language, in Europe/Oslo.
 */

/** The kinds of row the page knows how to name (its own strings, in bokmål and English). */
export const OVERVIEW_ROW_KINDS = [
  'guidance',
  'agenda',
  'action',
  'notice',
  'join',
  'checkin',
  'measure',
  'duty',
] as const;
export type OverviewRowKind = (typeof OVERVIEW_ROW_KINDS)[number];

export const OVERVIEW_DEPARTMENTS = ['AUA', 'OPA', 'ASA', 'RMA'] as const;
export type OverviewDepartment = (typeof OVERVIEW_DEPARTMENTS)[number];

/** One thing waiting for someone. */
export interface OverviewRow {
  /** The item's id (opaque), for the page's own use (a key, the row's anchor). */
  id: string;
  kind: OverviewRowKind;
  /** The human reference shown on the item's cards, e.g. "V-2026-0012". */
  reference: string;
  /** The item's state, as a code the page names (e.g. 'open', 'claimed', 'accepted'). */
  state: string;
  /** The title or question's first words: only on rows the person may open in the bot. */
  title?: string;
  department?: OverviewDepartment;
  /** Since when it has waited in its present state. */
  waitingSince: string;
  /** When it is due, if it has a deadline. */
  deadline?: string;
  /** Marked urgent by its sender (guidance, agenda) or by its nature (a priority notice). */
  urgent: boolean;
  /** Past its deadline at `generatedAt`. */
  overdue: boolean;
}

/** The network's open items of one department (for coordinators). */
export interface OverviewDepartmentCount {
  department: OverviewDepartment;
  open: number;
  overdue: number;
}

export interface OverviewMeeting {
  id: string;
  /** The series' forum: the coordinators' meeting, the whole network, RMA's regional meetings, a subgroup. */
  forum: string;
  /** The series' title as its organiser wrote it (members see their meetings' titles in the bot). */
  title: string;
  start: string;
  end: string;
  /** Invited people's answers: coming, joining by video, not coming, not answered. */
  rsvp: { yes: number; video: number; no: number; none: number };
}

/** The agenda of the next meeting: references and titles of accepted items, in order. */
export interface OverviewAgenda {
  meetingId: string;
  items: { reference: string; title: string; minutes: number; carriedOver: number }[];
  totalMinutes: number;
  meetingMinutes: number;
}

/** One mark in the check-in matrix. */
export type CheckinMark = 'answered' | 'nothingNew' | 'late' | 'missing' | 'open' | 'noContact';

export interface OverviewCheckins {
  /** The cycles, oldest first: each a meeting's date. */
  cycles: { id: string; meetingStart: string }[];
  /** One row per regional office: its name in the person's language and a mark per cycle. */
  regions: { unitId: string; name: string; marks: CheckinMark[]; caseCounts: (number | null)[] }[];
}

export interface OverviewDelivery {
  /** Notifications waiting to be sent. */
  pending: number;
  /** Notifications given up on (dead letters). */
  failed: number;
  /** People or channels the bot could not reach (blocked it, or gone). */
  unreachable: number;
  /** When the oldest pending notification was enqueued, if any. */
  oldestPendingSince?: string;
}

export interface OverviewViewer {
  /** The name the roster has for the person, if they are in it. */
  displayName?: string;
  isMember: boolean;
  isCoordinator: boolean;
  isAdmin: boolean;
  /** Their roles, as department and role kind (e.g. { department: 'OPA', kind: 'contact' }). */
  roles: { department: OverviewDepartment; kind: string }[];
}

export interface OverviewResponse {
  generatedAt: string;
  viewer: OverviewViewer;
  /** What waits for the person themself (assigned to them, or theirs to decide), overdue first. */
  queue: OverviewRow[];
  /** Coordinators: the network's open items by department, overdue first, with counts. */
  network?: { counts: OverviewDepartmentCount[]; rows: OverviewRow[] };
  /** Members: upcoming meetings of the forums they belong to, nearest first. */
  meetings?: { upcoming: OverviewMeeting[]; nextAgenda?: OverviewAgenda };
  /** RMA's coordinator (and the UDI coordinator): regions × last cycles. */
  checkins?: OverviewCheckins;
  /** Admins: delivery health. */
  delivery?: OverviewDelivery;
}

/** What GET /api/tab/config answers (no sign-in needed): how the page signs in. */
export interface TabConfig {
  /** 'sso': sign in through Teams; 'development': the server's development identity, no token. */
  mode: 'sso' | 'development';
  /** The Entra app's client id (SSO), for MSAL's nested app authentication. */
  clientId?: string;
  /** The scope the page asks a token for, e.g. "api://bot.example.org/<client id>/access_as_user". */
  scope?: string;
  /** The bot's app id, for the deep link to its chat ("https://teams.microsoft.com/l/chat/0/0?users=28:<id>"). */
  botAppId?: string;
  /** Extra origins teams-js may accept messages from (tests' host page; empty in production). */
  extraOrigins: string[];
  /** Development mode: the name of the person the page shows (the `npm run dev --as` person). */
  developmentPerson?: string;
}
