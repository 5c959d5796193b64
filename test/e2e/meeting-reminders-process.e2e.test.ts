/**
 * Meeting reminders exactly once across a SIGKILL of the real process (issue 10). The bot runs as
 * `src/main.ts` with the development clock (DEV_CLOCK_START) set a moment before a reminder is due;
 * once it has sent that reminder it is killed with SIGKILL, and started again on the same data dir
 * with the clock past that moment (and past another meeting's reminder, that meeting not started
 * yet): the first reminder is not sent again, and the one that came due while the bot was down is
 * sent once, marked late, and logged as late (counts only: no names, texts or ids in the log).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { featureSettings } from '../../src/app/feature.js';
import { t } from '../../src/cards/i18n.js';
import { loadConfig } from '../../src/config/config.js';
import { FEATURES } from '../../src/features/index.js';
import { createLogger } from '../../src/log/logger.js';
import { startBot } from '../../src/main.js';
import { textOf } from '../support/card-inspect.js';
import { type FakeConnector, startFakeConnector } from '../support/fake-connector.js';
import { readStoredDocument } from '../support/stored-document.js';
import { cardAction, message, TENANT, type TestUser, user } from '../support/teams-activities.js';
import { member, personalId } from '../support/ux.js';
import { actionsOf } from '../support/verb-cases.js';

const udi = user(1, 'Kari UDI');
const opa = user(2, 'Ola OPA');
const ROSTER = [
  member(udi, [{ kind: 'coordinator', department: 'AUA' }]),
  member(opa, [{ kind: 'coordinator', department: 'OPA' }]),
];

/**
 * Meeting A: Thursday 11 March 2027, 10:00 in Oslo (UTC+1), its series made on 8 March (after its
 * agenda call's moment: that one is not sent at all). Its day-before reminder is due on 10 March at
 * 10:00 in Oslo.
 */
const A = { title: 'Koordinatormøte', date: '11.03.2027', time: '10:00', madeAt: '2027-03-08T08:00:00.000Z' };
const A_DAY_BEFORE = Date.parse('2027-03-10T09:00:00.000Z');
/**
 * Meeting B: Wednesday 10 March 2027, 11:15 in Oslo, its series made on 9 March at 12:00 (after its
 * day-before reminder's moment). Its hour-before reminder is due on 10 March at 10:15 in Oslo.
 */
const B = { title: 'Ekstramøte', date: '10.03.2027', time: '11:15', madeAt: '2027-03-09T11:00:00.000Z' };
const B_HOUR_BEFORE = Date.parse('2027-03-10T09:15:00.000Z');

interface Child {
  process: ChildProcess;
  url: Promise<string>;
  exited: Promise<NodeJS.Signals | number | null>;
  /** Log lines (JSON) on stdout so far. */
  lines: string[];
}

/** The real bot process (src/main.ts) on `dataDir`, its clock starting at `clockStart`. */
function startProcess(dataDir: string, clockStart: string): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'development',
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      MicrosoftAppTenantId: TENANT,
      OUTBOX_POLL_INTERVAL_MS: '50',
      DEV_CLOCK_START: clockStart,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const url = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        lines.push(line);
        const entry = JSON.parse(line) as { event?: string; host?: string; port?: number };
        if (entry.event === 'started') resolve(`http://${entry.host}:${entry.port}`);
      }
    });
    child.on('exit', (code) => reject(new Error(`the bot exited before it started (${code})`)));
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  return { process: child, url, exited, lines };
}

