/**
 * The overview, drawn from the API's answer. A section the answer leaves out is not drawn at all;
 * a section that is there but empty says so. Every mark that carries meaning (urgent, overdue,
 * check-in marks) is text, never colour alone.
 */
import type {
  CheckinMark,
  OverviewAgenda,
  OverviewCheckins,
  OverviewDelivery,
  OverviewDepartmentCount,
  OverviewMeeting,
  OverviewResponse,
  OverviewRow,
} from '../../src/features/overview/overview-model.js';
import { h, uid } from './dom.js';
import { formatDate, formatDateTime, formatDeadline, formatDuration, formatTime } from './format.js';
import { forumName, type Lang, type Strings, stateName } from './strings.js';

export interface RenderContext {
  lang: Lang;
  s: Strings;
  /** The bot's chat, when the bot's app id is known. */
  chatLink?: string;
  /** Opens a link through Teams (app.openLink); absent outside Teams. */
  openLink?: (url: string) => void;
}

const MARK_ORDER: CheckinMark[] = ['answered', 'nothingNew', 'late', 'missing', 'open', 'noContact'];

export function botChatLink(botAppId: string | undefined): string | undefined {
  return botAppId
    ? `https://teams.microsoft.com/l/chat/0/0?users=28:${encodeURIComponent(botAppId)}`
    : undefined;
}

export function renderOverview(data: OverviewResponse, ctx: RenderContext): HTMLElement[] {
  const sections: HTMLElement[] = [renderHeader(data, ctx), renderQueue(data, ctx)];
  if (data.network) sections.push(renderNetwork(data.network, data.generatedAt, ctx));
  if (data.meetings) {
    sections.push(renderMeetings(data.meetings.upcoming, ctx));
    if (data.meetings.nextAgenda) {
      const meeting = data.meetings.upcoming.find((m) => m.id === data.meetings?.nextAgenda?.meetingId);
      sections.push(renderAgenda(data.meetings.nextAgenda, meeting, ctx));
    }
  }
  if (data.checkins) sections.push(renderCheckins(data.checkins, ctx));
  if (data.delivery) sections.push(renderDelivery(data.delivery, data.generatedAt, ctx));
  return sections;
}

function renderHeader(data: OverviewResponse, { s, lang }: RenderContext): HTMLElement {
  return h(
    'p',
    { class: 'meta' },
    data.viewer.displayName ? h('span', null, s.greeting(data.viewer.displayName)) : null,
    h('span', null, s.updatedAt(formatDateTime(lang, data.generatedAt))),
  );
}

function section(key: string, title: string, ...body: (Node | null)[]): HTMLElement {
  const headingId = `h-${key}`;
  return h(
    'section',
    { class: `section section-${key}`, 'aria-labelledby': headingId },
    h('h2', { id: headingId }, title),
    ...body,
  );
}

/** A table in a box that scrolls sideways on narrow screens (focusable, so the keyboard can scroll it). */
function scroller(table: HTMLTableElement, label: string): HTMLElement {
  return h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': label }, table);
}

function srOnly(text: string): HTMLElement {
  return h('span', { class: 'sr-only' }, text);
}

function badges(row: OverviewRow, s: Strings): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (row.overdue) out.push(h('span', { class: 'badge badge-overdue' }, s.overdue));
  if (row.urgent) out.push(h('span', { class: 'badge badge-urgent' }, s.urgent));
  return out;
}

