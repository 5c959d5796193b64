/**
 * What RMA's coordinator reads of the check-ins: the digest of one cycle (which regions raised what,
 * the case counts per region and in all, the regions that did not answer, named, and those with
 * nothing new), and the overview of the last cycles (each region's answer per cycle, with its case
 * counts as a small trend). Names are the units' own (bokmål and English); texts stay on the
 * check-ins. Pure.
 */
import type { Unit } from '../../domain/roster.js';
import type { CheckinCycle } from './checkin-cycles.js';
import {
  CHECKIN_TOPICS,
  type CheckIn,
  type CheckinState,
  type CheckinTopic,
  isAnswered,
  topicsOf,
} from './checkins.js';

/** The number of cycles the overview shows. */
export const OVERVIEW_CYCLES = 12;

/** A region as the digest names it (a unit no longer listed is named by its id). */
export interface RegionName {
  unitId: string;
  name: { nb: string; en: string };
}

export interface DigestRow extends RegionName {
  /** `open` when it has not answered (yet). */
  state: CheckinState;
  topics: CheckinTopic[];
  /** The case count reported (absent unless submitted). */
  cases?: number;
  /** The check-in's id (its texts are read from there). */
  checkinId?: string;
}

export interface CycleDigest {
  cycleId: string;
  seriesId: string;
  occurrence: string;
  /** One row per region asked, in the order the cycle asked them. */
  rows: DigestRow[];
  /** For each topic, the regions (unit ids) that raised it. */
  byTopic: Record<CheckinTopic, string[]>;
  /** Cases followed up, over the regions that submitted. */
  totalCases: number;
  /** The regions that did not answer (open or missed), named. */
  notAnswered: RegionName[];
  /** The regions that answered "nothing new", named. */
  nothingNew: RegionName[];
  /** Every region asked has answered. */
  complete: boolean;
}

function regionName(units: readonly Unit[], unitId: string): RegionName {
  const unit = units.find((u) => u.id === unitId);
  return { unitId, name: unit ? { ...unit.name } : { nb: unitId, en: unitId } };
}

/**
 * The digest of a cycle from its check-ins (any order; one per region). A region the cycle asked
 * without a check-in in `checkins` counts as not answered.
 */
export function cycleDigest(
  cycle: Pick<CheckinCycle, 'id' | 'seriesId' | 'occurrence' | 'regions'>,
  checkins: readonly CheckIn[],
  units: readonly Unit[],
): CycleDigest {
  const byRegion = new Map(checkins.map((c) => [c.unitId, c]));
  const regions = [
    ...cycle.regions,
    ...checkins.map((c) => c.unitId).filter((u) => !cycle.regions.includes(u)),
  ];
  const rows: DigestRow[] = regions.map((unitId) => {
    const checkin = byRegion.get(unitId);
    const answers = checkin?.state === 'submitted' ? checkin.answers : undefined;
    return {
      ...regionName(units, unitId),
      state: checkin?.state ?? 'open',
      topics: topicsOf(answers),
      ...(answers ? { cases: answers.cases } : {}),
      ...(checkin ? { checkinId: checkin.id } : {}),
    };
  });
  const byTopic = Object.fromEntries(
    CHECKIN_TOPICS.map((t) => [t, rows.filter((r) => r.topics.includes(t)).map((r) => r.unitId)]),
  ) as Record<CheckinTopic, string[]>;
  const named = (r: DigestRow): RegionName => ({ unitId: r.unitId, name: r.name });
  const notAnswered = rows.filter((r) => !isAnswered(r)).map(named);
  return {
    cycleId: cycle.id,
    seriesId: cycle.seriesId,
    occurrence: cycle.occurrence,
    rows,
    byTopic,
    totalCases: rows.reduce((sum, r) => sum + (r.cases ?? 0), 0),
    notAnswered,
    nothingNew: rows.filter((r) => r.state === 'nothing-new').map(named),
    complete: notAnswered.length === 0,
  };
}

/** How a region stands in one cycle of the overview. */
export type OverviewStatus =
  /** Answered before it was nudged. */
  | 'answered'
  /** Answered after the nudge. */
  | 'late'
  /** Not answered, the meeting began. */
  | 'missing'
  /** Not answered yet, the meeting ahead. */
  | 'open'
  /** Not asked (the region was not a regional office then). */
  | 'none';

export interface OverviewCell {
  status: OverviewStatus;
  nothingNew: boolean;
  cases?: number;
}

export interface RegionTrend extends RegionName {
  /** One cell per cycle, oldest first (as `cycles`). */
  cells: OverviewCell[];
  /** The case counts, oldest first (undefined where none was reported): the trend's points. */
  counts: (number | undefined)[];
}

export interface CheckinOverview {
  /** The cycles shown, oldest first. */
  cycles: { cycleId: string; seriesId: string; occurrence: string; due: string }[];
  /** The regions of the cycles (today's regional offices first, in the units' order, then others). */
  regions: RegionTrend[];
}

function cellOf(checkin: CheckIn | undefined): OverviewCell {
  if (!checkin) return { status: 'none', nothingNew: false };
  const cases = checkin.state === 'submitted' ? checkin.answers?.cases : undefined;
  const base = { nothingNew: checkin.state === 'nothing-new', ...(cases === undefined ? {} : { cases }) };
  switch (checkin.state) {
    case 'open':
      return { status: 'open', ...base };
    case 'missed':
      return { status: 'missing', ...base };
    default:
      return {
        status:
          checkin.nudgedAt && checkin.answeredAt && checkin.answeredAt > checkin.nudgedAt
            ? 'late'
            : 'answered',
        ...base,
      };
  }
}

/**
 * The overview of the last `OVERVIEW_CYCLES` cycles (any order in; the latest by their meeting's
 * start kept, oldest first out), each region's cell per cycle and its case counts as a trend.
 */
export function checkinOverview(
  cycles: readonly { cycle: CheckinCycle; checkins: readonly CheckIn[] }[],
  units: readonly Unit[],
  limit = OVERVIEW_CYCLES,
): CheckinOverview {
  const shown = [...cycles]
    .sort((a, b) => Date.parse(a.cycle.due) - Date.parse(b.cycle.due) || (a.cycle.id < b.cycle.id ? -1 : 1))
    .slice(-limit);
  const current = units.filter((u) => u.kind === 'regionalOffice' && !u.retired).map((u) => u.id);
  const asked = new Set(shown.flatMap((s) => [...s.cycle.regions, ...s.checkins.map((c) => c.unitId)]));
  const regionIds = [
    ...current.filter((id) => asked.has(id)),
    ...[...asked].filter((id) => !current.includes(id)),
  ];
  return {
    cycles: shown.map(({ cycle }) => ({
      cycleId: cycle.id,
      seriesId: cycle.seriesId,
      occurrence: cycle.occurrence,
      due: cycle.due,
    })),
    regions: regionIds.map((unitId) => {
      const cells = shown.map((s) => cellOf(s.checkins.find((c) => c.unitId === unitId)));
      return { ...regionName(units, unitId), cells, counts: cells.map((c) => c.cases) };
    }),
  };
}
