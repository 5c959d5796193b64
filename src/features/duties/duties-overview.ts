/**
 * What the yearly duties add to the overview page (overview/overview-sources.ts): a department
 * coordinator's (or deputy's) KOM input not yet sent, due on the round's deadline, and the UDI
 * coordinator's open MH-code deletion tasks. Titles are the catalog's words for them (no free text is
 * sent). Reads only.
 */
import { t } from '../../cards/i18n.js';
import type { OverviewRow } from '../overview/overview-model.js';
import { dayDeadline, overviewRow } from '../overview/overview-rows.js';
import type { OverviewSource } from '../overview/overview-sources.js';
import { authorizeDuties } from './duties-policy.js';
import { dutiesIn } from './duties-store.js';
import { KOM_DEPARTMENTS } from './kom-rounds.js';

export const dutiesOnOverview: OverviewSource = {
  async queue(ctx) {
    const duties = dutiesIn(ctx.uow);
    const rows: OverviewRow[] = [];
    for (const round of await duties.openRounds()) {
      for (const department of KOM_DEPARTMENTS) {
        if (!authorizeDuties(ctx.viewer.person, { kind: 'duties.submit', department }).allowed) continue;
        const input = await duties.input(round.year, department);
        if (input?.state !== 'requested') continue;
        rows.push(
          overviewRow(
            input,
            {
              kind: 'duty',
              deadline: dayDeadline(input.deadline),
              title: t(ctx.locale, 'duties.page.input', { year: input.year }),
              department,
            },
            ctx.now,
          ),
        );
      }
    }
    if (authorizeDuties(ctx.viewer.person, { kind: 'duties.manage' }).allowed) {
      for (const task of await duties.openDeletions()) {
        rows.push(
          overviewRow(
            task,
            {
              kind: 'duty',
              title: t(ctx.locale, 'duties.page.deletion', { year: task.year }),
              department: 'AUA',
            },
            ctx.now,
          ),
        );
      }
    }
    return rows;
  },
};
