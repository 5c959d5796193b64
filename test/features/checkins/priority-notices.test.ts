import { expect } from 'chai';
import { containsSensitiveIdentifier } from '../../../src/domain/privacy-guard.js';
import type { Person, Role } from '../../../src/domain/roster.js';
import { noticeTextIsSensitive } from '../../../src/features/checkins/notice-guard.js';
import { authorizeNotice, senderRegion } from '../../../src/features/checkins/notice-policy.js';
import { priorityNoticeSchema } from '../../../src/features/checkins/notice-store.js';
import {
  dueNoticeSteps,
  markAcknowledged,
  NOTICE_LIMITS,
  newPriorityNotice,
  nextNoticeStepDate,
  noticeProblems,
  withNoticeStepSent,
} from '../../../src/features/checkins/priority-notices.js';

const person = (aadObjectId: string, ...roles: Role[]): Person => ({
  aadObjectId,
  displayName: aadObjectId,
  roles,
  since: '2026-01-01T00:00:00.000Z',
});
const WHERE = 'Saksreferanse sendt i DUF-melding 12.01.2027';
// Wednesday 24 March 2027, 10:00 Oslo: Maundy Thursday, Good Friday, the weekend and Easter Monday follow.
const SENT = '2027-03-24T09:00:00.000Z';
const notice = newPriorityNotice(
  'n1',
  'P-2027-0001',
  'rma-region-east',
  { whereToFind: ` ${WHERE} ` },
  'east',
  SENT,
);

describe('priority notices: the item', () => {
  it('is sent, from its region, with its text trimmed and no note, due the day it was sent; valid in the store', () => {
    expect([notice.kind, notice.state, notice.region, notice.whereToFind, notice.due]).to.deep.equal([
      'priority-notice',
      'sent',
      'rma-region-east',
      WHERE,
      '2027-03-24',
    ]);
    expect(notice).to.not.have.property('note');
    expect(notice.history.map((e) => [e.action, e.by, e.to])).to.deep.equal([['send', 'east', 'sent']]);
    expect(priorityNoticeSchema.safeParse(notice).success).to.equal(true);
    const withNote = newPriorityNotice(
      'n2',
      'P-2027-0002',
      'rma-region-east',
      { whereToFind: WHERE, note: ' Haster ' },
      'east',
      SENT,
    );
    expect(withNote.note).to.equal('Haster');
  });

  it('sent on a weekend or holiday is due the next working day', () => {
    // Saturday 9 January 2027 → Monday 11; Maundy Thursday 2027 → Tuesday 30 March.
    const saturday = newPriorityNotice(
      'n',
      'P',
      'r',
      { whereToFind: WHERE },
      'east',
      '2027-01-09T12:00:00.000Z',
    );
    expect(saturday.due).to.equal('2027-01-11');
    const easter = newPriorityNotice(
      'n',
      'P',
      'r',
      { whereToFind: WHERE },
      'east',
      '2027-03-25T12:00:00.000Z',
    );
    expect(easter.due).to.equal('2027-03-30');
    // Late evening in Oslo is still that Oslo day (23:30 Oslo on Friday 8 January).
    expect(
      newPriorityNotice('n', 'P', 'r', { whereToFind: WHERE }, 'east', '2027-01-08T22:30:00.000Z').due,
    ).to.equal('2027-01-08');
  });

  it('is reminded one working day after and escalated after two, over Easter, each step once', () => {
    for (const day of ['2027-03-24', '2027-03-25', '2027-03-26', '2027-03-27', '2027-03-28', '2027-03-29'])
      expect(dueNoticeSteps(notice, day), day).to.deep.equal([]);
    expect(nextNoticeStepDate(notice)).to.equal('2027-03-30');
    expect(dueNoticeSteps(notice, '2027-03-30')).to.deep.equal(['reminder']);
    const reminded = withNoticeStepSent(notice, 'reminder', '2027-03-30T05:00:00.000Z');
    expect(dueNoticeSteps(reminded, '2027-03-30')).to.deep.equal([]);
    expect(nextNoticeStepDate(reminded)).to.equal('2027-03-31');
    expect(dueNoticeSteps(reminded, '2027-03-31')).to.deep.equal(['escalation']);
    const escalated = withNoticeStepSent(reminded, 'escalation', '2027-03-31T05:00:00.000Z');
    expect(dueNoticeSteps(escalated, '2027-04-01')).to.deep.equal([]);
    expect(nextNoticeStepDate(escalated)).to.equal(undefined);
    expect(escalated.steps).to.deep.equal({
      reminder: '2027-03-30T05:00:00.000Z',
      escalation: '2027-03-31T05:00:00.000Z',
    });
    expect(escalated.history.map((e) => [e.action, e.by])).to.deep.equal([
      ['send', 'east'],
      ['remind', 'system'],
      ['remind', 'system'],
    ]);
    expect(priorityNoticeSchema.safeParse(escalated).success).to.equal(true);
    // A missed run catches up: both steps at once, in order.
    expect(dueNoticeSteps(notice, '2027-04-05')).to.deep.equal(['reminder', 'escalation']);
  });

  it('is acknowledged once, with who and when; an acknowledged one climbs no ladder', () => {
    const done = markAcknowledged(notice, 'asa', '2027-03-24T12:00:00.000Z');
    expect(done.ok && [done.notice.state, done.notice.acknowledged]).to.deep.equal([
      'acknowledged',
      { by: 'asa', at: '2027-03-24T12:00:00.000Z' },
    ]);
    expect(done.ok && done.notice.history.at(-1)).to.deep.include({
      action: 'acknowledge',
      from: 'sent',
      to: 'acknowledged',
    });
    expect(done.ok && dueNoticeSteps(done.notice, '2027-04-05')).to.deep.equal([]);
    expect(done.ok && nextNoticeStepDate(done.notice)).to.equal(undefined);
    expect(done.ok && priorityNoticeSchema.safeParse(done.notice).success).to.equal(true);
    expect(done.ok && markAcknowledged(done.notice, 'asa-deputy', '2027-03-24T13:00:00.000Z')).to.deep.equal({
      ok: false,
      problem: 'already-acknowledged',
    });
  });

  it('the store refuses a notice that breaks its schema', () => {
    expect(priorityNoticeSchema.safeParse({ ...notice, whereToFind: '' }).success).to.equal(false);
    expect(priorityNoticeSchema.safeParse({ ...notice, state: 'open' }).success).to.equal(false);
    expect(priorityNoticeSchema.safeParse({ ...notice, caseNumber: 'x' }).success).to.equal(true);
    expect(priorityNoticeSchema.parse({ ...notice, caseNumber: 'x' })).to.not.have.property('caseNumber');
  });
});

