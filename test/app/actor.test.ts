import { expect } from 'chai';
import { Low, Memory } from 'lowdb';
import { loadRoster } from '../../src/app/actor.js';
import type { AppContext } from '../../src/app/context.js';
import { createDocumentStore } from '../../src/store/document-store.js';
import { emptyDocument, type StoreDocument } from '../../src/store/schema.js';
import { person, TEST_UNITS } from '../store/fixtures/sample-data.js';

describe('loadRoster: built once while the roster stays the same (issue 9)', () => {
  const ctx = { adminAadObjectIds: Object.freeze(['admin-1']) } as unknown as AppContext;
  const open = () =>
    createDocumentStore({ db: new Low(new Memory<StoreDocument>(), emptyDocument(TEST_UNITS)) });

  it('hands out the same frozen roster until a person changes, then a new one with the change', async () => {
    const store = open();
    await store.run(async (uow) => {
      await uow.people.put(person('anna'));
      await uow.people.put(person('bo'));
    });
    const first = await store.read((uow) => loadRoster(ctx, uow));
    expect(await store.read((uow) => loadRoster(ctx, uow))).to.equal(first);
    expect(Object.isFrozen(first.people)).to.equal(true);
    // The configured administrator is in it, with the admin role, frozen like the stored people.
    const admin = first.get('admin-1');
    expect(admin?.roles).to.deep.equal([{ kind: 'admin' }]);
    expect(() => (admin!.roles as unknown[]).push({ kind: 'admin' })).to.throw(TypeError);

    await store.run(async (uow) => {
      await uow.people.put({ ...person('bo'), away: true });
    });
    const second = await store.read((uow) => loadRoster(ctx, uow));
    expect(second).to.not.equal(first);
    expect(second.get('bo')?.away).to.equal(true);
    expect(first.get('bo')?.away).to.equal(undefined);
  });

  it('sees the changes of its own unit of work before they are committed', async () => {
    const store = open();
    await store.run((uow) => uow.people.put(person('anna')));
    const before = await store.read((uow) => loadRoster(ctx, uow));
    await store.run(async (uow) => {
      await uow.people.put(person('bo'));
      const inside = await loadRoster(ctx, uow);
      expect(inside).to.not.equal(before);
      expect(inside.get('bo')).to.not.equal(undefined);
    });
  });

  it('builds a new roster when the administrators differ', async () => {
    const store = open();
    await store.run((uow) => uow.people.put(person('anna')));
    const other = { adminAadObjectIds: ['anna'] } as unknown as AppContext;
    const a = await store.read((uow) => loadRoster(ctx, uow));
    const b = await store.read((uow) => loadRoster(other, uow));
    expect(b).to.not.equal(a);
    expect(b.get('anna')?.roles.some((r) => r.kind === 'admin')).to.equal(true);
    expect(a.get('anna')?.roles.some((r) => r.kind === 'admin')).to.equal(false);
  });
});
