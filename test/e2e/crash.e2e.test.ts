/**
 * A crash between "activity handled" and the answer must not lose the work: claiming the activity,
 * remembering the conversation and the use case's own changes commit together, so Teams' retry of
 * the same activity after a SIGKILL finds the work done exactly once (and is shown its result).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { DEFAULT_UNITS } from '../../src/domain/default-units.js';
import type { Person } from '../../src/domain/roster.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import { textOf } from '../support/card-inspect.js';
import { type FakeConnector, startFakeConnector } from '../support/fake-connector.js';
import { readStoredDocument } from '../support/stored-document.js';
import { cardAction, TENANT, user } from '../support/teams-activities.js';

const asker = user(1, 'Rita Region');
const owner = user(2, 'Fia Familie');
const SINCE = '2026-01-01T00:00:00.000Z';
const roster: Person[] = [
  {
    aadObjectId: asker.aadObjectId,
    displayName: asker.name,
    roles: [{ kind: 'contact', department: 'RMA', unitId: 'rma-region-east' }],
    since: SINCE,
  },
  {
    aadObjectId: owner.aadObjectId,
    displayName: owner.name,
    roles: [{ kind: 'contact', department: 'OPA', unitId: 'opa-family' }],
    since: SINCE,
  },
];

interface Child {
  process: ChildProcess;
  url: Promise<string>;
  exited: Promise<NodeJS.Signals | number | null>;
}

function startChild(dataDir: string, env: Record<string, string> = {}): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/e2e/fixtures/crashing-bot.ts'], {
    env: { ...process.env, DATA_DIR: dataDir, TENANT, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      const match = /listening (\S+)/.exec(chunk.toString());
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`bot exited before listening (${code})`)));
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  return { process: child, url, exited };
}

async function post(url: string, activity: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe('a crash between claiming an activity and answering it', function () {
  this.timeout(60_000);
  let dataDir: string;
  let connector: FakeConnector;
  let running: Child | undefined;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mh-crash-'));
    connector = await startFakeConnector();
    const store = await openLowdbStore({ dataDir, seedUnits: DEFAULT_UNITS });
    await store.run(async (uow) => {
      for (const person of roster) await uow.people.put(person);
    });
    await store.close();
  });
  afterEach(async () => {
    running?.process.kill('SIGKILL');
    await running?.exited;
    running = undefined;
    await connector.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('does the work exactly once when Teams retries the same activity after a SIGKILL', async () => {
    const ask = cardAction({
      serviceUrl: connector.url,
      from: asker,
      verb: 'guidance.submit',
      data: { topicId: 'family-immigration', question: 'Gjelder rutinene for refleksjonsperiode også barn?' },
    });

    running = startChild(dataDir, { CRASH_AFTER_CLAIM: `invoke:${ask.id}` });
    const first = await post(await running.url, ask).catch((error: unknown) => error);
    expect(first, 'the first attempt gets no answer: the bot died').to.be.instanceOf(Error);
    expect(await running.exited).to.equal('SIGKILL');

    running = startChild(dataDir);
    const retry = await post(await running.url, ask);
    expect(retry.status).to.equal(200);
    const card = (retry.body as { value: unknown }).value;
    // The retry is shown what the first attempt did: the receipt, not "this card is out of date".
    expect(textOf(card)).to.match(/V-\d{4}-0001/);
    expect(textOf(card)).to.include(owner.name);

    // Exactly one request, and the person it was routed to got exactly one card.
    const deadline = Date.now() + 10_000;
    const ownerChat = () =>
      connector.conversationCreates.find((c) => c.memberIds.includes(owner.aadObjectId))?.conversationId;
    const toOwner = () => connector.activities.filter((a) => a.conversationId === ownerChat());
    while (toOwner().length === 0) {
      if (Date.now() > deadline) throw new Error('the routed card never arrived');
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 500));
    running.process.kill('SIGTERM');
    await running.exited;
    running = undefined;
    const document = (await readStoredDocument(dataDir)) as {
      items: { guidance: Record<string, unknown> };
    };
    expect(Object.keys(document.items.guidance)).to.have.length(1);
    expect(connector.conversationCreates.map((c) => c.memberIds)).to.deep.equal([[owner.aadObjectId]]);
    expect(toOwner()).to.have.length(1);
  });
});