describe('priority notices: what the sender fills in', () => {
  it('where to find the case is required and short; the note is optional; problems by field', () => {
    expect(noticeProblems({ whereToFind: WHERE })).to.deep.equal({});
    expect(noticeProblems({ whereToFind: WHERE, note: '  ' })).to.deep.equal({});
    expect(noticeProblems({ whereToFind: '   ' })).to.deep.equal({ whereToFind: 'missing' });
    expect(
      noticeProblems({
        whereToFind: 'x'.repeat(NOTICE_LIMITS.whereToFind + 1),
        note: 'y'.repeat(NOTICE_LIMITS.note + 1),
      }),
    ).to.deep.equal({ whereToFind: 'too-long', note: 'too-long' });
    expect(noticeProblems({ whereToFind: 'x'.repeat(NOTICE_LIMITS.whereToFind) })).to.deep.equal({});
  });

  // Valid identifiers (the shared guard's own examples) and DUF numbers as staff write them.
  const IDENTIFIERS = [
    'fødselsnummer 01010150589',
    'D-nr 41010150572',
    'DUF 201212345603',
    'DUF-nr. 2012-123456-03',
    'DUF 2012 12345678',
    'DUF 201212345678',
    'DUF 2012-123456-78',
    'DUF&nbsp;2012&nbsp;12345678',
    'fnr 010190 12345',
  ];

  IDENTIFIERS.forEach((text, i) => {
    it(`refuses identifier ${i + 1} ("${text.replace(/\d/g, '#')}") in every text field, by field`, () => {
      expect(noticeProblems({ whereToFind: `Se ${text}` })).to.deep.equal({ whereToFind: 'sensitive' });
      expect(noticeProblems({ whereToFind: WHERE, note: `Gjelder ${text}.` })).to.deep.equal({
        note: 'sensitive',
      });
      expect(noticeProblems({ whereToFind: text, note: text })).to.deep.equal({
        whereToFind: 'sensitive',
        note: 'sensitive',
      });
    });
  });
});

