/** The join cards: the form, the receipt, the approval card (to approvers) and the outcome (to the applicant). */

import type { RoleView } from '../../app/role-view.js';
import { formatDateTime, type Locale, t } from '../../cards/i18n.js';
import { renderCard } from '../../cards/render.js';
import { CONTACT_DEPARTMENTS, DEPARTMENTS } from '../../domain/roster.js';
import type { HistoryEntry } from '../../domain/tracked-item.js';
import { departmentName, roleText } from '../../views/role-text.js';
import type { JoinApprovalModel, JoinFormModel, JoinOutcomeModel } from './join.js';
import type { JoinEvent } from './join-requests.js';

export function joinFormCard(locale: Locale, form: JoinFormModel) {
  const units = form.units.filter((u) => !u.retired && u.department !== 'AUA');
  const errors: Record<string, string> = {};
  for (const problem of form.problems ?? [])
    errors[problem.field ?? 'form'] ??= t(locale, `join.errors.${problem.code}`);
  return renderCard(
    'join-form',
    {
      roles: (['contact', 'coordinator', 'deputy'] as const).map((kind) => ({
        title: t(locale, `role.${kind}`),
        value: kind,
      })),
      departments: DEPARTMENTS.map((d) => ({ title: departmentName(locale, d), value: d })),
      units: CONTACT_DEPARTMENTS.flatMap((d) =>
        units
          .filter((u) => u.department === d)
          .map((u) => ({ title: `${t(locale, `department.short.${d}`)} · ${u.name[locale]}`, value: u.id })),
      ),
      ...(form.currentRoles.length > 0
        ? { currentRoles: form.currentRoles.map((role) => roleText(locale, role)).join(', ') }
        : {}),
      ...(form.values ? { values: form.values } : {}),
      ...(Object.keys(errors).length > 0 ? { errors } : {}),
    },
    locale,
  );
}

export function joinReceiptCard(locale: Locale, reference: string, view: RoleView, bootstrap = false) {
  return renderCard(
    'join-receipt',
    { reference, roleText: roleText(locale, view), ...(bootstrap ? { bootstrap } : {}) },
    locale,
  );
}

export function joinApprovalCard(locale: Locale, model: JoinApprovalModel) {
  return renderCard(
    'join-approval',
    {
      requestId: model.requestId,
      reference: model.reference,
      applicantName: model.applicantName,
      roleText: roleText(locale, model),
      state: model.state,
      ...(model.decidedByName ? { decidedByName: model.decidedByName } : {}),
      ...(model.decidedAt ? { decidedAt: formatDateTime(locale, model.decidedAt) } : {}),
    },
    locale,
  );
}

export function joinOutcomeCard(locale: Locale, model: JoinOutcomeModel) {
  return renderCard(
    'join-outcome',
    {
      requestId: model.requestId,
      reference: model.reference,
      roleText: roleText(locale, model),
      approved: model.approved,
      decidedByName: model.decidedByName,
    },
    locale,
  );
}

/**
 * One entry of a join request's history as a line in the reader's language (`join.history.*`), e.g.
 * "Godkjent av Kari Nordmann". `name` gives a person's display name from their AAD object id.
 */
export function joinHistoryLine(
  locale: Locale,
  entry: HistoryEntry<JoinEvent>,
  name: (aadObjectId: string) => string,
): string {
  switch (entry.action) {
    case 'request':
    case 'bootstrap':
      return t(locale, `join.history.${entry.action}`);
    case 'approve':
    case 'decline':
      return t(locale, `join.history.${entry.action}`, { name: name(entry.by) });
    case 'unknown':
      return t(locale, 'join.history.unknown', { original: entry.original });
  }
}
