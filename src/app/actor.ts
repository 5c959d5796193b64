import { isAdmin, type Person, type Roster, rosterOf, withRole } from '../domain/roster.js';
import type { UnitOfWork } from '../store/store.js';
import type { AppContext, Caller } from './context.js';

/**
 * The acting person as the policy sees them: the stored roster entry, plus the admin role when
 * configuration lists them as a bootstrap administrator. Undefined when they hold no role at all.
 */
export async function loadActor(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
): Promise<Person | undefined> {
  const stored = await uow.people.get(caller.aadObjectId);
  if (!ctx.adminAadObjectIds.includes(caller.aadObjectId)) return stored;
  const base: Person = stored ?? {
    aadObjectId: caller.aadObjectId,
    displayName: caller.displayName,
    roles: [],
    since: ctx.now().toISOString(),
  };
  return isAdmin(base) ? base : withRole(base, { kind: 'admin' });
}

/**
 * Everyone the policy knows, indexed by AAD object id: the stored roster with configured
 * administrators merged in (an administrator who holds no network role appears with the admin role
 * only). Load it once per unit of work and look people up in it.
 */
export async function loadRoster(ctx: AppContext, uow: UnitOfWork): Promise<Roster> {
  const people = await uow.people.list();
  const byId = new Map(people.map((p) => [p.aadObjectId, p]));
  for (const id of ctx.adminAadObjectIds) {
    const stored = byId.get(id);
    byId.set(
      id,
      stored
        ? withRole(stored, { kind: 'admin' })
        : { aadObjectId: id, displayName: '', roles: [{ kind: 'admin' }], since: '' },
    );
  }
  return rosterOf([...byId.values()]);
}
