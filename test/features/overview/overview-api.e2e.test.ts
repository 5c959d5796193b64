/**
 * The overview page's API with the real data, end to end: people act in Teams (a guidance question is
 * asked and routed), then each of them opens the page with a Teams SSO token signed by a local JWKS,
 * and the API answers what that person may see and nothing else: the assignee gets the question on
 * their queue with its title; the department's coordinator gets it among the network's open items;
 * another department's coordinator gets the row without its text; a contact person of another
 * department gets neither the row nor the network; the RMA coordinator gets the check-in matrix; an
 * administrator the delivery health; someone outside the network 403.
 */
import { expect } from 'chai';
import type { OverviewResponse } from '../../../src/features/overview/overview-model.js';
import { type OpenIdServer, startOpenIdServer } from '../../support/openid-server.js';
import { ssoEnv, ssoToken } from '../../support/sso-tokens.js';
import { TENANT, type TestUser, user } from '../../support/teams-activities.js';
import { member, type Session, startSession } from '../../support/ux.js';

const udi = user(1, 'Kari UDI');
const opa = user(2, 'Ola OPA');
const asa = user(3, 'Asle ASA');
const rma = user(4, 'Rita RMA');
const family = user(5, 'Fia Familie');
const asaContact = user(6, 'Siri Asyl');
const outsider = user(7, 'Otto Utenfor');
const admin = user(8, 'Ada Admin');
const asaOther = user(9, 'Åse Asyl');

const ROSTER = [
  member(udi, [{ kind: 'coordinator', department: 'AUA' }]),
  member(opa, [{ kind: 'coordinator', department: 'OPA' }]),
  member(asa, [{ kind: 'coordinator', department: 'ASA' }]),
  member(rma, [{ kind: 'coordinator', department: 'RMA' }]),
  member(family, [{ kind: 'contact', department: 'OPA', unitId: 'opa-family' }]),
  member(asaContact, [{ kind: 'contact', department: 'ASA', unitId: 'asa-unit-1' }]),
  member(asaOther, [{ kind: 'contact', department: 'ASA', unitId: 'asa-unit-2' }]),
];

const QUESTION = 'Politiet spør om rutinene for refleksjonsperiode ved familieinnvandring.';

