/**
 * Check-ins' and priority notices' privacy hooks (issue 14). A check-in's four answers are free
 * text (the case count stays, for the statistics); a notice's "where to find it" and note are free
 * text (the region, dates and acknowledgement stay).
 */
import type { ItemPrivacy } from '../../store/store-parts.js';
import type { CheckIn } from './checkins.js';
import type { PriorityNotice } from './priority-notices.js';

const SETTLED_CHECKIN: readonly string[] = ['submitted', 'nothing-new', 'missed'];

const answersWithoutText = (checkin: CheckIn): CheckIn => {
  if (!checkin.answers) return checkin;
  return { ...checkin, answers: { cases: checkin.answers.cases } };
};

export const CHECKIN_PRIVACY: ItemPrivacy<CheckIn> = {
  retention: 'checkins',
  // Answers are taken until the meeting starts (`due`): the period starts then.
  settledAt: (checkin) => (SETTLED_CHECKIN.includes(checkin.state) ? checkin.due : undefined),
  redact: answersWithoutText,
  // A region's contact persons share its check-in: what anyone of them submitted counts as theirs too.
  erase: (checkin, aadObjectId) =>
    checkin.history.some((e) => e.action === 'submit' && e.by === aadObjectId)
      ? answersWithoutText(checkin)
      : checkin,
};

function noticeWithoutText(notice: PriorityNotice): PriorityNotice {
  const { note: _note, ...rest } = notice;
  return { ...rest, whereToFind: '' };
}

export const NOTICE_PRIVACY: ItemPrivacy<PriorityNotice> = {
  retention: 'notices',
  settledAt: (notice) =>
    notice.state === 'acknowledged' ? (notice.acknowledged?.at ?? notice.updatedAt) : undefined,
  redact: noticeWithoutText,
  erase: (notice, aadObjectId) => (notice.createdBy === aadObjectId ? noticeWithoutText(notice) : notice),
};