describe('priority notices: the notice-specific privacy check', () => {
  // If the shared guard one day catches these too, this check is redundant for them (not wrong).
  it('catches a DUF number as staff write it, which the shared guard lets through (its control digits do not match)', () => {
    for (const text of [
      'DUF 2012 12345678',
      '2012-123456-78',
      '2012 1234 5678',
      '2012 123456 78',
      'sak 2012/12345678',
    ]) {
      expect(containsSensitiveIdentifier(text), text).to.equal(false);
      expect(noticeTextIsSensitive(text), text).to.equal(true);
    }
  });

  it('catches an unbroken number of 11 digits or more, and a birth-date-shaped 11-digit number', () => {
    for (const text of [
      '12345678901',
      'ref 123456789012345',
      '010190 12345',
      '010190-12345',
      '410190 123 45',
    ])
      expect(noticeTextIsSensitive(text), text).to.equal(true);
  });

  it('still catches everything the shared guard catches', () => {
    for (const text of ['01010150589', '2012.123456.03', '2012\u00a0123456\u00a003'])
      expect(noticeTextIsSensitive(text), text).to.equal(true);
  });

  it('lets dates, times, references and phone numbers through', () => {
    for (const text of [
      WHERE,
      'DUF-melding 12.01.2027 kl. 10.30',
      'sendt 12.01.2027 10.30',
      'sendt 2027-01-12 10.30',
      'sendt 20.01.2027 1030',
      'tlf. +47 22 33 44 55',
      'org.nr. 974 760 673',
      'kontonr. 1234 56 78903',
      'P-2027-0001',
      '1979 12345678',
    ])
      expect(noticeTextIsSensitive(text), text).to.equal(false);
  });

  it('expects a string, like the shared guard', () => {
    expect(() => noticeTextIsSensitive(201212345678 as unknown as string)).to.throw(TypeError);
  });
});

describe('priority notices: the policy', () => {
  const east = person('east', { kind: 'contact', department: 'RMA', unitId: 'rma-region-east' });
  const west = person('west', { kind: 'contact', department: 'RMA', unitId: 'rma-region-west' });
  const both = person(
    'both',
    { kind: 'contact', department: 'RMA', unitId: 'rma-region-west' },
    {
      kind: 'contact',
      department: 'RMA',
      unitId: 'rma-region-east',
    },
  );
  const asa = person('asa', { kind: 'coordinator', department: 'ASA' });
  const asaDeputy = person('asa-deputy', { kind: 'deputy', department: 'ASA' });
  const asaContact = person('asa-contact', { kind: 'contact', department: 'ASA', unitId: 'asa-unit' });
  const rma = person('rma', { kind: 'coordinator', department: 'RMA' });
  const udi = person('udi', { kind: 'coordinator', department: 'AUA' });
  const auaDeputy = person('aua-deputy', { kind: 'deputy', department: 'AUA' });
  const admin = person('admin', { kind: 'admin' });
  const EAST = ['rma-region-east'];
  const verdict = (actor: Person | undefined, action: Parameters<typeof authorizeNotice>[1]) => {
    const d = authorizeNotice(actor, action);
    return d.allowed ? 'allowed' : d.reason;
  };

  it('sends: a contact person of an allowed region, from their contact role’s unit', () => {
    expect(verdict(east, { kind: 'notice.send', regions: EAST })).to.equal('allowed');
    expect(senderRegion(east, EAST)).to.equal('rma-region-east');
    expect(senderRegion(both, EAST)).to.equal('rma-region-east');
    for (const p of [west, asa, asaDeputy, rma, udi])
      expect(verdict(p, { kind: 'notice.send', regions: EAST }), p.aadObjectId).to.equal('not-authorized');
    expect(verdict(admin, { kind: 'notice.send', regions: EAST })).to.equal('not-member');
    expect(verdict(undefined, { kind: 'notice.send', regions: EAST })).to.equal('not-member');
    // The configured list is honoured.
    expect(verdict(west, { kind: 'notice.send', regions: ['rma-region-east', 'rma-region-west'] })).to.equal(
      'allowed',
    );
    expect(senderRegion(both, ['rma-region-east', 'rma-region-west'])).to.equal('rma-region-west');
    expect(verdict(east, { kind: 'notice.send', regions: [] })).to.equal('not-authorized');
  });

  it('acknowledges: ASA’s coordinator or deputy only', () => {
    expect(verdict(asa, { kind: 'notice.acknowledge' })).to.equal('allowed');
    expect(verdict(asaDeputy, { kind: 'notice.acknowledge' })).to.equal('allowed');
    for (const p of [asaContact, east, rma, udi, auaDeputy])
      expect(verdict(p, { kind: 'notice.acknowledge' }), p.aadObjectId).to.equal('not-authorized');
    expect(verdict(admin, { kind: 'notice.acknowledge' })).to.equal('not-member');
  });

  it('views: the sender, ASA’s coordinator and deputy, the UDI coordinator (or AUA’s deputy)', () => {
    const action = { kind: 'notice.view' as const, notice: { createdBy: 'east' } };
    for (const p of [east, asa, asaDeputy, udi, auaDeputy])
      expect(verdict(p, action), p.aadObjectId).to.equal('allowed');
    for (const p of [west, both, asaContact, rma])
      expect(verdict(p, action), p.aadObjectId).to.equal('not-authorized');
    expect(verdict(admin, action)).to.equal('not-member');
    expect(verdict(undefined, action)).to.equal('not-member');
  });
});
