/**
 * Erasure and the audit log end to end (issue 14), through the real bot and its data dir: a person
 * asks a guidance question (answered, and archived) and raises an agenda item, each with a
 * distinctive text; an administrator erases them as someone who has left the network. Afterwards no
 * file in the data dir (data file, journal, archive files, audit log) holds their texts or their
 * name, their roster entry and conversation reference are gone, the records stay as stubs, and the
 * audit log verifies and names the erasure by ids.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { AUDIT_FILE_NAME, verifyAuditLog } from '../../src/audit/audit-log.js';
import { t } from '../../src/cards/i18n.js';
import { guidanceRequestsIn } from '../../src/features/guidance/guidance-store.js';
import { actionData, textOf, verbsOf } from '../support/card-inspect.js';
import { message, user } from '../support/teams-activities.js';
import { member, type Session, startSession } from '../support/ux.js';

const admin = user(1, 'Ada Admin');
const family = user(3, 'Fia Familie');
const leaver = user(4, 'Synnøve Sluttet');
const udi = user(5, 'Kari UDI');
const roster = [
  member(admin, [{ kind: 'admin' }]),
  member(udi, [{ kind: 'coordinator', department: 'AUA' }]),
  member(family, [{ kind: 'contact', department: 'OPA', unitId: 'opa-family' }]),
  member(leaver, [{ kind: 'contact', department: 'RMA', unitId: 'rma-region-east' }]),
];

const QUESTION = 'Zq9-spørsmål om refleksjonsperiode for en kvinne i mottak';
const TITLE = 'Zq9-tittel om tolk';
const DESCRIPTION = 'Zq9-beskrivelse av ulik praksis';
const ANSWER = 'Se rundskrivet, punkt 4.';

/** The text of every file in the data dir, by name. */
async function dataFiles(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      files.set(path.slice(dir.length + 1), await readFile(path, 'utf8'));
    }
  return files;
}