async function until(
  what: string,
  done: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('meeting reminders across a SIGKILL of the real process (issue 10)', function () {
  this.timeout(60_000);
  let dataDir: string;
  let connector: FakeConnector;
  let running: Child | undefined;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mh-reminders-'));
    connector = await startFakeConnector();
  });
  afterEach(async () => {
    running?.process.kill('SIGKILL');
    await running?.exited;
    running = undefined;
    await connector.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** The roster talks to the bot and OPA's coordinator makes both series from cards, in this process. */
  async function makeSeries(): Promise<void> {
    const config = loadConfig(
      {
        NODE_ENV: 'test',
        PORT: '0',
        DATA_DIR: dataDir,
        MicrosoftAppTenantId: TENANT,
        OUTBOX_POLL_INTERVAL_MS: '50',
      },
      featureSettings(FEATURES),
    );
    const quiet = createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));
    let now = A.madeAt;
    const bot = await startBot(config, { logger: quiet, now: () => new Date(now) });
    try {
      await bot.app.store.run(async (uow) => {
        for (const person of ROSTER) await uow.people.put(person);
      });
      const post = async (activity: unknown) => {
        const response = await fetch(`${bot.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(activity),
        });
        expect(response.status).to.equal(200);
        const text = await response.text();
        return text ? ((JSON.parse(text) as { value?: unknown }).value as Record<string, unknown>) : {};
      };
      for (const who of [udi, opa])
        await post(message({ serviceUrl: connector.url, from: who, text: 'hjelp' }));
      const click = (verb: string, data: Record<string, unknown>) =>
        post(cardAction({ serviceUrl: connector.url, from: opa, verb, data }));
      for (const meeting of [A, B]) {
        now = meeting.madeAt;
        const form = {
          title: meeting.title,
          meetingKind: 'coordinators',
          pattern: 'dates',
          dates: meeting.date,
          from: '2027-03-08',
          time: meeting.time,
          duration: '60',
          agendaDeadlineDays: '7',
        };
        const preview = await click('meetings.previewSeries', form);
        const saved = await click('meetings.saveSeries', {
          ...form,
          ...actionsOf(preview, 'meetings.saveSeries')[0],
        });
        expect(textOf(saved)).to.include(t('nb', 'meetings.banners.saved'));
      }
      await bot.outbox.drain();
    } finally {
      await bot.close();
    }
  }

  /** The reminder cards each person got: "title: banner" (the banner is the card's first line). */
  function remindersTo(who: TestUser): string[] {
    return connector.activities
      .filter((a) => a.method === 'POST' && a.conversationId === personalId(who))
      .map((a) => textOf(connector.cardOf(a)).split('\n'))
      .filter(([banner]) => banner?.startsWith('Påminnelse'))
      .map(([banner, title]) => `${title}: ${banner}`);
  }

  /** Nothing waits in the outbox (what was sent is recorded as sent). */
  async function outboxSettled(): Promise<boolean> {
    const doc = (await readStoredDocument(dataDir)) as {
      outbox: { messages: Record<string, { state: string }> };
    };
    return Object.values(doc.outbox.messages).every((m) => m.state !== 'pending');
  }

  it('sends a reminder once across a SIGKILL, and one due while the bot was down once, marked late', async () => {
    await makeSeries();
    const dayBefore = `${A.title}: ${t('nb', 'meetings.banners.day-before')}`;
    const hourBeforeLate = `${B.title}: ${t('nb', 'meetings.banners.hour-before')} ${t('nb', 'meetings.banners.late')}`;

    // Started two seconds before meeting A's day-before reminder: it comes at its moment.
    running = startProcess(dataDir, new Date(A_DAY_BEFORE - 2_000).toISOString());
    await running.url;
    await until('the day-before reminders', () => remindersTo(udi).length + remindersTo(opa).length >= 2);
    await until('the outbox to record them as sent', outboxSettled);
    for (const who of [udi, opa]) expect(remindersTo(who), who.name).to.deep.equal([dayBefore]);
    const first = running.lines;

    running.process.kill('SIGKILL');
    expect(await running.exited).to.equal('SIGKILL');

    // Started again fifteen minutes after meeting B's hour-before moment (B begins in three quarters
    // of an hour). A's day-before moment has passed too, and A's next reminder is tomorrow: were it
    // not recorded, it would go again now, late.
    running = startProcess(dataDir, new Date(B_HOUR_BEFORE + 15 * 60_000).toISOString());
    await running.url;
    await until('the hour-before reminders', () => remindersTo(udi).length + remindersTo(opa).length >= 4);
    await until('the outbox to record them as sent', outboxSettled);
    // A moment more, for anything that would come twice.
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const who of [udi, opa])
      expect(remindersTo(who), who.name).to.deep.equal([dayBefore, hourBeforeLate]);

    // Both runs logged what they sent, the second one as late; counts only.
    const ran = (lines: string[]) =>
      lines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((entry) => entry.event === 'scheduler.ran' && entry.task === 'meeting-reminders');
    expect(ran(first).map((e) => [e.count, e.late ?? 0])).to.deep.equal([[1, 0]]);
    expect(ran(running.lines).map((e) => [e.count, e.late ?? 0])).to.deep.equal([[1, 1]]);
    const log = [...first, ...running.lines].join('\n');
    for (const secret of [udi.name, opa.name, udi.aadObjectId, opa.aadObjectId, A.title, B.title])
      expect(log, 'no names, texts or ids in the log').not.to.include(secret);

    running.process.kill('SIGTERM');
    expect(await running.exited).to.equal(0);
    running = undefined;
  });
});