describe('overview page API with the real data (issue 13)', function () {
  this.timeout(60_000);
  let keys: OpenIdServer;
  let s: Session;
  let reference: string;

  before(async () => {
    keys = await startOpenIdServer();
    s = await startSession({
      roster: ROSTER,
      greet: [udi, opa, asa, rma, family, asaContact],
      env: { ...ssoEnv(keys), ADMIN_AAD_OBJECT_IDS: admin.aadObjectId },
    });
    const receipt = await s.click(asaContact, 'guidance.submit', {
      topicId: 'family-immigration',
      origin: 'external',
      externalSource: 'police',
      urgency: 'urgent',
      question: QUESTION,
    });
    reference = /V-\d{4}-\d{4}/.exec(JSON.stringify(receipt))?.[0] ?? '';
    expect(reference, 'the receipt names the reference').to.not.equal('');
    await s.drain();
  });
  after(async () => {
    await s?.close();
    await keys?.close();
  });

  async function overviewOf(who: TestUser, query = ''): Promise<{ status: number; body: OverviewResponse }> {
    const response = await fetch(`${s.h.bot.url}/api/tab/overview${query}`, {
      headers: { authorization: `Bearer ${ssoToken(keys, { tenant: TENANT, oid: who.aadObjectId })}` },
    });
    return { status: response.status, body: (await response.json()) as OverviewResponse };
  }

  it('When someone opens the page, then the audit log names them and the page, never what it showed (issue 14)', async () => {
    const { readFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { verifyAuditLog } = await import('../../../src/audit/audit-log.js');
    const auditOf = async () => readFile(join(s.h.dataDir, 'audit.log'), 'utf8');
    const before = (await auditOf()).trim().split('\n').length;
    expect((await overviewOf(family)).status).to.equal(200);
    const log = await auditOf();
    const added = log
      .trim()
      .split('\n')
      .slice(before)
      .map((line) => JSON.parse(line));
    expect(added).to.have.length(1);
    expect(added[0]).to.include({ actor: family.aadObjectId, action: 'read', target: 'overview' });
    expect(log).to.not.include(QUESTION.slice(0, 20));
    expect(verifyAuditLog(log)).to.deep.include({ ok: true });
  });

  it('When the assignee opens the page, then the question is on their queue, urgent, with its first words, and no network section', async () => {
    const { status, body } = await overviewOf(family);
    expect(status).to.equal(200);
    const row = body.queue.find((r) => r.reference === reference);
    expect(row, "the routed question on the assignee's queue").to.include({
      kind: 'guidance',
      urgent: true,
      department: 'OPA',
    });
    expect(QUESTION.startsWith(row?.title?.replace(/…$/, '') ?? '-')).to.equal(true);
    expect(row?.deadline, 'a deadline').to.be.a('string');
    expect(body).not.to.have.property('network');
    expect(body).not.to.have.property('checkins');
    expect(body).not.to.have.property('delivery');
  });

  it("When the department's coordinator opens it, then the question is among the network's open items, counted under OPA", async () => {
    const { body } = await overviewOf(opa);
    expect(body.network?.rows.map((r) => r.reference)).to.include(reference);
    expect(body.network?.counts.find((c) => c.department === 'OPA')?.open).to.be.at.least(1);
  });

  it("When another department's coordinator opens it, then the row is there without the question's text", async () => {
    const { status, body } = await overviewOf(asa);
    expect(status).to.equal(200);
    const row = body.network?.rows.find((r) => r.reference === reference);
    expect(row, 'the row').to.exist;
    expect(row).not.to.have.property('title');
    expect(JSON.stringify(body)).not.to.contain('refleksjonsperiode');
  });

  it('When a contact person of another department opens it, then they see neither the row nor the network, whatever the query names', async () => {
    const { body } = await overviewOf(
      asaOther,
      `?oid=${family.aadObjectId}&aadObjectId=${family.aadObjectId}`,
    );
    expect(body.viewer.displayName).to.equal(asaOther.name);
    expect(JSON.stringify(body)).not.to.contain(reference);
    expect(body).not.to.have.property('network');
  });

  it("When RMA's coordinator opens it, then the check-in matrix is there; for OPA's coordinator it is not", async () => {
    expect((await overviewOf(rma)).body).to.have.property('checkins');
    expect((await overviewOf(opa)).body).not.to.have.property('checkins');
  });

  it('When an administrator opens it, then delivery health is there; for a coordinator it is not', async () => {
    const { status, body } = await overviewOf(admin);
    expect(status).to.equal(200);
    expect(body.delivery).to.include.keys(['pending', 'failed', 'unreachable']);
    expect((await overviewOf(udi)).body).not.to.have.property('delivery');
  });

  it('When someone outside the network opens it, then it is 403 and says nothing about them', async () => {
    const { status, body } = await overviewOf(outsider);
    expect(status).to.equal(403);
    expect(body).to.deep.equal({
      error: { code: 'forbidden', message: 'Access to this resource is refused.' },
    });
  });

  it('When the page is read, then nothing is written (the data file is the same before and after)', async () => {
    const { readFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    await s.drain();
    const files = ['mh-nettverket.json', 'mh-nettverket.journal'];
    const before = await Promise.all(
      files.map((f) => readFile(join(s.h.dataDir, f), 'utf8').catch(() => '')),
    );
    for (const who of [udi, opa, asa, rma, family, asaContact, asaOther, admin]) await overviewOf(who);
    const after = await Promise.all(files.map((f) => readFile(join(s.h.dataDir, f), 'utf8').catch(() => '')));
    expect(after).to.deep.equal(before);
  });
});

describe('overview page API: the yearly duties and action plans on the queue (issue 14)', function () {
  this.timeout(60_000);
  let keys: OpenIdServer;
  let s: Session;

  before(async () => {
    keys = await startOpenIdServer();
    s = await startSession({ roster: ROSTER, greet: [udi, opa, asa], env: ssoEnv(keys) });
  });
  after(async () => {
    await s?.close();
    await keys?.close();
  });

  const overviewOf = async (who: TestUser): Promise<OverviewResponse> =>
    (await (
      await fetch(`${s.h.bot.url}/api/tab/overview?lang=nb`, {
        headers: { authorization: `Bearer ${ssoToken(keys, { tenant: TENANT, oid: who.aadObjectId })}` },
      })
    ).json()) as OverviewResponse;

  it('When the UDI coordinator opens a KOM round, then each department coordinator has their input on the queue until it is sent', async () => {
    await s.click(udi, 'duties.openRound', {
      year: String(s.clock.getUTCFullYear() - 1),
      deadline: '2026-12-18',
    });
    await s.drain();
    const row = (await overviewOf(opa)).queue.find((r) => r.kind === 'duty');
    expect(row).to.include({
      kind: 'duty',
      department: 'OPA',
      state: 'requested',
      deadline: '2026-12-18T22:59:59.999Z',
    });
    expect(row?.title).to.equal(`Innspill til KOM-rapporten for ${s.clock.getUTCFullYear() - 1}`);
    expect(
      (await overviewOf(asa)).queue.filter((r) => r.kind === 'duty').map((r) => r.department),
    ).to.deep.equal(['ASA']);
    expect((await overviewOf(udi)).queue.filter((r) => r.kind === 'duty')).to.deep.equal([]);
  });

  it("When KOM's report is recorded as published, then the deletion task is on the UDI coordinator's queue and nobody else's", async () => {
    const year = s.clock.getUTCFullYear() - 1;
    const { dutiesIn } = await import('../../../src/features/duties/duties-store.js');
    const round = await s.h.bot.app.store.read((uow) => dutiesIn(uow).round(year));
    await s.click(udi, 'duties.publish', { roundId: round!.id, publishedOn: '2026-11-20' });
    await s.drain();
    const rows = (await overviewOf(udi)).queue.filter((r) => r.kind === 'duty');
    expect(rows.map((r) => [r.department, r.title])).to.deep.equal([
      ['AUA', `Slett MH-koden i DUF (KOM-rapporten for ${year})`],
    ]);
    expect((await overviewOf(opa)).queue.filter((r) => r.title?.startsWith('Slett'))).to.deep.equal([]);
  });
});
