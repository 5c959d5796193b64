/** Start-up seeding. */
import type { Person } from '../domain/roster.js';
import type { AppContext } from './context.js';

/**
 * Puts the demo roster into an empty roster (local development with the Playground only; the
 * configuration refuses DEMO_ROSTER in production). Returns how many people were added.
 */
export async function seedDemoRoster(ctx: AppContext, people: readonly Person[]): Promise<number> {
  return ctx.store.run(async (uow) => {
    if ((await uow.people.list()).length > 0) return 0;
    for (const person of people) await uow.people.put(structuredClone(person));
    return people.length;
  });
}
