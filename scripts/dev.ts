/**
 * `npm run dev`: the local development stack (see docs/LOCAL-DEVELOPMENT.md).
 *
 * Starts the bot (src/main.ts through tsx) with NODE_ENV=development, the demo roster and no app id
 * (authentication off, loopback only), waits for its GET /healthz, then starts the Microsoft 365
 * Agents Playground against it and prints where to chat. Both processes' output is forwarded with a
 * prefix. Ctrl-C (or SIGTERM) stops both; if either stops on its own, the other is stopped too and
 * the script exits non-zero.
 *
 * Builds the overview page (dist/tab) first; the bot serves it at http://localhost:<PORT>/tab/ as the
 * Playground's current person (TAB_DEV_USER), since there is no Teams to sign in with here.
 *
 * Usage: npm run dev [-- --as <first name>] [-- --bot <entry file>]
 *   --as <name>   act as another Playground person (e.g. megan, lynne; see .m365agentsplayground.yml)
 *   --bot <file>  run another entry point instead of src/main.ts (e.g. dist/main.js after a build)
 * Environment (.env is loaded first and never overrides what is already set): PORT (bot, default
 * 3978), PLAYGROUND_PORT (default 56150), DATA_DIR (default ./data-dev), DEMO_ROSTER (default true),
 * LOCALE_OVERRIDE (default nb-NO, since the Playground always sends en-US; set en-US for English),
 * DEV_REDIRECT_NOTIFICATIONS (default true: notifications for other people arrive in the current chat),
 * PUBLIC_BASE_URL and CALENDAR_LINK_SECRET (default http://localhost:<PORT> and a development-only
 * secret: meeting cards' calendar links open on this machine), TZ for the Playground's activities (default Europe/Oslo), and every other setting the bot reads.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildTab } from './build-tab.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PLAYGROUND_CONFIG = join(ROOT, '.m365agentsplayground.yml');
const DEV_TOOLS_DIR = join(ROOT, 'devTools');
const PLAYGROUND_LOG = join(DEV_TOOLS_DIR, 'm365agentsplayground.log');
const LOOPBACK = '127.0.0.1';
const HEALTH_TIMEOUT_MS = 60_000;
const PLAYGROUND_START_TIMEOUT_MS = 60_000;
/**
 * Signs calendar links in development only: it is in the source, so links signed with it prove
 * nothing. A deployment sets its own CALENDAR_LINK_SECRET (README, "Running it for real").
 */
const DEV_CALENDAR_LINK_SECRET = 'mh-nettverket-development-only-calendar-link-secret';
/** The bot gets SHUTDOWN_TIMEOUT_MS (10 s by default) plus a grace period before it is killed. */
const STOP_TIMEOUT_MS = 20_000;

/**
 * Preloaded into the Playground: its server listens on every interface and has no option for the
 * host, so this makes a `listen(port[, callback])` without a host bind to the loopback interface.
 */
const PLAYGROUND_LOOPBACK_PRELOAD = `data:text/javascript,${encodeURIComponent(
  [
    "import net from 'node:net';",
    'const listen = net.Server.prototype.listen;',
    'net.Server.prototype.listen = function (...args) {',
    "  if (typeof args[0] === 'number' && (args.length === 1 || typeof args[1] === 'function')) {",
    `    args.splice(1, 0, '${LOOPBACK}');`,
    '  }',
    '  return listen.apply(this, args);',
    '};',
  ].join('\n'),
)}`;

/** A problem the developer can fix; reported as one clear message, without a stack trace. */
class DevError extends Error {
  override name = 'DevError';
}

interface Options {
  as: string | undefined;
  botEntry: string;
}

function parseOptions(argv: string[]): Options {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { as: { type: 'string' }, bot: { type: 'string' } },
      strict: true,
    });
    return { as: values.as, botEntry: values.bot ?? 'src/main.ts' };
  } catch (error) {
    throw new DevError(
      `${error instanceof Error ? error.message : String(error)}\nUsage: npm run dev [-- --as <first name>] [-- --bot <entry file>]`,
    );
  }
}

function parsePort(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new DevError(`${name} must be a port number between 1 and 65535.`);
  }
  return port;
}

function say(line: string): void {
  process.stdout.write(`[dev] ${line}\n`);
}

// ---------------------------------------------------------------------------------------------
// Acting as someone else

