/**
 * Malformed activities through the real server: the envelope is checked before botbuilder sees it,
 * so a missing or mistyped field is a 400 with a fixed body and one log line naming the field, never
 * a 500 with a library's words. Fuzzed with fast-check, with authentication off and on.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { type Harness, startHarness } from '../support/bot-harness.js';
import { type OpenIdServer, startOpenIdServer } from '../support/openid-server.js';
import { captureStderr } from '../support/stderr-capture.js';
import { cardAction, installationUpdate, message, TENANT, user } from '../support/teams-activities.js';

const INVALID_ACTIVITY = {
  error: { code: 'invalid_activity', message: 'The request body is not a valid activity.' },
};
const UNAUTHORIZED = {
  error: { code: 'unauthorized', message: 'The request could not be authenticated.' },
};
const BAD_REQUEST = {
  error: { code: 'bad_request', message: 'The request body must be a JSON object.' },
};

const sender = user(1, 'Kari Nordmann');

/** Every error body the server may send: anything else in a refusal would be someone's text. */
const FIXED_BODIES = [INVALID_ACTIVITY, UNAUTHORIZED, BAD_REQUEST];

describe('the activity envelope, end to end (authentication off, as in local development)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  const valid = () => message({ serviceUrl: h.connector.url, from: sender, text: 'hjelp' });

  /** Replaces (or with `undefined`, removes) one top-level field of a valid message. */
  const withField = (field: string, value: unknown) => {
    const activity: Record<string, unknown> = { ...valid() };
    if (value === undefined) delete activity[field];
    else activity[field] = value;
    return activity;
  };

  const cases: [string, () => unknown, string][] = [
    ['the empty object', () => ({}), 'type'],
    ['a missing type', () => withField('type', undefined), 'type'],
    ['a numeric type', () => withField('type', 5), 'type'],
    ['an empty type', () => withField('type', ''), 'type'],
    ['an object as type', () => withField('type', { toString: 'message' }), 'type'],
    ['a numeric serviceUrl', () => withField('serviceUrl', 5), 'serviceUrl'],
    ['a missing serviceUrl', () => withField('serviceUrl', undefined), 'serviceUrl'],
    ['a serviceUrl that is no URL', () => withField('serviceUrl', 'smba trafficmanager'), 'serviceUrl'],
    ['a serviceUrl of another scheme', () => withField('serviceUrl', 'file:///etc/passwd'), 'serviceUrl'],
    ['a missing channelId', () => withField('channelId', undefined), 'channelId'],
    ['a numeric channelId', () => withField('channelId', 7), 'channelId'],
    ['a conversation that is a string', () => withField('conversation', 'a:1'), 'conversation'],
    ['a conversation without id', () => withField('conversation', { tenantId: TENANT }), 'conversation.id'],
    [
      'a numeric conversation id',
      () => withField('conversation', { id: 4, tenantId: TENANT }),
      'conversation.id',
    ],
    ['from null', () => withField('from', null), 'from'],
    ['a missing recipient', () => withField('recipient', undefined), 'recipient'],
    ['a numeric activity id', () => withField('id', 12), 'id'],
    ['a numeric locale', () => withField('locale', 1044), 'locale'],
    ['text as an object', () => withField('text', { value: 'hjelp' }), 'text'],
    ['entities that are no list', () => withField('entities', 'mention'), 'entities'],
    [
      'an entity without type',
      () => withField('entities', [{ mentioned: { id: '28:bot' } }]),
      'entities.0.type',
    ],
    ['channelData as a string', () => withField('channelData', 'tenant'), 'channelData'],
    ['membersAdded of strings', () => withField('membersAdded', ['28:bot']), 'membersAdded.0'],
  ];

  for (const [name, body, field] of cases) {
    it(`when the activity has ${name}, then 400 with a fixed body and one log line naming ${field}`, async () => {
      const stderr = captureStderr();
      let response: { status: number; body: unknown };
      try {
        response = await h.post(body());
      } finally {
        stderr.restore();
      }
      expect(response.status).to.equal(400);
      expect(response.body).to.deep.equal(INVALID_ACTIVITY);
      const lines = h.logs.filter((line) => line.event === 'activity.invalid');
      expect(lines).to.have.length(1);
      expect(lines[0]).to.include({ level: 'warn', field });
      expect(lines[0]!.problem).to.be.a('string');
      expect(stderr.text()).to.equal('');
      expect(JSON.stringify(h.logs)).not.to.include(sender.name);
      expect(h.connector.activities).to.have.length(0);
    });
  }

  it('when the activity is valid, Teams-shaped (message, invoke, installationUpdate), then it is not refused', async () => {
    const serviceUrl = h.connector.url;
    for (const activity of [
      valid(),
      cardAction({ serviceUrl, from: sender, verb: 'help.show' }),
      installationUpdate({ serviceUrl, from: user(2, 'Ola'), action: 'add' }),
      { ...valid(), type: 'typing', text: undefined },
    ]) {
      const response = await h.post(activity);
      expect(response.status, activity.type).to.equal(200);
    }
    expect(h.logs.filter((line) => line.event === 'activity.invalid')).to.deep.equal([]);
  });

  it('fuzz: mutated Teams activities get 400 or 2xx, never 5xx, and refusals carry a fixed body', async function () {
    this.timeout(60_000);
    const serviceUrl = h.connector.url;
    const templates = [
      () => message({ serviceUrl, from: sender, text: 'hjelp' }),
      () => cardAction({ serviceUrl, from: sender, verb: 'help.show' }),
      () => installationUpdate({ serviceUrl, from: sender, action: 'add' }),
    ];
    const paths = [
      ['type'],
      ['serviceUrl'],
      ['channelId'],
      ['id'],
      ['from'],
      ['from', 'id'],
      ['from', 'aadObjectId'],
      ['recipient'],
      ['recipient', 'id'],
      ['conversation'],
      ['conversation', 'id'],
      ['conversation', 'tenantId'],
      ['conversation', 'conversationType'],
      ['channelData'],
      ['channelData', 'tenant'],
      ['locale'],
      ['text'],
      ['entities'],
      ['value'],
      ['name'],
      ['timestamp'],
      ['membersAdded'],
    ];
    const statuses = new Set<number>();
    const stderr = captureStderr();
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.nat(templates.length - 1),
          fc.array(fc.tuple(fc.constantFrom(...paths), fc.option(fc.jsonValue(), { nil: undefined })), {
            minLength: 1,
            maxLength: 3,
          }),
          async (template, mutations) => {
            const activity = structuredClone(templates[template]!()) as Record<string, unknown>;
            activity.id = `fuzz-${Math.random()}`;
            for (const [path, value] of mutations) setPath(activity, path, value);
            const response = await h.post(activity);
            statuses.add(response.status);
            expect(response.status).to.be.oneOf([200, 400, 501]);
            if (response.status === 400) expectRefusalOrInvokeError(response.body);
          },
        ),
        { numRuns: 150 },
      );
    } finally {
      stderr.restore();
    }
    expect(stderr.text()).to.equal('');
    // The mutations reach both sides: some are refused, some get through to the bot.
    expect([...statuses]).to.include.members([200, 400]);
  });

  it('fuzz: arbitrary JSON objects get 400, or 2xx in the rare case they form an activity', async function () {
    this.timeout(60_000);
    const stderr = captureStderr();
    try {
      await fc.assert(
        fc.asyncProperty(fc.dictionary(fc.string(), fc.jsonValue()), async (body) => {
          const response = await h.post(body);
          expect(response.status).to.be.oneOf([200, 400, 501]);
          if (response.status === 400) expect(response.body).to.deep.equal(INVALID_ACTIVITY);
        }),
        { numRuns: 150 },
      );
    } finally {
      stderr.restore();
    }
    expect(stderr.text()).to.equal('');
  });
});

