import { expect } from 'chai';
import {
  createOverlay,
  entriesOf,
  keysOf,
  overlayOf,
  settleOverlay,
  valuesOf,
  versionOf,
} from '../../src/store/overlay.js';
import { own, putOwn } from '../../src/store/own-entries.js';
import { seededRandom } from '../support/seeded-random.js';

const base = () => ({ a: { n: 1 }, b: { n: 2 }, c: { n: 3 } }) as Record<string, { n: number }>;

describe('overlays of records (a batch changes a record without copying it)', () => {
  it('reads like a plain record that received the same changes, and leaves the committed one alone', () => {
    const random = seededRandom(9);
    for (let round = 0; round < 200; round++) {
      const committed = base();
      const before = JSON.stringify(committed);
      const plain: Record<string, { n: number }> = { ...committed };
      const overlay = createOverlay(committed);
      for (let step = 0; step < 8; step++) {
        const key = ['a', 'b', 'c', 'd', 'e', '__proto__'][Math.floor(random() * 6)]!;
        if (random() < 0.35) {
          delete plain[key];
          delete overlay[key];
        } else {
          const value = { n: Math.floor(random() * 100) };
          putOwn(plain, key, value);
          putOwn(overlay, key, value);
        }
        for (const probe of ['a', 'b', 'c', 'd', 'e', '__proto__']) {
          expect(Object.hasOwn(overlay, probe), probe).to.equal(Object.hasOwn(plain, probe));
          expect(own(overlay, probe), probe).to.equal(own(plain, probe));
        }
        // The same keys and values; order aside (a key removed and set again keeps its place here).
        expect(Object.fromEntries(entriesOf(overlay))).to.deep.equal(
          Object.fromEntries(Object.entries(plain)),
        );
        expect(entriesOf(overlay)).to.deep.equal(Object.entries(overlay));
        expect(valuesOf(overlay)).to.deep.equal(Object.values(overlay));
        expect(keysOf(overlay)).to.deep.equal(Object.keys(overlay));
        expect(JSON.parse(JSON.stringify(overlay))).to.deep.equal(JSON.parse(JSON.stringify(plain)));
      }
      expect(JSON.stringify(committed), 'the committed record is untouched').to.equal(before);
      expect(Object.getPrototypeOf(overlay)).to.equal(Object.prototype);
    }
  });

  it('settles into the committed record in place, counting its versions, or into a copy', () => {
    const committed = base();
    const overlay = createOverlay(committed);
    putOwn(overlay, 'd', { n: 4 });
    delete overlay.a;
    putOwn(overlay, 'b', { n: 20 });
    const copy = settleOverlay(overlayOf(overlay)!, false);
    expect(copy).to.deep.equal({ b: { n: 20 }, c: { n: 3 }, d: { n: 4 } });
    expect(committed).to.deep.equal(base());
    expect(versionOf(committed)).to.equal(0);
    const settled = settleOverlay(overlayOf(overlay)!, true);
    expect(settled).to.equal(committed);
    expect(committed).to.deep.equal({ b: { n: 20 }, c: { n: 3 }, d: { n: 4 } });
    expect(Object.keys(committed)).to.deep.equal(['b', 'c', 'd']);
    expect(versionOf(committed)).to.equal(1);
    expect(overlayOf(committed)).to.equal(undefined);
  });

  it('reads a plain record with the same helpers', () => {
    const plain = base();
    expect(entriesOf(plain)).to.deep.equal(Object.entries(plain));
    expect(valuesOf(plain)).to.deep.equal(Object.values(plain));
    expect(keysOf(plain)).to.deep.equal(Object.keys(plain));
  });
});
