/** Builders of Teams-shaped activities, as the Bot Connector posts them to /api/messages. */
import { randomUUID } from 'node:crypto';

export const TENANT = 'tenant-udi-0001';
export const BOT = { id: '28:bot-app-id', name: 'MH-nettverket' };

export interface TestUser {
  id: string;
  aadObjectId: string;
  name: string;
}

export function user(n: number, name: string): TestUser {
  return { id: `29:user-${n}`, aadObjectId: `aad-${n}`, name };
}

interface Common {
  serviceUrl: string;
  from: TestUser;
  locale?: string;
  tenantId?: string;
  /** Team scope: the team and channel ids. */
  team?: { teamId: string; channelId: string };
}

function base(c: Common) {
  const tenantId = c.tenantId ?? TENANT;
  const personalId = `a:personal-${c.from.aadObjectId}`;
  const conversation = c.team
    ? {
        id: `${c.team.channelId};messageid=1700000000000`,
        conversationType: 'channel',
        isGroup: true,
        tenantId,
      }
    : { id: personalId, conversationType: 'personal', tenantId };
  return {
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl: c.serviceUrl,
    timestamp: new Date().toISOString(),
    locale: c.locale ?? 'nb-NO',
    from: { id: c.from.id, name: c.from.name, aadObjectId: c.from.aadObjectId },
    recipient: BOT,
    conversation,
    channelData: {
      tenant: { id: tenantId },
      ...(c.team ? { team: { id: c.team.teamId }, channel: { id: c.team.channelId } } : {}),
    },
  };
}

export function message(c: Common & { text: string }) {
  return { ...base(c), type: 'message', text: c.text, textFormat: 'plain' };
}

export function cardAction(
  c: Common & {
    verb: string;
    data?: Record<string, unknown>;
    /** The id of the message whose card was clicked (Teams sends it with the invoke). */
    replyToId?: string;
  },
) {
  return {
    ...base(c),
    ...(c.replyToId ? { replyToId: c.replyToId } : {}),
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb: c.verb, data: c.data ?? {} }, trigger: 'manual' },
  };
}

export function installationUpdate(c: Common & { action: 'add' | 'remove' }) {
  return { ...base(c), type: 'installationUpdate', action: c.action };
}

export function botAdded(c: Common) {
  return { ...base(c), type: 'conversationUpdate', membersAdded: [{ id: BOT.id }] };
}