describe('the activity envelope with authentication on', () => {
  let openId: OpenIdServer;
  let h: Harness;
  before(async () => {
    openId = await startOpenIdServer();
    h = await startHarness(
      { MicrosoftAppId: 'mh-test-app-id', MicrosoftAppPassword: 'unused', MicrosoftAppTenantId: TENANT },
      { auth: openId.authOverrides('mh-test-app-id') },
    );
  });
  after(async () => {
    await h.close();
    await openId.close();
  });

  it('fuzz: random JSON objects, with or without a bearer token, get 400 or 401 with a fixed body', async function () {
    this.timeout(60_000);
    // Signed for another service URL than any body names: every request here must be refused.
    const token = openId.tokenFor('mh-test-app-id', 'https://smba.trafficmanager.net/amer/');
    const stderr = captureStderr();
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.dictionary(fc.string(), fc.jsonValue()),
            fc.record({
              type: fc.oneof(fc.constant('message'), fc.jsonValue()),
              serviceUrl: fc.oneof(fc.constant('https://smba.trafficmanager.net/emea/'), fc.jsonValue()),
              channelId: fc.oneof(fc.constant('msteams'), fc.jsonValue()),
              conversation: fc.oneof(fc.constant({ id: 'a:1' }), fc.jsonValue()),
              from: fc.oneof(fc.constant({ id: '29:1' }), fc.jsonValue()),
              recipient: fc.oneof(fc.constant({ id: '28:bot' }), fc.jsonValue()),
            }),
          ),
          fc.constantFrom(undefined, `Bearer ${token}`, 'Bearer x.y.z', 'garbage'),
          async (body, authorization) => {
            const response = await h.post(body, authorization ? { authorization } : {});
            expect(response.status).to.be.oneOf([400, 401]);
            expect(FIXED_BODIES).to.deep.include(response.body);
          },
        ),
        { numRuns: 200 },
      );
    } finally {
      stderr.restore();
    }
    expect(stderr.text()).to.equal('');
  });
});

/**
 * A 400 is either the envelope's refusal or, for an invoke that got through, botbuilder's Adaptive
 * Card error answer to Teams (e.g. "Missing value property"): an invoke response of the protocol.
 */
function expectRefusalOrInvokeError(body: unknown): void {
  if (JSON.stringify(body) === JSON.stringify(INVALID_ACTIVITY)) return;
  expect(body).to.include({ statusCode: 400, type: 'application/vnd.microsoft.error' });
}

/** Sets (or with `undefined`, deletes) a nested field, replacing non-objects on the way. */
function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
}
