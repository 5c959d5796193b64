/**
 * The activity envelope: real Teams activities (shapes from Microsoft's documentation and the
 * Agents Playground) pass untouched; what would crash botbuilder is refused by field path.
 */
import { expect } from 'chai';
import { parseActivityEnvelope } from '../../src/teams/activity-envelope.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';
const BOT = { id: '28:f5d48856-5b42-41a0-8c3a-c5f944b679b0', name: 'MH-nettverket' };
const USER = {
  id: '29:1I9Is_Sx0OIy2rQ7Xz1lcaPKlO9eqmBRTBuW6XzXXXXXXXX',
  aadObjectId: 'c9a1d0e2-0000-4d6b-9a57-7f7a0b1c2d3e',
};

/** Activities as Teams posts them (trimmed, but with the fields that vary between kinds). */
const TEAMS_ACTIVITIES: Record<string, Record<string, unknown>> = {
  'channel message with a mention and an HTML attachment': {
    text: '<at>MH-nettverket</at> hjelp',
    textFormat: 'plain',
    attachments: [{ contentType: 'text/html', content: '<div><at id="0">MH-nettverket</at> hjelp</div>' }],
    type: 'message',
    timestamp: '2026-11-30T09:12:03.816Z',
    localTimestamp: '2026-11-30T10:12:03.816+01:00',
    id: '1481567603816',
    channelId: 'msteams',
    serviceUrl: SERVICE_URL,
    from: { ...USER, name: 'Kari Nordmann' },
    conversation: {
      isGroup: true,
      id: '19:efa9296d959346209fea44151c742e73@thread.tacv2;messageid=1481567603816',
      conversationType: 'channel',
      tenantId: TENANT,
    },
    recipient: BOT,
    entities: [
      { mentioned: BOT, text: '<at>MH-nettverket</at>', type: 'mention' },
      { locale: 'nb-NO', country: 'NO', platform: 'Web', timezone: 'Europe/Oslo', type: 'clientInfo' },
    ],
    channelData: {
      teamsChannelId: '19:efa9296d959346209fea44151c742e73@thread.tacv2',
      teamsTeamId: '19:0c1f4b3ee2c24c5c9f2d2a4a0b9c2e11@thread.tacv2',
      channel: { id: '19:efa9296d959346209fea44151c742e73@thread.tacv2' },
      team: { id: '19:0c1f4b3ee2c24c5c9f2d2a4a0b9c2e11@thread.tacv2' },
      tenant: { id: TENANT },
    },
    locale: 'nb-NO',
  },
  'Action.Execute invoke': {
    name: 'adaptiveCard/action',
    type: 'invoke',
    timestamp: '2026-11-30T09:13:00.000Z',
    id: 'f:3e7a1f5c-1b2d-4c5e-9f0a-1b2c3d4e5f60',
    channelId: 'msteams',
    serviceUrl: SERVICE_URL,
    from: { ...USER, name: 'Kari Nordmann' },
    conversation: { conversationType: 'personal', tenantId: TENANT, id: 'a:1xKcR4-personal' },
    recipient: BOT,
    entities: [{ locale: 'nb-NO', country: 'NO', platform: 'Windows', type: 'clientInfo' }],
    channelData: { tenant: { id: TENANT }, source: { name: 'message' }, legacy: { replyToId: '1:1xQ' } },
    replyToId: '1700000000000',
    value: {
      action: { type: 'Action.Execute', verb: 'join.approve', data: { requestId: 'r-1' } },
      trigger: 'manual',
    },
    locale: 'nb-NO',
  },
  'conversationUpdate: the bot added to a team (from without a name)': {
    membersAdded: [{ id: BOT.id }],
    type: 'conversationUpdate',
    timestamp: '2026-11-30T09:00:00.312Z',
    localTimestamp: '2026-11-30T10:00:00.312+01:00',
    id: 'f:5f85c2ad',
    channelId: 'msteams',
    serviceUrl: SERVICE_URL,
    from: { id: USER.id },
    conversation: {
      isGroup: true,
      conversationType: 'channel',
      id: '19:efa9296d959346209fea44151c742e73@thread.skype',
    },
    recipient: BOT,
    channelData: {
      team: { id: '19:efa9296d959346209fea44151c742e73@thread.skype' },
      eventType: 'teamMemberAdded',
      tenant: { id: TENANT },
    },
  },
  'installationUpdate in a team channel': {
    action: 'add',
    type: 'installationUpdate',
    timestamp: '2026-11-30T09:00:00.000Z',
    id: 'f:8c2f6d4e',
    channelId: 'msteams',
    serviceUrl: SERVICE_URL,
    from: { ...USER },
    conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: '19:abc@thread.tacv2' },
    recipient: BOT,
    entities: [
      { locale: 'nb-NO', country: 'NO', platform: 'Windows', timezone: 'Europe/Oslo', type: 'clientInfo' },
    ],
    channelData: {
      settings: { selectedChannel: { id: '19:abc@thread.tacv2' } },
      channel: { id: '19:abc@thread.tacv2' },
      team: {
        aadGroupId: 'd1f2a3b4-0000-4000-8000-000000000001',
        name: 'MH-nettverket',
        id: '19:abc@thread.tacv2',
      },
      tenant: { id: TENANT },
      source: { name: 'message' },
    },
    locale: 'nb-NO',
  },
  messageReaction: {
    reactionsAdded: [{ type: 'like' }],
    type: 'messageReaction',
    timestamp: '2026-11-30T09:20:00.000Z',
    id: 'f:a1b2c3',
    channelId: 'msteams',
    serviceUrl: SERVICE_URL,
    from: { ...USER },
    conversation: { conversationType: 'personal', tenantId: TENANT, id: 'a:1xKcR4-personal' },
    recipient: BOT,
    channelData: { tenant: { id: TENANT }, legacy: { replyToId: '1:1xQ' } },
    replyToId: '1575667808184',
  },
  typing: {
    type: 'typing',
    id: 'f:typing-1',
    channelId: 'msteams',
    serviceUrl: SERVICE_URL,
    from: { ...USER },
    conversation: { conversationType: 'personal', tenantId: TENANT, id: 'a:1xKcR4-personal' },
    recipient: BOT,
    channelData: { tenant: { id: TENANT } },
  },
  'messageDelete (Teams sends it as messageDelete with an eventType)': {
    type: 'messageDelete',
    id: '1700000000001',
    channelId: 'msteams',
    serviceUrl: SERVICE_URL,
    from: { ...USER },
    conversation: { conversationType: 'personal', tenantId: TENANT, id: 'a:1xKcR4-personal' },
    recipient: BOT,
    channelData: { eventType: 'softDeleteMessage', tenant: { id: TENANT } },
  },
  'Agents Playground conversationUpdate (ids that are no GUIDs, loopback service URL)': {
    type: 'conversationUpdate',
    membersAdded: [
      { id: 'user-id-0', name: 'Alex Wilber', aadObjectId: '00000000-0000-0000-0000-0000000000020' },
    ],
    membersRemoved: [],
    channelId: 'msteams',
    serviceUrl: 'http://localhost:56150/_connector',
    from: { id: 'user-id-0', name: 'Alex Wilber', aadObjectId: '00000000-0000-0000-0000-0000000000020' },
    recipient: { id: '00000000-0000-0000-0000-00000000000011', name: 'Test Bot' },
    conversation: {
      id: 'personal-chat-id',
      conversationType: 'personal',
      tenantId: '00000000-0000-0000-0000-0000000000001',
    },
    channelData: { tenant: { id: '00000000-0000-0000-0000-0000000000001' } },
    locale: 'en-US',
    id: 'a3d1f9b0-5c3e-4f7a-9b2e-2f1d0c9b8a7f',
    timestamp: '2026-11-30T09:00:00.000Z',
  },
};