interface PlaygroundUser {
  id: string;
  name: string;
  givenName: string;
  aadObjectId: string;
}

interface PlaygroundConfigFile {
  currentUser: PlaygroundUser;
  users: PlaygroundUser[];
  personalChat: { id: string };
  [key: string]: unknown;
}

/** The current user of a Playground config file (the person the overview page shows in development). */
async function currentUserOf(path: string): Promise<PlaygroundUser> {
  const { load } = await import('js-yaml');
  return (load(readFileSync(path, 'utf8')) as PlaygroundConfigFile).currentUser;
}

/**
 * Writes a copy of .m365agentsplayground.yml with the named person as the current user (and a
 * personal chat of their own) to devTools/, and returns its path.
 */
async function writeConfigActingAs(name: string): Promise<{ path: string; person: PlaygroundUser }> {
  const { dump, load } = await import('js-yaml');
  const config = load(readFileSync(PLAYGROUND_CONFIG, 'utf8')) as PlaygroundConfigFile;
  const everyone = [config.currentUser, ...config.users];
  const wanted = name.trim().toLowerCase();
  const person = everyone.find(
    (user) =>
      user.givenName.toLowerCase() === wanted ||
      user.name.toLowerCase() === wanted ||
      user.id === name ||
      user.aadObjectId === name,
  );
  if (!person) {
    const names = everyone.map((user) => user.givenName.toLowerCase()).join(', ');
    throw new DevError(`--as ${name}: nobody by that name in .m365agentsplayground.yml (try: ${names}).`);
  }
  const switched: PlaygroundConfigFile = {
    ...config,
    currentUser: person,
    users: everyone.filter((user) => user !== person),
    personalChat: { id: `personal-chat-${person.id}` },
  };
  mkdirSync(DEV_TOOLS_DIR, { recursive: true });
  const path = join(DEV_TOOLS_DIR, `playground-as-${person.givenName.toLowerCase()}.yml`);
  const header = `# Generated by scripts/dev.ts (--as ${person.givenName.toLowerCase()}); edit .m365agentsplayground.yml instead.\n`;
  writeFileSync(path, header + dump(switched));
  return { path, person };
}

// ---------------------------------------------------------------------------------------------
// Child processes

interface Child {
  label: string;
  process: ChildProcess;
  exited: Promise<void>;
  hasExited: () => boolean;
}

/** Forwards a stream line by line with a prefix; `onLine` then sees each raw line. */
function forward(
  stream: NodeJS.ReadableStream | null,
  target: NodeJS.WriteStream,
  prefix: string,
  format: (line: string) => string,
  onLine?: (line: string) => void,
): void {
  if (!stream) return;
  createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) => {
    target.write(`${prefix} ${format(line)}\n`);
    onLine?.(line);
  });
}

function startChild(
  label: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  format: (line: string) => string,
  onLine?: (line: string) => void,
): Child {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let exited = false;
  const exitedPromise = new Promise<void>((resolveExit) => {
    child.once('exit', () => {
      exited = true;
      resolveExit();
    });
    child.once('error', () => {
      exited = true;
      resolveExit();
    });
  });
  const prefix = `[${label}]`;
  forward(child.stdout, process.stdout, prefix, format, onLine);
  forward(child.stderr, process.stderr, prefix, format, onLine);
  return { label, process: child, exited: exitedPromise, hasExited: () => exited };
}

/** Asks a child to stop (SIGTERM), and kills it if it has not stopped in time. */
async function stopChild(child: Child | undefined): Promise<void> {
  if (!child || child.hasExited()) return;
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => {
    process.stderr.write(`[dev] the ${child.label} did not stop in time; killing it\n`);
    child.process.kill('SIGKILL');
  }, STOP_TIMEOUT_MS);
  await child.exited;
  clearTimeout(timer);
}

function describeExit(child: ChildProcess): string {
  if (child.signalCode) return `signal ${child.signalCode}`;
  return `exit code ${child.exitCode ?? 'unknown'}`;
}

/** pino writes JSON lines; show them as "level: message {fields}" to keep the terminal readable. */
function formatBotLine(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    const { level, msg, time: _time, pid: _pid, hostname: _hostname, ...fields } = entry;
    const levelName =
      typeof level === 'number' ? (PINO_LEVELS[level] ?? String(level)) : String(level ?? 'log');
    const rest = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
    return `${levelName}: ${String(msg ?? '')}${rest}`;
  } catch {
    return line;
  }
}

