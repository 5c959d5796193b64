import { expect } from 'chai';
import { contribute, extensionPoint, extensionSource } from '../../src/app/extensions.js';
import { createRegistry } from '../../src/app/registry.js';

describe('extension points', () => {
  const GREETING = extensionPoint<{ text: string }>('test.greeting');
  const OTHER = extensionPoint<{ text: string }>('test.greeting'); // same name, another point

  it('hand each point its contributions, in the order of the features, and nothing to another point', () => {
    const registry = createRegistry([
      { name: 'a', contributes: [contribute(GREETING, { text: 'hei' })] },
      { name: 'b' },
      { name: 'c', contributes: [contribute(GREETING, { text: 'hallo' })] },
    ]);
    const source = extensionSource(registry.contributions);
    expect(source.of(GREETING).map((g) => g.text)).to.deep.equal(['hei', 'hallo']);
    expect(source.of(OTHER)).to.deep.equal([]);
    expect(extensionSource().of(GREETING)).to.deep.equal([]);
  });
});
