import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { expect } from 'chai';
import { featureSettings } from '../../src/app/feature.js';
import {
  botFrameworkAuthSettings,
  ConfigError,
  isLoopbackHost,
  loadConfig,
  loadDotEnv,
  PLAYGROUND_TENANT_ID,
  SETTING_NAMES,
} from '../../src/config/config.js';
import { settingsSource } from '../../src/config/feature-settings.js';
import { GUIDANCE_SETTINGS } from '../../src/features/guidance/guidance-settings.js';
import { FEATURES } from '../../src/features/index.js';

const SECRET = 'pa55-W0rd~that-must-never-be-printed';

/** A complete, valid production environment. */
const PRODUCTION: Record<string, string> = {
  NODE_ENV: 'production',
  MicrosoftAppId: 'app-id-1',
  MicrosoftAppPassword: SECRET,
  MicrosoftAppType: 'SingleTenant',
  MicrosoftAppTenantId: 'tenant-1',
};

function problemsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  expect.fail('expected a ConfigError');
}

function settingsNamedIn(problems: readonly string[]): string[] {
  return problems.map((problem) => problem.slice(0, problem.indexOf(':')));
}

describe('loadConfig', () => {
  describe('when nothing is set', () => {
    it('then every setting has its documented default', () => {
      const config = loadConfig({});
      expect(config).to.deep.equal({
        nodeEnv: 'development',
        isProduction: false,
        port: 3978,
        host: '127.0.0.1',
        microsoftAppId: undefined,
        microsoftAppPassword: undefined,
        microsoftAppType: 'SingleTenant',
        microsoftAppTenantId: undefined,
        managedIdentityClientId: undefined,
        authEnabled: false,
        tenantId: PLAYGROUND_TENANT_ID,
        tenantIdDefaulted: true,
        dataDir: resolve('./data'),
        adminAadObjectIds: [],
        demoRoster: false,
        devRedirectNotifications: false,
        devClockStart: undefined,
        logLevel: 'info',
        maxBodyBytes: 262_144,
        shutdownTimeoutMs: 10_000,
        idempotencyRetentionHours: 48,
        archiveAfterHours: 24,
        outboxPollIntervalMs: 1_000,
        pages: { sso: undefined, developmentUser: undefined, extraOrigins: [] },
        localeOverride: undefined,
        features: new Map(),
        schedulerIntervalMs: 300_000,
        retentionDays: { guidance: 730, agenda: 730, checkins: 400, notices: 90, rounds: 730, join: 365 },
        outbox: {
          concurrency: 32,
          maxAttempts: 8,
          retentionDays: 30,
          backoff: { baseMs: 2_000, maxMs: 600_000 },
          limits: {
            perConversation: [
              { limit: 7, windowMs: 1_000 },
              { limit: 8, windowMs: 2_000 },
              { limit: 60, windowMs: 30_000 },
              { limit: 1800, windowMs: 3_600_000 },
            ],
            perTenant: [{ limit: 30, windowMs: 1_000 }],
          },
          serviceUrl: 'https://smba.trafficmanager.net/emea/',
        },
      });
      expect(PLAYGROUND_TENANT_ID).to.equal('00000000-0000-0000-0000-0000000000001');
    });

    it('then blank values count as unset', () => {
      const config = loadConfig({ PORT: '', HOST: '  ', MicrosoftAppId: '', LOG_LEVEL: '' });
      expect(config.port).to.equal(3978);
      expect(config.host).to.equal('127.0.0.1');
      expect(config.authEnabled).to.equal(false);
      expect(config.logLevel).to.equal('info');
    });
  });

  describe('when values are given', () => {
    it('then they are parsed into typed fields', () => {
      const config = loadConfig({
        NODE_ENV: 'test',
        PORT: '8080',
        HOST: '::1',
        DATA_DIR: 'some/dir',
        ADMIN_AAD_OBJECT_IDS: ' a-1 , b-2,, a-1 ,c-3 ',
        DEMO_ROSTER: 'YES',
        LOG_LEVEL: 'Debug',
        MAX_BODY_BYTES: '1000',
        SHUTDOWN_TIMEOUT_MS: '500',
        IDEMPOTENCY_RETENTION_HOURS: '1',
        ARCHIVE_AFTER_HOURS: '0',
        OUTBOX_POLL_INTERVAL_MS: '250',
        MicrosoftAppType: 'multitenant',
      });
      expect(config.nodeEnv).to.equal('test');
      expect(config.port).to.equal(8080);
      expect(config.host).to.equal('::1');
      expect(isAbsolute(config.dataDir)).to.equal(true);
      expect(config.dataDir).to.equal(resolve('some/dir'));
      expect(config.adminAadObjectIds).to.deep.equal(['a-1', 'b-2', 'c-3']);
      expect(config.demoRoster).to.equal(true);
      expect(config.logLevel).to.equal('debug');
      expect(config.maxBodyBytes).to.equal(1000);
      expect(config.shutdownTimeoutMs).to.equal(500);
      expect(config.idempotencyRetentionHours).to.equal(1);
      // 0: settled items move at the next round.
      expect(config.archiveAfterHours).to.equal(0);
      expect(config.outboxPollIntervalMs).to.equal(250);
      expect(config.microsoftAppType).to.equal('MultiTenant');
    });

    it('then every boolean spelling is understood', () => {
      for (const [raw, value] of [
        ['true', true],
        ['1', true],
        ['yes', true],
        ['false', false],
        ['0', false],
        ['NO', false],
      ] as const) {
        expect(loadConfig({ DEMO_ROSTER: raw }).demoRoster, raw).to.equal(value);
      }
    });

    it('then the Playground ids are accepted as opaque strings (no GUID shape check)', () => {
      const config = loadConfig({ MicrosoftAppTenantId: PLAYGROUND_TENANT_ID, ADMIN_AAD_OBJECT_IDS: 'x' });
      expect(config.tenantId).to.equal(PLAYGROUND_TENANT_ID);
      expect(config.tenantIdDefaulted).to.equal(false);
      expect(config.adminAadObjectIds).to.deep.equal(['x']);
    });
  });

  describe('when a value is invalid', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['NODE_ENV', 'staging', /development, test, production/],
      ['PORT', 'http', /integer from 0 to 65535/],
      ['PORT', '70000', /integer from 0 to 65535/],
      ['HOST', 'local host', /host name or IP address/],
      ['MicrosoftAppType', 'Both', /SingleTenant, MultiTenant, UserAssignedMSI/],
      ['MicrosoftAppTenantId', 'has space', /whitespace/],
      ['ADMIN_AAD_OBJECT_IDS', 'ok-1, not ok', /entry 2 contains whitespace/],
      ['DEMO_ROSTER', 'maybe', /true, 1, yes, false, 0, no/],
      ['LOG_LEVEL', 'loud', /fatal, error, warn, info, debug, trace, silent/],
      ['MAX_BODY_BYTES', '0', /positive integer/],
      ['SHUTDOWN_TIMEOUT_MS', '-5', /positive integer/],
      ['IDEMPOTENCY_RETENTION_HOURS', '1.5', /positive integer/],
      ['OUTBOX_POLL_INTERVAL_MS', '1e3', /positive integer/],
      ['ARCHIVE_AFTER_HOURS', '8761', /integer from 0 to 8760/],
      ['ARCHIVE_AFTER_HOURS', '-1', /integer from 0 to 8760/],
    ];
    for (const [setting, value, accepted] of cases) {
      it(`then ${setting}=${JSON.stringify(value)} is refused, naming the setting and what is accepted`, () => {
        const problems = problemsOf({ [setting]: value });
        expect(problems).to.have.length(1);
        expect(problems[0]).to.match(new RegExp(`^${setting}: `));
        expect(problems[0]).to.match(accepted);
        expect(problems[0]).not.to.contain(value);
      });
    }

    it('then every problem is reported at once, one line per setting, in a ConfigError message', () => {
      let error: unknown;
      try {
        loadConfig({ PORT: 'x', LOG_LEVEL: 'y', DEMO_ROSTER: 'z', MicrosoftAppPassword: SECRET });
      } catch (err) {
        error = err;
      }
      expect(error).to.be.instanceOf(ConfigError);
      const configError = error as ConfigError;
      expect(settingsNamedIn(configError.problems)).to.have.members([
        'PORT',
        'MicrosoftAppId',
        'DEMO_ROSTER',
        'LOG_LEVEL',
      ]);
      for (const problem of configError.problems) {
        expect(configError.message).to.contain(problem);
      }
    });
  });

  describe('authentication and binding', () => {
    it('without an app id, authentication is off and the bot binds to loopback only', () => {
      const config = loadConfig({});
      expect(config.authEnabled).to.equal(false);
      expect(isLoopbackHost(config.host)).to.equal(true);
    });

    it('without an app id, a non-loopback HOST is refused', () => {
      for (const host of ['0.0.0.0', '::', '10.1.2.3', 'bot.example.org']) {
        expect(settingsNamedIn(problemsOf({ HOST: host })), host).to.deep.equal(['HOST']);
      }
    });

    it('without an app id, any loopback HOST is accepted', () => {
      for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost', '[::1]', '::ffff:127.0.0.1']) {
        expect(loadConfig({ HOST: host }).host).to.equal(host);
      }
    });

    it('with an app id, the bot binds to every interface by default and HOST may be anything', () => {
      const env = { MicrosoftAppId: 'app', MicrosoftAppPassword: SECRET, MicrosoftAppTenantId: 't' };
      const config = loadConfig(env);
      expect(config.authEnabled).to.equal(true);
      expect(config.host).to.equal('0.0.0.0');
      expect(loadConfig({ ...env, HOST: '10.1.2.3' }).host).to.equal('10.1.2.3');
    });

    it('a credential without an app id is refused (it would suggest authentication is on)', () => {
      expect(settingsNamedIn(problemsOf({ MicrosoftAppPassword: SECRET }))).to.deep.equal(['MicrosoftAppId']);
      expect(settingsNamedIn(problemsOf({ MANAGED_IDENTITY_CLIENT_ID: 'mi' }))).to.deep.equal([
        'MicrosoftAppId',
      ]);
    });

    it('a SingleTenant app id needs a tenant id and a credential', () => {
      expect(settingsNamedIn(problemsOf({ MicrosoftAppId: 'app' }))).to.deep.equal([
        'MicrosoftAppPassword',
        'MicrosoftAppTenantId',
      ]);
    });

    it('a managed identity may replace the password, but not sit beside it', () => {
      const env = { MicrosoftAppId: 'app', MicrosoftAppTenantId: 't', MANAGED_IDENTITY_CLIENT_ID: 'mi' };
      expect(loadConfig(env).managedIdentityClientId).to.equal('mi');
      expect(settingsNamedIn(problemsOf({ ...env, MicrosoftAppPassword: SECRET }))).to.deep.equal([
        'MANAGED_IDENTITY_CLIENT_ID',
      ]);
    });

    it('a UserAssignedMSI app needs a tenant id but no password', () => {
      const env = { MicrosoftAppId: 'msi', MicrosoftAppType: 'UserAssignedMSI' };
      expect(settingsNamedIn(problemsOf(env))).to.deep.equal(['MicrosoftAppTenantId']);
      expect(loadConfig({ ...env, MicrosoftAppTenantId: 't' }).microsoftAppType).to.equal('UserAssignedMSI');
    });

    it('the tenant the bot serves is MicrosoftAppTenantId when set', () => {
      const config = loadConfig({ MicrosoftAppTenantId: 'tenant-x' });
      expect(config.tenantId).to.equal('tenant-x');
      expect(config.tenantIdDefaulted).to.equal(false);
    });

    it('in development and test, the tenant defaults to the Playground mock tenant, and says so', () => {
      for (const nodeEnv of ['development', 'test']) {
        const config = loadConfig({ NODE_ENV: nodeEnv });
        expect(config.tenantId).to.equal(PLAYGROUND_TENANT_ID);
        expect(config.tenantIdDefaulted).to.equal(true);
      }
    });
  });

  describe('delivery settings', () => {
    it('reads rate limits as sliding windows and names a bad one', () => {
      const config = loadConfig({ TEAMS_CONVERSATION_LIMITS: '5/1s, 100/1h', TEAMS_TENANT_LIMITS: '50/s' });
      expect(config.outbox.limits.perConversation).to.deep.equal([
        { limit: 5, windowMs: 1_000 },
        { limit: 100, windowMs: 3_600_000 },
      ]);
      expect(config.outbox.limits.perTenant).to.deep.equal([{ limit: 50, windowMs: 1_000 }]);
      expect(settingsNamedIn(problemsOf({ TEAMS_TENANT_LIMITS: 'lots' }))).to.deep.equal([
        'TEAMS_TENANT_LIMITS',
      ]);
      expect(settingsNamedIn(problemsOf({ TEAMS_SERVICE_URL: 'not a url' }))).to.deep.equal([
        'TEAMS_SERVICE_URL',
      ]);
      expect(settingsNamedIn(problemsOf({ OUTBOX_CONCURRENCY: '0' }))).to.deep.equal(['OUTBOX_CONCURRENCY']);
    });
  });

  describe('LOCALE_OVERRIDE (development only)', () => {
    it('is off by default and accepts nb-NO or en-US', () => {
      expect(loadConfig({}).localeOverride).to.equal(undefined);
      expect(loadConfig({ LOCALE_OVERRIDE: 'nb-NO' }).localeOverride).to.equal('nb-NO');
      expect(loadConfig({ LOCALE_OVERRIDE: 'en-US' }).localeOverride).to.equal('en-US');
    });
    it('refuses other values, and any value in production', () => {
      expect(settingsNamedIn(problemsOf({ LOCALE_OVERRIDE: 'de-DE' }))).to.deep.equal(['LOCALE_OVERRIDE']);
      expect(settingsNamedIn(problemsOf({ ...PRODUCTION, LOCALE_OVERRIDE: 'nb-NO' }))).to.deep.equal([
        'LOCALE_OVERRIDE',
      ]);
    });
  });

  describe('DEV_CLOCK_START (development only)', () => {
    it('is absent by default and takes an ISO instant with a time zone', () => {
      expect(loadConfig({}).devClockStart).to.equal(undefined);
      expect(loadConfig({ DEV_CLOCK_START: '2026-03-09T07:55:00+01:00' }).devClockStart).to.equal(
        '2026-03-09T07:55:00+01:00',
      );
      expect(loadConfig({ DEV_CLOCK_START: '2026-03-09T06:55Z' }).devClockStart).to.equal(
        '2026-03-09T06:55Z',
      );
    });
    it('refuses what is not an instant with a time zone, and any value in production', () => {
      for (const raw of ['tomorrow', '2026-03-09', '2026-03-09T07:55', '2026-13-09T07:55:00Z']) {
        expect(settingsNamedIn(problemsOf({ DEV_CLOCK_START: raw })), raw).to.deep.equal(['DEV_CLOCK_START']);
      }
      const problems = problemsOf({ ...PRODUCTION, DEV_CLOCK_START: '2026-03-09T07:55:00+01:00' });
      expect(settingsNamedIn(problems)).to.deep.equal(['DEV_CLOCK_START']);
      expect(problems.join('\n')).to.match(/production/);
    });
  });

  describe('DEV_REDIRECT_NOTIFICATIONS (development only)', () => {
    it('is off by default and can be turned on outside production', () => {
      expect(loadConfig({}).devRedirectNotifications).to.equal(false);
      expect(loadConfig({ DEV_REDIRECT_NOTIFICATIONS: 'true' }).devRedirectNotifications).to.equal(true);
      expect(
        loadConfig({ NODE_ENV: 'test', DEV_REDIRECT_NOTIFICATIONS: 'yes' }).devRedirectNotifications,
      ).to.equal(true);
    });
    it('refuses a value that is not a boolean, and refuses it on in production', () => {
      expect(settingsNamedIn(problemsOf({ DEV_REDIRECT_NOTIFICATIONS: 'sometimes' }))).to.deep.equal([
        'DEV_REDIRECT_NOTIFICATIONS',
      ]);
      const problems = problemsOf({ ...PRODUCTION, DEV_REDIRECT_NOTIFICATIONS: 'true' });
      expect(settingsNamedIn(problems)).to.deep.equal(['DEV_REDIRECT_NOTIFICATIONS']);
      expect(problems.join('\n')).to.match(/production/);
      expect(
        loadConfig({ ...PRODUCTION, DEV_REDIRECT_NOTIFICATIONS: 'false' }).devRedirectNotifications,
      ).to.equal(false);
    });
    it("refuses it on with an app id in any environment (real Teams: one person would get another's cards)", () => {
      const { NODE_ENV: _production, ...realTeams } = PRODUCTION;
      const problems = problemsOf({
        ...realTeams,
        NODE_ENV: 'development',
        DEV_REDIRECT_NOTIFICATIONS: 'true',
      });
      expect(settingsNamedIn(problems)).to.deep.equal(['DEV_REDIRECT_NOTIFICATIONS']);
      expect(problems.join('\n')).to.match(/MicrosoftAppId/);
    });
  });

  describe('production fails closed', () => {
    it('a complete production configuration is accepted', () => {
      const config = loadConfig(PRODUCTION);
      expect(config.isProduction).to.equal(true);
      expect(config.authEnabled).to.equal(true);
      expect(config.tenantId).to.equal('tenant-1');
      expect(config.tenantIdDefaulted).to.equal(false);
      expect(config.host).to.equal('0.0.0.0');
    });

    it('a managed identity is an accepted production credential', () => {
      const { MicrosoftAppPassword: _password, ...rest } = PRODUCTION;
      expect(loadConfig({ ...rest, MANAGED_IDENTITY_CLIENT_ID: 'mi' }).isProduction).to.equal(true);
    });

    const refusals: Array<[string, Record<string, string | undefined>, string[]]> = [
      ['without an app id', { MicrosoftAppId: undefined }, ['MicrosoftAppId']],
      ['with a MultiTenant app', { MicrosoftAppType: 'MultiTenant' }, ['MicrosoftAppType']],
      ['with a UserAssignedMSI app', { MicrosoftAppType: 'UserAssignedMSI' }, ['MicrosoftAppType']],
      ['without a tenant id', { MicrosoftAppTenantId: undefined }, ['MicrosoftAppTenantId']],
      ['without a credential', { MicrosoftAppPassword: undefined }, ['MicrosoftAppPassword']],
      ['with the demo roster', { DEMO_ROSTER: 'true' }, ['DEMO_ROSTER']],
      [
        'with notifications redirected',
        { DEV_REDIRECT_NOTIFICATIONS: 'true' },
        ['DEV_REDIRECT_NOTIFICATIONS'],
      ],
      ['with a development person for the overview page', { TAB_DEV_USER: 'someone' }, ['TAB_DEV_USER']],
      [
        'with extra teams-js origins for the overview page',
        { TAB_EXTRA_ORIGINS: 'http://127.0.0.1:4000' },
        ['TAB_EXTRA_ORIGINS'],
      ],
      [
        'with a plain-http key address for the overview page',
        {
          TAB_SSO_APP_ID_URI: 'api://bot.example.org/app-id-1',
          TAB_SSO_JWKS_URL: 'http://keys.example.org/',
        },
        ['TAB_SSO_JWKS_URL'],
      ],
    ];
    for (const [label, change, settings] of refusals) {
      it(`is refused ${label}, naming ${settings.join(', ')}`, () => {
        const problems = problemsOf({ ...PRODUCTION, ...change });
        expect(settingsNamedIn(problems)).to.deep.equal(settings);
        expect(problems.join('\n')).to.match(/production/);
      });
    }

    it('an empty environment with NODE_ENV=production lists every missing piece', () => {
      expect(settingsNamedIn(problemsOf({ NODE_ENV: 'production' }))).to.deep.equal([
        'MicrosoftAppId',
        'MicrosoftAppPassword',
        'MicrosoftAppTenantId',
      ]);
    });
  });

  describe('secrets', () => {
    it('never appear in error messages, whatever else is wrong', () => {
      const envs: Array<Record<string, string>> = [
        { ...PRODUCTION, MicrosoftAppType: 'MultiTenant', PORT: 'x' },
        { ...PRODUCTION, MANAGED_IDENTITY_CLIENT_ID: 'mi' },
        { MicrosoftAppPassword: SECRET, HOST: '0.0.0.0' },
        { ...PRODUCTION, MicrosoftAppPassword: ` ${SECRET} `, LOG_LEVEL: SECRET },
      ];
      for (const env of envs) {
        try {
          loadConfig(env);
          expect.fail('expected a ConfigError');
        } catch (err) {
          expect(err).to.be.instanceOf(ConfigError);
          expect((err as Error).message).to.match(/: /);
          expect((err as Error).message).not.to.contain(SECRET);
          expect(JSON.stringify(err)).not.to.contain(SECRET);
        }
      }
    });

    it('the password is kept exactly as given (not trimmed)', () => {
      const config = loadConfig({ ...PRODUCTION, MicrosoftAppPassword: ` ${SECRET}` });
      expect(config.microsoftAppPassword).to.equal(` ${SECRET}`);
    });
  });

  describe('botFrameworkAuthSettings', () => {
    it('maps the config to botbuilder setting names, with empty strings for unset values', () => {
      expect(botFrameworkAuthSettings(loadConfig(PRODUCTION))).to.deep.equal({
        MicrosoftAppId: 'app-id-1',
        MicrosoftAppPassword: SECRET,
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppTenantId: 'tenant-1',
      });
      expect(botFrameworkAuthSettings(loadConfig({}))).to.deep.equal({
        MicrosoftAppId: '',
        MicrosoftAppPassword: '',
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppTenantId: '',
      });
    });
  });
});