const PINO_LEVELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

/** True when something already accepts connections on the port (e.g. a bot left running). */
function portInUse(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const socket = connect({ host: LOOPBACK, port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolvePort(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolvePort(false);
    });
    socket.once('error', () => resolvePort(false));
  });
}

/** Polls GET /healthz until it answers 200; fails if the bot exits or it takes too long. */
async function waitForHealth(url: string, bot: Child): Promise<void> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let lastStatus = 'no answer';
  while (Date.now() < deadline) {
    if (bot.hasExited())
      throw new DevError(`the bot stopped before it was ready (${describeExit(bot.process)}).`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
      lastStatus = `HTTP ${response.status}`;
    } catch {
      lastStatus = 'no answer';
    }
    await new Promise((resolveDelay) => setTimeout(resolveDelay, 250));
  }
  throw new DevError(`the bot was not healthy within ${HEALTH_TIMEOUT_MS / 1000} s (${url}: ${lastStatus}).`);
}

function playgroundLogTail(lines: number): string {
  if (!existsSync(PLAYGROUND_LOG)) return '';
  return readFileSync(PLAYGROUND_LOG, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

// ---------------------------------------------------------------------------------------------
// The stack

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (existsSync(join(ROOT, '.env'))) process.loadEnvFile(join(ROOT, '.env'));

  const botPort = parsePort('PORT', process.env.PORT, 3978);
  const playgroundPort = parsePort('PLAYGROUND_PORT', process.env.PLAYGROUND_PORT, 56150);
  const dataDir = process.env.DATA_DIR?.trim() || './data-dev';
  const botEntry = resolve(ROOT, options.botEntry);
  if (!existsSync(botEntry)) throw new DevError(`the bot entry point ${options.botEntry} does not exist.`);
  if (await portInUse(botPort)) {
    throw new DevError(
      `port ${botPort} is already in use (a bot still running?). Stop it, or choose another with PORT=<port>.`,
    );
  }

  let playgroundConfig = process.env.M365_AGENTS_PLAYGROUND_CONFIG_PATH;
  let actingAs = 'the current user in .m365agentsplayground.yml';
  let person: PlaygroundUser | undefined;
  if (options.as !== undefined) {
    const switched = await writeConfigActingAs(options.as);
    playgroundConfig = switched.path;
    actingAs = switched.person.name;
    person = switched.person;
  } else {
    person = await currentUserOf(playgroundConfig ?? PLAYGROUND_CONFIG);
    actingAs = person.name;
  }
  say('building the overview page (dist/tab)');
  await buildTab(join(ROOT, 'dist', 'tab'));

  const botEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    DEMO_ROSTER: process.env.DEMO_ROSTER ?? 'true',
    // The Playground always sends en-US; answer in Norwegian, the bot's default, unless told otherwise.
    LOCALE_OVERRIDE: process.env.LOCALE_OVERRIDE ?? 'nb-NO',
    // The Playground has only the current person's chat: notifications for anyone else go there,
    // under a "Til: <name>" line, instead of failing (see docs/LOCAL-DEVELOPMENT.md).
    DEV_REDIRECT_NOTIFICATIONS: process.env.DEV_REDIRECT_NOTIFICATIONS ?? 'true',
    DATA_DIR: dataDir,
    HOST: LOOPBACK,
    PORT: String(botPort),
    // Calendar links for the browser on this machine. `||`, not `??`: a blank line copied from
    // .env.example counts as unset, and the bot refuses one of the two without the other.
    PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL?.trim() || `http://localhost:${botPort}`,
    CALENDAR_LINK_SECRET: process.env.CALENDAR_LINK_SECRET?.trim() || DEV_CALENDAR_LINK_SECRET,
    // No app id: Bot Framework authentication is off, which the bot allows on loopback only.
    // Blank values also stop the bot's own .env loading from setting them.
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
    MicrosoftAppTenantId: '',
    MANAGED_IDENTITY_CLIENT_ID: '',
    // The overview page (http://localhost:<PORT>/tab/) shows the Playground's current person, without
    // sign-in: there is no Teams to sign in with here. The bot refuses this outside development.
    TAB_DEV_USER: person.aadObjectId,
    TAB_SSO_APP_ID_URI: '',
    TAB_DIR: join(ROOT, 'dist', 'tab'),
  };
  const playgroundEnv: NodeJS.ProcessEnv = {
    ...process.env,
    TEAMSAPPTESTER_BROWSER: 'none',
    TZ: process.env.TZ ?? 'Europe/Oslo',
    M365_AGENTS_PLAYGROUND_LOGFILE: PLAYGROUND_LOG,
    ...(playgroundConfig ? { M365_AGENTS_PLAYGROUND_CONFIG_PATH: playgroundConfig } : {}),
  };

  let bot: Child | undefined;
  let playground: Child | undefined;
  let stopping = false;

  const stopAll = async (exitCode: number, reason?: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    if (reason) process.stderr.write(`[dev] ${reason}\n`);
    await Promise.all([stopChild(playground), stopChild(bot)]);
    process.exit(exitCode);
  };
  let firstSignalAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    // `npm run dev` runs this script through the tsx CLI, which passes each signal on: the same stop
    // can arrive twice at once. Only a second stop asked for later means "stop at once".
    if (stopping && Date.now() - firstSignalAt < 1_000) return;
    if (stopping) {
      process.stderr.write('[dev] stopping at once\n');
      bot?.process.kill('SIGKILL');
      playground?.process.kill('SIGKILL');
      process.exit(1);
    }
    firstSignalAt = Date.now();
    say(`${signal}: stopping the Playground and the bot`);
    void stopAll(0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const fail = (error: unknown) => {
    const message = error instanceof DevError ? error.message : String(error);
    void stopAll(1, `cannot run the dev stack: ${message}`);
  };

  say(
    `starting the bot (${options.botEntry}, data in ${dataDir}, demo roster ${botEnv.DEMO_ROSTER}, ` +
      `notifications for others into your chat ${botEnv.DEV_REDIRECT_NOTIFICATIONS})`,
  );
  const botChild = startChild('bot', ['--import', 'tsx', botEntry], botEnv, formatBotLine);
  bot = botChild;
  botChild.exited.then(() => {
    if (!stopping) {
      void stopAll(
        1,
        `the bot stopped unexpectedly (${describeExit(botChild.process)}); stopping the Playground.`,
      );
    }
  });

  try {
    await waitForHealth(`http://${LOOPBACK}:${botPort}/healthz`, botChild);
  } catch (error) {
    fail(error);
    return;
  }
  if (stopping) return;

  say(`the bot is ready; starting the Playground as ${actingAs}`);
  let announced = false;
  const playgroundStarted = setTimeout(() => {
    if (!announced)
      fail(new DevError(`the Playground did not start within ${PLAYGROUND_START_TIMEOUT_MS / 1000} s.`));
  }, PLAYGROUND_START_TIMEOUT_MS);
  playground = startChild(
    'playground',
    [
      '--import',
      PLAYGROUND_LOOPBACK_PRELOAD,
      createRequire(import.meta.url).resolve('@microsoft/m365agentsplayground/cli.js'),
      'start',
      '--app-endpoint',
      `http://${LOOPBACK}:${botPort}/api/messages`,
      '--channel-id',
      'msteams',
      '--port',
      String(playgroundPort),
      '--disable-telemetry',
    ],
    playgroundEnv,
    (line) => line,
    (line) => {
      const match = /^Listening on (\d+)/.exec(line);
      if (!match || announced) return;
      announced = true;
      clearTimeout(playgroundStarted);
      if (Number(match[1]) !== playgroundPort) {
        say(`port ${playgroundPort} was taken, so the Playground picked another one`);
      }
      say(`Open http://localhost:${match[1]} to chat with the bot`);
      say(`The overview page (as ${actingAs}, without Teams): http://localhost:${botPort}/tab/`);
      say(`(Playground log: devTools/m365agentsplayground.log; Ctrl-C stops both)`);
    },
  );
  const started = playground;
  started.exited.then(() => {
    clearTimeout(playgroundStarted);
    if (stopping) return;
    const tail = playgroundLogTail(15);
    if (tail) process.stderr.write(`[dev] last lines of devTools/m365agentsplayground.log:\n${tail}\n`);
    void stopAll(
      1,
      `the Playground stopped unexpectedly (${describeExit(started.process)}); stopping the bot.`,
    );
  });
}

main().catch((error: unknown) => {
  const message =
    error instanceof DevError ? error.message : error instanceof Error ? error.stack : String(error);
  process.stderr.write(`[dev] cannot run the dev stack: ${message}\n`);
  process.exit(1);
});