describe('activity envelope', () => {
  for (const [name, activity] of Object.entries(TEAMS_ACTIVITIES)) {
    it(`accepts a real Teams activity: ${name}`, () => {
      const before = structuredClone(activity);
      const result = parseActivityEnvelope(activity);
      expect(result.ok, JSON.stringify(result)).to.equal(true);
      expect(activity, 'the posted body is left as it was').to.deep.equal(before);
    });
  }

  it('keeps every field, known or not, and turns timestamps into Dates as botbuilder does', () => {
    const activity: Record<string, unknown> = {
      ...TEAMS_ACTIVITIES['channel message with a mention and an HTML attachment']!,
      futureField: { x: 1 },
    };
    const result = parseActivityEnvelope(activity);
    if (!result.ok) throw new Error('refused');
    const parsed = result.activity as unknown as Record<string, unknown>;
    expect(parsed.futureField).to.deep.equal({ x: 1 });
    expect(parsed.channelData).to.deep.equal(activity.channelData);
    expect(parsed.timestamp).to.be.instanceOf(Date);
    expect((parsed.timestamp as Date).toISOString()).to.equal('2026-11-30T09:12:03.816Z');
    expect(parsed.rawTimestamp).to.equal('2026-11-30T09:12:03.816Z');
    expect(parsed.rawLocalTimestamp).to.equal('2026-11-30T10:12:03.816+01:00');
  });

  it('accepts null where a descriptive field is optional (name, locale, text, tenantId, channelData)', () => {
    const typing = TEAMS_ACTIVITIES.typing!;
    const result = parseActivityEnvelope({
      ...typing,
      locale: null,
      text: null,
      channelData: null,
      from: { id: USER.id, name: null, aadObjectId: null },
      conversation: { id: 'a:1', tenantId: null, conversationType: null },
    });
    expect(result.ok).to.equal(true);
  });

  it('refuses what botbuilder or the bot would crash on, naming the field and zod’s code, never the value', () => {
    const typing = TEAMS_ACTIVITIES.typing!;
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'type'],
      [{ ...typing, type: 42 }, 'type'],
      [{ ...typing, type: 'message with spaces' }, 'type'],
      [{ ...typing, serviceUrl: 5 }, 'serviceUrl'],
      [{ ...typing, serviceUrl: 'Kari Nordmann' }, 'serviceUrl'],
      [{ ...typing, channelId: '' }, 'channelId'],
      [{ ...typing, conversation: { id: '' } }, 'conversation.id'],
      [{ ...typing, from: { name: 'Kari Nordmann' } }, 'from.id'],
      [{ ...typing, recipient: [] }, 'recipient'],
      [{ ...typing, entities: [{ type: 5 }] }, 'entities.0.type'],
      [{ ...typing, membersAdded: [{ id: 1 }] }, 'membersAdded.0.id'],
      [{ ...typing, timestamp: 1700000000 }, 'timestamp'],
    ];
    for (const [body, field] of cases) {
      const result = parseActivityEnvelope(body);
      expect(result.ok, field).to.equal(false);
      if (result.ok) continue;
      expect(result.field).to.equal(field);
      expect(result.problem).to.match(/^[a-z_]+$/);
      expect(JSON.stringify(result)).not.to.include('Kari');
    }
  });
});
