/**
 * The tenant and channel guard: every activity must come from Teams (the Playground's msteams mode
 * counts) and from the configured tenant. The Bot Connector's token proves the request came
 * through the connector, not which tenant the user is in, so this runs for every activity before
 * any handler.
 */

export type OriginRejection = 'channel' | 'tenant-missing' | 'tenant-mismatch';

interface ActivityLike {
  channelId?: string;
  conversation?: { tenantId?: string } | null;
  channelData?: unknown;
}

export function checkActivityOrigin(
  activity: ActivityLike,
  tenantId: string,
): { ok: true } | { ok: false; reason: OriginRejection } {
  if (activity.channelId !== 'msteams') return { ok: false, reason: 'channel' };
  const fromConversation = activity.conversation?.tenantId;
  const fromChannelData = channelDataTenant(activity.channelData);
  if (fromConversation === undefined && fromChannelData === undefined)
    return { ok: false, reason: 'tenant-missing' };
  for (const seen of [fromConversation, fromChannelData]) {
    if (seen !== undefined && seen !== tenantId) return { ok: false, reason: 'tenant-mismatch' };
  }
  return { ok: true };
}

function channelDataTenant(channelData: unknown): string | undefined {
  if (typeof channelData !== 'object' || channelData === null) return undefined;
  const tenant = (channelData as { tenant?: unknown }).tenant;
  if (typeof tenant !== 'object' || tenant === null) return undefined;
  const id = (tenant as { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}