describe("a feature's own settings", () => {
  it("gives its defaults, reads its variables, and reports a bad one with the core's problems", () => {
    const specs = featureSettings(FEATURES);
    expect(loadConfig({}, specs).features.get(GUIDANCE_SETTINGS)).to.deep.equal({
      deadlineWorkingDays: 3,
      urgentDeadlineWorkingDays: 1,
      escalateAfterWorkingDays: 2,
    });
    expect(
      loadConfig(
        { GUIDANCE_DEADLINE_WORKING_DAYS: ' 5 ', GUIDANCE_URGENT_DEADLINE_WORKING_DAYS: '0' },
        specs,
      ).features.get(GUIDANCE_SETTINGS),
    ).to.deep.include({ deadlineWorkingDays: 5, urgentDeadlineWorkingDays: 0 });
    let failure: unknown;
    try {
      loadConfig({ PORT: 'x', GUIDANCE_ESCALATE_AFTER_WORKING_DAYS: '0' }, specs);
    } catch (error) {
      failure = error;
    }
    expect(failure).to.be.instanceOf(ConfigError);
    expect((failure as ConfigError).problems).to.deep.equal([
      'PORT: must be an integer from 0 to 65535',
      'GUIDANCE_ESCALATE_AFTER_WORKING_DAYS: must be an integer from 1 to 60',
    ]);
  });

  it('gives a use case the defaults when the context was built without loaded settings', () => {
    expect(settingsSource(new Map()).of(GUIDANCE_SETTINGS).deadlineWorkingDays).to.equal(3);
  });
});

