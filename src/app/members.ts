/** The network's member list, for the `members` / `medlemmer` card. */
import { authorize, type Refusal } from '../domain/policy.js';
import { isNetworkMember, type Person, type Unit } from '../domain/roster.js';
import type { UnitOfWork } from '../store/store.js';
import { loadActor } from './actor.js';
import type { AppContext, Caller } from './context.js';

export async function listMembers(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
): Promise<{ ok: true; people: Person[]; units: Unit[] } | { ok: false; error: Refusal }> {
  const decision = authorize(await loadActor(ctx, uow, caller), { kind: 'members.view' });
  if (!decision.allowed) return { ok: false, error: decision.reason };
  const people = (await uow.people.list()).filter((p) => isNetworkMember(p));
  return { ok: true, people, units: await uow.units.list() };
}

/** What the caller is in the network, for the welcome and help cards (which adapt to their roles). */
export async function describeCaller(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
): Promise<Person | undefined> {
  const actor = await loadActor(ctx, uow, caller);
  // Always allowed today; asked so that every card action goes through the policy module.
  return authorize(actor, { kind: 'help.view' }).allowed ? actor : undefined;
}

/**
 * Marks the caller away (or back): routing of new guidance questions passes over people who are
 * away. `changed` is false when they already were (so the card can say so instead of welcoming back
 * someone who never left).
 */
export async function setAway(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  away: boolean,
): Promise<{ ok: true; changed: boolean } | { ok: false; error: Refusal }> {
  const decision = authorize(await loadActor(ctx, uow, caller), { kind: 'roster.setAway' });
  if (!decision.allowed) return { ok: false, error: decision.reason };
  const person = await uow.people.get(caller.aadObjectId);
  if (!person) return { ok: false, error: 'not-member' };
  if (!!person.away === away) return { ok: true, changed: false };
  const { away: _previous, ...rest } = person;
  await uow.people.put(away ? { ...rest, away: true } : rest);
  return { ok: true, changed: true };
}
