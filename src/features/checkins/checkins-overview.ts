/**
 * What the check-ins and priority notices add to the overview page (overview/overview-sources.ts):
 * - the queue: the priority notices waiting for the viewer as the notice feature routes them (ASA's
 *   coordinator, or ASA's deputies when there is none or they are away; the UDI coordinator when ASA
 *   has nobody, and once a notice is escalated), urgent by nature and due on their due day; and the
 *   open check-ins of the regions the viewer is a contact person of, due at the meeting's start;
 * - the network (coordinators): the notices not acknowledged yet, under ASA;
 * - the check-in matrix of the last cycles, for those who may use `innsjekk` (the same overview).
 * A row's title is its region's name (never a notice's text), for those who may see the item.
 * Reads only.
 */
import type { Locale } from '../../cards/i18n.js';
import type { Unit } from '../../domain/roster.js';
import type { CheckinMark, OverviewCheckins, OverviewRow } from '../overview/overview-model.js';
import { dayDeadline, overviewRow } from '../overview/overview-rows.js';
import type { OverviewContext, OverviewSource } from '../overview/overview-sources.js';
import { overview } from './checkin.js';
import { isContactOf } from './checkin-cycles.js';
import type { OverviewCell } from './checkin-digest.js';
import { regionLabel } from './checkin-store.js';
import type { CheckIn } from './checkins.js';
import { authorizeNotice } from './notice-policy.js';
import { noticesIn } from './notice-store.js';
import { asaRecipients, udiRecipients } from './notices.js';
import type { PriorityNotice } from './priority-notices.js';

const openNotices = (ctx: OverviewContext) =>
  ctx.once('checkins.openNotices', () => noticesIn(ctx.uow).open());

const regionName = (units: readonly Unit[], unitId: string, locale: Locale): string =>
  units.find((u) => u.id === unitId)?.name[locale] ?? unitId;

/** Whether a notice waits for `me`, as sendNotice and the notice ladder address it. */
function noticeWaitsFor(me: string, notice: PriorityNotice, asa: readonly string[], udi: readonly string[]) {
  const asaFor = asa.filter((id) => id !== notice.createdBy);
  if (asaFor.includes(me)) return true;
  return udi.includes(me) && me !== notice.createdBy && (asaFor.length === 0 || !!notice.steps.escalation);
}

function noticeRow(ctx: OverviewContext, notice: PriorityNotice): OverviewRow {
  const sees = authorizeNotice(ctx.viewer.person, { kind: 'notice.view', notice }).allowed;
  return overviewRow(
    notice,
    {
      kind: 'notice',
      deadline: dayDeadline(notice.due),
      urgent: true,
      ...(sees ? { title: regionName(ctx.units, notice.region, ctx.locale) } : {}),
      department: 'ASA',
    },
    ctx.now,
  );
}

function checkinRow(ctx: OverviewContext, checkin: CheckIn): OverviewRow {
  const unit = ctx.units.find((u) => u.id === checkin.unitId);
  return overviewRow(
    checkin,
    {
      kind: 'checkin',
      deadline: new Date(checkin.due).toISOString(),
      title: regionName(ctx.units, checkin.unitId, ctx.locale),
      ...(unit ? { department: unit.department } : {}),
    },
    ctx.now,
  );
}

/** A region's cell in the matrix as the page marks it. */
export function checkinMark(cell: OverviewCell): CheckinMark {
  switch (cell.status) {
    case 'none':
      return 'noContact';
    case 'answered':
      return cell.nothingNew ? 'nothingNew' : 'answered';
    default:
      return cell.status;
  }
}

export const checkinsOnOverview: OverviewSource = {
  async queue(ctx) {
    const me = ctx.viewer.aadObjectId;
    const rows: OverviewRow[] = [];
    const asa = asaRecipients(ctx.roster.people);
    const udi = udiRecipients(ctx.roster.people);
    for (const notice of await openNotices(ctx))
      if (noticeWaitsFor(me, notice, asa, udi)) rows.push(noticeRow(ctx, notice));
    // The open check-ins of the viewer's regions (found by region, not by reading every check-in).
    const regions = new Set(
      (ctx.viewer.person?.roles ?? []).flatMap((r) => (r.kind === 'contact' ? [r.unitId] : [])),
    );
    for (const unitId of regions) {
      if (!isContactOf(ctx.viewer.person, unitId)) continue;
      const open = (await ctx.uow.items.query({
        kind: 'checkin',
        states: ['open'],
        label: regionLabel(unitId),
      })) as CheckIn[];
      for (const checkin of open) rows.push(checkinRow(ctx, checkin));
    }
    return rows;
  },

  async network(ctx) {
    return (await openNotices(ctx)).map((notice) => noticeRow(ctx, notice));
  },

  async checkins(ctx): Promise<OverviewCheckins | undefined> {
    const shown = await overview(ctx.app, ctx.uow, { aadObjectId: ctx.viewer.aadObjectId, displayName: '' });
    if (!shown.ok) return undefined;
    return {
      cycles: shown.value.cycles.map((c) => ({ id: c.cycleId, meetingStart: new Date(c.due).toISOString() })),
      regions: shown.value.regions.map((region) => ({
        unitId: region.unitId,
        name: region.name[ctx.locale],
        marks: region.cells.map(checkinMark),
        caseCounts: region.counts.map((n) => n ?? null),
      })),
    };
  },
};
