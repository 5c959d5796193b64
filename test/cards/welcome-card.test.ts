/** The welcome card's first steps come from the features (the core's template names no feature). */
import { expect } from 'chai';
import type { Feature } from '../../src/app/feature.js';
import { read } from '../../src/app/feature.js';
import { createRegistry, FeatureConflictError } from '../../src/app/registry.js';
import { t } from '../../src/cards/i18n.js';
import type { Person } from '../../src/domain/roster.js';
import { FEATURES } from '../../src/features/index.js';
import { welcomeCard } from '../../src/views/cards.js';
import { textOf, verbsOf } from '../support/card-inspect.js';

const member: Person = {
  aadObjectId: 'm',
  displayName: 'Mia',
  roles: [{ kind: 'contact', department: 'OPA', unitId: 'opa-family' }],
  since: '2026-01-01',
};

describe('the welcome card', () => {
  const entries = createRegistry(FEATURES).help;

  it("offers a newcomer the join feature's first step, and a member only help", () => {
    const newcomer = welcomeCard('nb', undefined, 'personal', entries, 'Nina');
    expect(verbsOf(newcomer)).to.deep.equal(['join.start', 'help.show']);
    expect(textOf(newcomer)).to.include(t('nb', 'join.welcome.prompt')).and.include('Hei, Nina!');
    const known = welcomeCard('en', member, 'personal', entries, 'Mia');
    expect(verbsOf(known)).to.deep.equal(['help.show']);
    expect(textOf(known)).not.to.include(t('en', 'join.welcome.prompt'));
  });

  it("shows a new feature's first step in its order, and refuses one whose verb its feature lacks", () => {
    const tour: Feature = {
      name: 'tour',
      verbs: { 'tour.start': read(async () => ({ type: 'AdaptiveCard', version: '1.5' })) },
      help: {
        welcome: [
          {
            verb: 'tour.start',
            titleKey: 'join.welcome.button',
            promptKey: 'join.welcome.prompt',
            audience: () => true,
            order: 20,
          },
        ],
      },
    };
    const card = welcomeCard('nb', member, 'personal', createRegistry([...FEATURES, tour]).help);
    expect(verbsOf(card)).to.deep.equal(['tour.start', 'help.show']);
    const broken: Feature = { name: 'broken', help: tour.help! };
    expect(() => createRegistry([...FEATURES, broken])).to.throw(FeatureConflictError);
  });
});