function renderRowsTable(
  rows: OverviewRow[],
  caption: string,
  generatedAt: string,
  ctx: RenderContext,
  key: string,
): HTMLElement {
  const { s, lang } = ctx;
  const columns = 5;
  const table = h(
    'table',
    { class: 'rows' },
    h('caption', null, caption),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, s.columns.item),
        h('th', { scope: 'col' }, s.columns.department),
        h('th', { scope: 'col' }, s.columns.waiting),
        h('th', { scope: 'col' }, s.columns.deadline),
        h('th', { scope: 'col', class: 'col-actions' }, srOnly(s.columns.actions)),
      ),
    ),
  );
  const body = h('tbody');
  for (const row of rows) {
    const detailsId = uid(`${key}-details`);
    const toggle = h(
      'button',
      {
        type: 'button',
        class: 'disclosure',
        'aria-expanded': 'false',
        'aria-controls': detailsId,
      },
      h('span', { class: 'disclosure-icon', 'aria-hidden': 'true' }),
      h('span', { class: 'disclosure-text' }, s.showDetails),
      srOnly(`: ${row.reference}`),
    );
    const detailsRow = h(
      'tr',
      { id: detailsId, class: 'details-row', hidden: true },
      h('td', { colspan: columns }, renderDetails(row, ctx)),
    );
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      detailsRow.hidden = !open;
      const text = toggle.querySelector('.disclosure-text');
      if (text) text.textContent = open ? s.hideDetails : s.showDetails;
    });
    const actions = h(
      'td',
      { class: 'col-actions' },
      h('div', { class: 'actions' }, toggle, chatLink(row, ctx)),
    );
    body.append(
      h(
        'tr',
        {
          class: ['item', row.overdue ? 'is-overdue' : '', row.urgent ? 'is-urgent' : ''].join(' ').trim(),
          'data-id': row.id,
        },
        h(
          'th',
          { scope: 'row', class: 'item-cell' },
          h(
            'span',
            { class: 'item-head' },
            h('span', { class: 'reference' }, row.reference),
            ...badges(row, s),
          ),
          h('span', { class: 'item-kind' }, `${s.kinds[row.kind] ?? row.kind} · ${stateName(s, row.state)}`),
          row.title ? h('span', { class: 'item-title' }, row.title) : null,
        ),
        h('td', null, row.department ?? '–'),
        h('td', null, formatDuration(s, row.waitingSince, generatedAt)),
        h(
          'td',
          { class: row.overdue ? 'deadline is-overdue' : 'deadline' },
          row.deadline ? formatDeadline(lang, row.deadline) : h('span', { class: 'muted' }, s.noDeadline),
        ),
        actions,
      ),
      detailsRow,
    );
  }
  table.append(body);
  return scroller(table, caption);
}

function chatLink(row: OverviewRow, ctx: RenderContext): HTMLElement | null {
  if (!ctx.chatLink) return null;
  const url = ctx.chatLink;
  const link = h(
    'a',
    {
      class: 'chat-link',
      href: url,
      target: '_blank',
      rel: 'noopener noreferrer',
    },
    ctx.s.openInChat,
    srOnly(` (${row.reference})`),
  );
  if (ctx.openLink) {
    const open = ctx.openLink;
    link.addEventListener('click', (event) => {
      event.preventDefault();
      open(url);
    });
  }
  return link;
}

function renderDetails(row: OverviewRow, { s, lang }: RenderContext): HTMLElement {
  const pairs: [string, string][] = [
    [s.detail.reference, row.reference],
    [s.detail.kind, s.kinds[row.kind] ?? row.kind],
    [s.detail.state, stateName(s, row.state)],
  ];
  if (row.department) pairs.push([s.detail.department, s.departments[row.department] ?? row.department]);
  pairs.push([s.detail.waitingSince, formatDateTime(lang, row.waitingSince)]);
  pairs.push([
    s.detail.deadline,
    row.deadline
      ? `${formatDeadline(lang, row.deadline)}${row.overdue ? ` (${s.overdue})` : ''}`
      : s.noDeadline,
  ]);
  pairs.push([s.detail.urgent, row.urgent ? s.detail.yes : s.detail.no]);
  if (row.title) pairs.push([s.detail.title, row.title]);
  return h(
    'dl',
    { class: 'details' },
    pairs.map(([term, value]) => h('div', { class: 'pair' }, h('dt', null, term), h('dd', null, value))),
  );
}

function renderQueue(data: OverviewResponse, ctx: RenderContext): HTMLElement {
  const { s } = ctx;
  if (data.queue.length === 0)
    return section('queue', s.sections.queue, h('p', { class: 'empty' }, s.queueEmpty));
  return section(
    'queue',
    s.sections.queue,
    h('p', { class: 'summary' }, s.cases(data.queue.length)),
    renderRowsTable(data.queue, s.queueCaption, data.generatedAt, ctx, 'queue'),
  );
}