describe('.env.example', () => {
  const text = readFileSync(resolve(import.meta.dirname, '../../.env.example'), 'utf8');

  it("documents every setting the bot reads (the features' too), plus the packaging settings", () => {
    const featureNames = featureSettings(FEATURES).flatMap((spec) => Object.keys(spec.env));
    expect(featureNames).to.include('GUIDANCE_DEADLINE_WORKING_DAYS');
    for (const name of [...SETTING_NAMES, ...featureNames, 'TEAMS_APP_ID', 'BOT_DOMAIN']) {
      expect(text, name).to.match(new RegExp(`^${name}=`, 'm'));
    }
  });

  it('is itself a valid development configuration', () => {
    const config = loadConfig(parseEnv(text), featureSettings(FEATURES));
    expect(config.nodeEnv).to.equal('development');
    expect(config.authEnabled).to.equal(false);
  });
});

describe('loadDotEnv', () => {
  const touched = ['MH_TEST_DOTENV_NEW', 'MH_TEST_DOTENV_SET', 'MH_TEST_DOTENV_EMPTY'];
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mh-dotenv-'));
  });

  afterEach(() => {
    for (const name of touched) {
      delete process.env[name];
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads a file without overriding variables already set, even to an empty value', () => {
    const file = join(dir, '.env');
    writeFileSync(
      file,
      'MH_TEST_DOTENV_NEW=from-file\nMH_TEST_DOTENV_SET=from-file\nMH_TEST_DOTENV_EMPTY=from-file\n',
    );
    process.env.MH_TEST_DOTENV_SET = 'from-env';
    process.env.MH_TEST_DOTENV_EMPTY = '';
    expect(loadDotEnv(file)).to.equal(true);
    expect(process.env.MH_TEST_DOTENV_NEW).to.equal('from-file');
    expect(process.env.MH_TEST_DOTENV_SET).to.equal('from-env');
    expect(process.env.MH_TEST_DOTENV_EMPTY).to.equal('');
  });

  it('does nothing when the file does not exist', () => {
    expect(loadDotEnv(join(dir, 'missing.env'))).to.equal(false);
    expect(process.env.MH_TEST_DOTENV_NEW).to.equal(undefined);
  });
});