describe('erasure and the audit log, end to end (issue 14)', () => {
  let s: Session;
  beforeEach(async () => {
    s = await startSession({
      roster,
      greet: [admin, udi, family, leaver],
      env: { ARCHIVE_AFTER_HOURS: '1' },
    });
  });
  afterEach(() => s.close());

  it('erases what a leaver wrote from every file, keeps the records as stubs, and audits it', async () => {
    // The leaver speaks in the network's team: its channel is remembered, without them.
    const team = { teamId: '19:network@thread.tacv2', channelId: '19:network@thread.tacv2' };
    await s.h.post(
      message({ serviceUrl: s.h.connector.url, from: leaver, text: '<at>MH-nettverket</at> hjelp', team }),
    );
    // The leaver asks; the family contact answers; it settles and is archived.
    await s.click(leaver, 'guidance.submit', { topicId: 'family-immigration', question: QUESTION });
    await s.drain();
    const requestId = String(actionData(s.lastCard(family), 'guidance.take')?.requestId);
    await s.click(family, 'guidance.answer', { requestId, answerText: ANSWER });
    // The leaver raises an agenda item (it stays in the hot document: it is going on).
    const receipt = await s.click(leaver, 'agenda.raise', {
      guidanceId: 'none',
      title: TITLE,
      description: DESCRIPTION,
      agendaKind: 'principled',
      department: 'RMA',
      forum: 'coordinators',
      urgent: 'false',
      minutes: '15',
    });
    expect(JSON.stringify(receipt)).to.include(TITLE);
    await s.drain();
    s.clock = new Date(s.clock.getTime() + 2 * 3_600_000);
    await s.h.bot.scheduler.runNow();
    let files = await dataFiles(s.h.dataDir);
    expect([...files.keys()].some((name) => name.startsWith('archive/guidance-'))).to.equal(true);
    expect([...files.values()].join('\n'))
      .to.include(QUESTION)
      .and.include(TITLE);

    // Only an administrator gets the form; the leaver is among the people.
    expect(textOf(await s.say(family, 'slett person'))).to.not.include(t('nb', 'erase.title'));
    const pick = await s.say(admin, 'slett person');
    expect(JSON.stringify(pick)).to.include(leaver.aadObjectId);
    expect(verbsOf(pick)).to.deep.equal(['privacy.eraseReview']);
    const confirm = await s.click(admin, 'privacy.eraseReview', {
      personId: leaver.aadObjectId,
      leaving: 'true',
    });
    expect(textOf(confirm)).to.include(t('nb', 'erase.cannotUndo'));
    expect(textOf(confirm)).to.include(t('nb', 'erase.count', { count: 2 }));
    // The confirmation offers a way back to the form as well as the irreversible button.
    expect(verbsOf(confirm)).to.deep.equal(['privacy.erase', 'privacy.eraseStart']);
    // Nothing is erased before the confirmation.
    expect([...(await dataFiles(s.h.dataDir)).values()].join('\n')).to.include(QUESTION);
    const done = await s.click(admin, 'privacy.erase', actionData(confirm, 'privacy.erase'));
    expect(textOf(done)).to.include(t('nb', 'erase.doneCount', { count: 2 }));
    await s.h.bot.app.privacy.finishPending();

    files = await dataFiles(s.h.dataDir);
    for (const [name, text] of files) {
      for (const secret of [QUESTION, TITLE, DESCRIPTION, leaver.name])
        expect(text, `${name} holds "${secret}"`).to.not.include(secret);
    }
    // Gone from the roster and the conversations; the records stay as stubs, the answer with them.
    const { person, conversation, channel, request, requestCount } = await s.h.bot.app.store.read(
      async (uow) => ({
        person: await uow.people.get(leaver.aadObjectId),
        conversation: await uow.conversations.getPerson(leaver.aadObjectId),
        channel: await uow.conversations.getChannel(team),
        request: await guidanceRequestsIn(uow).get(requestId),
        requestCount: await uow.items.count({ kind: 'guidance' }),
      }),
    );
    expect(person).to.equal(undefined);
    expect(conversation).to.equal(undefined);
    expect(channel, 'the channel is still reachable').to.exist;
    expect(JSON.stringify(channel)).not.to.include(leaver.aadObjectId);
    expect(requestCount).to.equal(1);
    expect(request?.state).to.equal('answered');
    expect(request?.question).to.equal('');
    expect(request?.messages.map((m) => m.text)).to.deep.equal(['', ANSWER]);

    // The audit log: creates and changes by id, the erasure by the administrator, never a text.
    const log = files.get(AUDIT_FILE_NAME)!;
    expect(verifyAuditLog(log)).to.deep.include({ ok: true });
    const entries = log
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(
      entries.some((e) => e.action === 'create' && e.kind === 'guidance' && e.id === requestId),
    ).to.equal(true);
    expect(entries.some((e) => e.action === 'create' && e.kind === 'agenda-item')).to.equal(true);
    expect(entries.at(-1)).to.include({
      actor: admin.aadObjectId,
      action: 'erase',
      target: leaver.aadObjectId,
      count: 2,
    });
    expect(entries.at(-2)).to.include({ actor: admin.aadObjectId, action: 'delete', kind: 'roster' });
    expect(log).to.not.include(ANSWER);
  });

  it('refuses a forged person and someone who is not an administrator, erasing nothing', async () => {
    await s.click(leaver, 'guidance.submit', { topicId: 'family-immigration', question: QUESTION });
    const forged = await s.click(admin, 'privacy.erase', { personId: 'aad-nobody', leavingId: 'leaving' });
    expect(textOf(forged)).to.include(t('nb', 'erase.unknownPerson'));
    await s.click(udi, 'privacy.erase', { personId: leaver.aadObjectId, leavingId: 'leaving' });
    await s.h.bot.app.privacy.finishPending();
    const stored = await s.h.bot.app.store.read(async (uow) => ({
      person: await uow.people.get(leaver.aadObjectId),
      questions: (await guidanceRequestsIn(uow).listByAsker(leaver.aadObjectId)).map((r) => r.question),
    }));
    expect(stored.person?.displayName).to.equal(leaver.name);
    expect(stored.questions).to.deep.equal([QUESTION]);
  });
  it('writes the audit log’s head to the bot’s own log at start and each night, and the file holds it', async () => {
    const heads = (event: string) =>
      s.h.logs
        .filter((l) => l.event === event)
        .map((l) => ({ seq: l.seq as number, hash: l.hash as string }));
    expect(heads('audit.opened')).to.have.length(1);
    for (const question of [QUESTION, `${QUESTION} (2)`])
      await s.click(family, 'guidance.submit', { topicId: 'family-immigration', question });
    await s.drain();
    // 03:00 in Oslo the next night: the retention run, and the head after it.
    s.clock = new Date('2026-11-25T02:30:00.000Z');
    await s.h.bot.scheduler.runNow();
    const nightly = heads('audit.head');
    expect(nightly).to.have.length(1);
    expect(nightly[0]!.seq).to.be.greaterThan(heads('audit.opened')[0]!.seq);
    const log = await readFile(join(s.h.dataDir, AUDIT_FILE_NAME), 'utf8');
    expect(verifyAuditLog(log, nightly[0])).to.deep.include({ ok: true });
    // Cut below the head, the chain alone still verifies; against the head it does not.
    const cut = `${log
      .trim()
      .split('\n')
      .slice(0, nightly[0]!.seq - 1)
      .join('\n')}\n`;
    expect(verifyAuditLog(cut)).to.deep.include({ ok: true });
    expect(verifyAuditLog(cut, nightly[0])).to.deep.include({ ok: false });
    // Nothing but the seq and the hash: no person, no text.
    const line = s.h.logs.find((l) => l.event === 'audit.head')!;
    expect(
      Object.keys(line)
        .filter((k) => !['level', 'time', 'pid', 'hostname', 'msg', 'event'].includes(k))
        .sort(),
    ).to.deep.equal(['hash', 'seq']);
  });
});