function renderCounts(counts: OverviewDepartmentCount[], { s }: RenderContext): HTMLTableElement {
  const total = counts.reduce((sum, c) => ({ open: sum.open + c.open, overdue: sum.overdue + c.overdue }), {
    open: 0,
    overdue: 0,
  });
  return h(
    'table',
    { class: 'counts' },
    h('caption', null, s.countsCaption),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, s.columns.department),
        h('th', { scope: 'col', class: 'num' }, s.columns.open),
        h('th', { scope: 'col', class: 'num' }, s.columns.overdue),
      ),
    ),
    h(
      'tbody',
      null,
      counts.map((c) =>
        h(
          'tr',
          null,
          h('th', { scope: 'row' }, s.departments[c.department] ?? c.department),
          h('td', { class: 'num' }, c.open),
          h('td', { class: c.overdue > 0 ? 'num is-overdue' : 'num' }, c.overdue),
        ),
      ),
    ),
    h(
      'tfoot',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'row' }, s.total),
        h('td', { class: 'num' }, total.open),
        h('td', { class: 'num' }, total.overdue),
      ),
    ),
  );
}

function renderNetwork(
  network: NonNullable<OverviewResponse['network']>,
  generatedAt: string,
  ctx: RenderContext,
): HTMLElement {
  const { s } = ctx;
  return section(
    'network',
    s.sections.network,
    scroller(renderCounts(network.counts, ctx), s.countsCaption),
    network.rows.length === 0
      ? h('p', { class: 'empty' }, s.networkEmpty)
      : renderRowsTable(network.rows, s.rowsCaption, generatedAt, ctx, 'network'),
  );
}

function meetingWhen(m: OverviewMeeting, lang: Lang): string {
  return `${formatDateTime(lang, m.start)}–${formatTime(lang, m.end)}`;
}

function renderMeetings(upcoming: OverviewMeeting[], ctx: RenderContext): HTMLElement {
  const { s, lang } = ctx;
  if (upcoming.length === 0)
    return section('meetings', s.sections.meetings, h('p', { class: 'empty' }, s.meetingsEmpty));
  const table = h(
    'table',
    { class: 'meetings' },
    h('caption', null, s.meetingsCaption),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, s.columns.meeting),
        h('th', { scope: 'col' }, s.columns.when),
        h('th', { scope: 'col', class: 'num' }, s.columns.yes),
        h('th', { scope: 'col', class: 'num' }, s.columns.video),
        h('th', { scope: 'col', class: 'num' }, s.columns.no),
        h('th', { scope: 'col', class: 'num' }, s.columns.none),
      ),
    ),
    h(
      'tbody',
      null,
      upcoming.map((m) =>
        h(
          'tr',
          { 'data-id': m.id },
          h(
            'th',
            { scope: 'row' },
            h('span', { class: 'meeting-title' }, m.title),
            h('span', { class: 'item-kind' }, forumName(s, m.forum)),
          ),
          h('td', null, meetingWhen(m, lang)),
          h('td', { class: 'num' }, m.rsvp.yes),
          h('td', { class: 'num' }, m.rsvp.video),
          h('td', { class: 'num' }, m.rsvp.no),
          h('td', { class: 'num' }, m.rsvp.none),
        ),
      ),
    ),
  );
  return section('meetings', s.sections.meetings, scroller(table, s.meetingsCaption));
}

function renderAgenda(
  agenda: OverviewAgenda,
  meeting: OverviewMeeting | undefined,
  ctx: RenderContext,
): HTMLElement {
  const { s, lang } = ctx;
  const meetingName = meeting ? `${meeting.title}, ${formatDate(lang, meeting.start)}` : '';
  const caption = meeting ? s.agendaCaption(meetingName) : s.sections.agenda;
  if (agenda.items.length === 0)
    return section(
      'agenda',
      s.sections.agenda,
      meeting ? h('p', { class: 'summary' }, meetingName) : null,
      h('p', { class: 'empty' }, s.agendaEmpty),
    );
  const table = h(
    'table',
    { class: 'agenda' },
    h('caption', null, caption),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col', class: 'num' }, s.columns.order),
        h('th', { scope: 'col' }, s.columns.title),
        h('th', { scope: 'col', class: 'num' }, s.columns.minutes),
      ),
    ),
    h(
      'tbody',
      null,
      agenda.items.map((item, i) =>
        h(
          'tr',
          null,
          h('td', { class: 'num' }, i + 1),
          h(
            'th',
            { scope: 'row' },
            h('span', { class: 'reference' }, item.reference),
            ' ',
            h('span', { class: 'agenda-title' }, item.title),
            item.carriedOver > 0 ? h('span', { class: 'item-kind' }, s.carriedOver(item.carriedOver)) : null,
          ),
          h('td', { class: 'num' }, item.minutes),
        ),
      ),
    ),
    h(
      'tfoot',
      null,
      h(
        'tr',
        null,
        h('td'),
        h('th', { scope: 'row' }, s.total),
        h('td', { class: 'num' }, `${agenda.totalMinutes} / ${agenda.meetingMinutes}`),
      ),
    ),
  );
  const over = agenda.totalMinutes > agenda.meetingMinutes;
  return section(
    'agenda',
    s.sections.agenda,
    scroller(table, caption),
    h(
      'p',
      { class: over ? 'summary is-overdue' : 'summary' },
      s.agendaTotal(agenda.totalMinutes, agenda.meetingMinutes),
      over ? ` ${s.agendaOver}` : '',
    ),
  );
}

