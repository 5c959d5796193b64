import { expect } from 'chai';
import { DEFAULT_UNITS } from '../../src/domain/default-units.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { TEST_UNITS } from './fixtures/sample-data.js';
import { CONTRACT_PARTS, runStoreContract } from './store-contract.js';

runStoreContract('memory', async () => ({ store: createMemoryStore(TEST_UNITS, { parts: CONTRACT_PARTS }) }));

describe('createMemoryStore', () => {
  it('seeds the default units when none are given', async () => {
    const store = createMemoryStore();
    expect(await store.read((u) => u.units.list())).to.deep.equal(DEFAULT_UNITS);
  });

  it('gives each store its own data', async () => {
    const a = createMemoryStore(TEST_UNITS);
    const b = createMemoryStore(TEST_UNITS);
    await a.run((u) => u.sequences.next('N', 2026));
    expect(await b.run((u) => u.sequences.next('N', 2026))).to.equal(1);
  });
});
