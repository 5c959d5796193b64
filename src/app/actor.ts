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

/** Rosters built by loadRoster, per list of people (the store's, see PeopleRepository.list). */
const rosters = new WeakMap<readonly Person[], { admins: readonly string[]; roster: Roster }>();

/**
 * Everyone the policy knows, indexed by AAD object id: the stored roster with configured
 * administrators merged in (an administrator who holds no network role appears with the admin role
 * only). Load it once per unit of work and look people up in it. Built once for as long as the store
 * hands out the same list (its roster unchanged) and the administrators are the same.
 */
export async function loadRoster(ctx: AppContext, uow: UnitOfWork): Promise<Roster> {
  const people = await uow.people.list();
  const kept = rosters.get(people);
  if (kept?.admins === ctx.adminAadObjectIds) return kept.roster;
  const byId = new Map(people.map((p) => [p.aadObjectId, p]));
  for (const id of ctx.adminAadObjectIds) {
    const stored = byId.get(id);
    byId.set(
      id,
      frozenPerson(
        stored
          ? withRole(stored, { kind: 'admin' })
          : { aadObjectId: id, displayName: '', roles: [{ kind: 'admin' }], since: '' },
      ),
    );
  }
  const roster = rosterOf(Object.freeze([...byId.values()]));
  rosters.set(people, { admins: ctx.adminAadObjectIds, roster });
  return roster;
}

/** The roster is shared between units of work: what it adds is frozen like the store's people. */
function frozenPerson(person: Person): Person {
  for (const role of person.roles) Object.freeze(role);
  Object.freeze(person.roles);
  return Object.freeze(person);
}
