/** Making a team channel "the network channel", where the bot posts network-wide cards. */
import { authorize, type Refusal } from '../domain/policy.js';
import type { ChannelKey, UnitOfWork } from '../store/store.js';
import { loadActor } from './actor.js';
import type { AppContext, Caller } from './context.js';

export async function setNetworkChannel(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  channel: ChannelKey,
): Promise<{ ok: true } | { ok: false; error: Refusal }> {
  const decision = authorize(await loadActor(ctx, uow, caller), { kind: 'channel.setNetwork' });
  if (!decision.allowed) return { ok: false, error: decision.reason };
  const settings = await uow.settings.get();
  await uow.settings.put({
    ...settings,
    networkChannel: { ...channel, setBy: caller.aadObjectId, setAt: ctx.now().toISOString() },
  });
  return { ok: true };
}