describe("the overview page's sign-in settings", () => {
  it('When nothing is set, then pages cannot sign anyone in', () => {
    expect(loadConfig({}).pages).to.deep.equal({
      sso: undefined,
      developmentUser: undefined,
      extraOrigins: [],
    });
  });

  it("When the Application ID URI is set in production, then SSO uses the app id as client id and Entra's keys", () => {
    const config = loadConfig({ ...PRODUCTION, TAB_SSO_APP_ID_URI: 'api://bot.example.org/app-id-1' });
    expect(config.pages.sso).to.deep.equal({
      clientId: 'app-id-1',
      appIdUri: 'api://bot.example.org/app-id-1',
      jwksUrl: undefined,
    });
  });

  it('When the Application ID URI is not an api:// URI, then it is refused', () => {
    expect(
      settingsNamedIn(problemsOf({ ...PRODUCTION, TAB_SSO_APP_ID_URI: 'https://bot.example.org' })),
    ).to.deep.equal(['TAB_SSO_APP_ID_URI']);
  });

  it('When SSO is set without any client id, then it is refused', () => {
    expect(
      settingsNamedIn(problemsOf({ MicrosoftAppTenantId: 't', TAB_SSO_APP_ID_URI: 'api://localhost/x' })),
    ).to.deep.equal(['TAB_SSO_APP_ID_URI']);
  });

  it('When a development person is set alongside an app id, then it is refused (real Teams users sign in)', () => {
    const problems = problemsOf({
      MicrosoftAppId: 'app',
      MicrosoftAppPassword: SECRET,
      MicrosoftAppTenantId: 't',
      TAB_DEV_USER: 'someone',
    });
    expect(settingsNamedIn(problems)).to.deep.equal(['TAB_DEV_USER']);
  });

  it('When extra origins are not origins, then each bad entry is named', () => {
    expect(problemsOf({ TAB_EXTRA_ORIGINS: 'http://127.0.0.1:4000, ftp://x, http://a/b' })).to.deep.equal([
      'TAB_EXTRA_ORIGINS: entry 2 is not an origin (expected e.g. http://127.0.0.1:4000)',
      'TAB_EXTRA_ORIGINS: entry 3 is not an origin (expected e.g. http://127.0.0.1:4000)',
    ]);
  });

  it('When development settings are set without an app id, then they are taken', () => {
    const config = loadConfig({ TAB_DEV_USER: 'dev-person', TAB_EXTRA_ORIGINS: 'http://127.0.0.1:4000/' });
    expect(config.pages).to.deep.equal({
      sso: undefined,
      developmentUser: 'dev-person',
      extraOrigins: ['http://127.0.0.1:4000'],
    });
  });
});