function markCell(mark: CheckinMark | undefined, count: number | null | undefined, s: Strings): HTMLElement {
  if (!mark) return h('td', { class: 'mark' }, '');
  const { symbol, label } = s.marks[mark];
  return h(
    'td',
    { class: `mark mark-${mark}`, title: label },
    h('span', { class: 'mark-symbol', 'aria-hidden': 'true' }, symbol),
    srOnly(label),
    typeof count === 'number' ? h('span', { class: 'mark-count' }, ` ${s.caseCount(count)}`) : null,
  );
}

function renderCheckins(checkins: OverviewCheckins, ctx: RenderContext): HTMLElement {
  const { s, lang } = ctx;
  if (checkins.cycles.length === 0) {
    return section('checkins', s.sections.checkins, h('p', { class: 'empty' }, s.checkinsEmpty));
  }
  const table = h(
    'table',
    { class: 'matrix' },
    h('caption', null, s.checkinsCaption),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, s.columns.region),
        checkins.cycles.map((c) =>
          h('th', { scope: 'col', class: 'mark' }, formatDate(lang, c.meetingStart)),
        ),
      ),
    ),
    h(
      'tbody',
      null,
      checkins.regions.map((r) =>
        h(
          'tr',
          { 'data-id': r.unitId },
          h('th', { scope: 'row' }, r.name),
          checkins.cycles.map((_, i) => markCell(r.marks[i], r.caseCounts[i], s)),
        ),
      ),
    ),
  );
  const legendId = uid('legend');
  return section(
    'checkins',
    s.sections.checkins,
    scroller(table, s.checkinsCaption),
    h(
      'div',
      { class: 'legend' },
      h('h3', { id: legendId }, s.checkinsLegend),
      h(
        'ul',
        { 'aria-labelledby': legendId },
        MARK_ORDER.map((mark) =>
          h(
            'li',
            { class: `mark-${mark}` },
            h('span', { class: 'mark-symbol', 'aria-hidden': 'true' }, s.marks[mark].symbol),
            ` ${s.marks[mark].label}`,
          ),
        ),
      ),
    ),
  );
}

function renderDelivery(delivery: OverviewDelivery, generatedAt: string, ctx: RenderContext): HTMLElement {
  const { s, lang } = ctx;
  const trouble = delivery.failed > 0 || delivery.unreachable > 0;
  const figure = (label: string, value: string, warn: boolean, text = false) =>
    h(
      'div',
      { class: ['figure', warn ? 'is-warn' : '', text ? 'is-text' : ''].join(' ').trim() },
      h('dt', null, label),
      h('dd', null, value),
    );
  return section(
    'delivery',
    s.sections.delivery,
    h(
      'p',
      { class: trouble ? 'summary is-overdue' : 'summary' },
      trouble ? s.delivery.attention : s.delivery.healthy,
    ),
    h(
      'dl',
      { class: 'figures' },
      figure(s.delivery.pending, String(delivery.pending), false),
      figure(s.delivery.failed, String(delivery.failed), delivery.failed > 0),
      figure(s.delivery.unreachable, String(delivery.unreachable), delivery.unreachable > 0),
      figure(
        s.delivery.oldestPending,
        delivery.oldestPendingSince
          ? `${formatDateTime(lang, delivery.oldestPendingSince)} (${s.waiting(formatDuration(s, delivery.oldestPendingSince, generatedAt))})`
          : s.delivery.nothingPending,
        false,
        true,
      ),
    ),
  );
}
