/** The tab's choice of sign-in: nested app authentication where Teams recommends it, else getAuthToken. */
import { expect } from 'chai';
import {
  AUTHORITY,
  createTokenSource,
  type NestablePca,
  type TokenDeps,
  tokenRoute,
} from '../../tab/src/token.js';

const SETTINGS = { clientId: 'client-1', scope: 'api://bot.example.org/client-1/access_as_user' };

class InteractionRequiredAuthError extends Error {
  override name = 'InteractionRequiredAuthError';
}

function fakes(options: { naa: boolean; silent?: () => Promise<string>; popup?: () => Promise<string> }) {
  const calls: string[] = [];
  let created: unknown;
  const pca: NestablePca = {
    async acquireTokenSilent(request) {
      calls.push(`silent:${request.scopes.join(' ')}`);
      return { accessToken: await (options.silent ?? (async () => 'naa-token'))() };
    },
    async acquireTokenPopup(request) {
      calls.push(`popup:${request.scopes.join(' ')}`);
      return { accessToken: await (options.popup ?? (async () => 'popup-token'))() };
    },
  };
  const deps: TokenDeps = {
    isNAAChannelRecommended: () => options.naa,
    async createNestablePca(config) {
      calls.push('create');
      created = config;
      return pca;
    },
    isInteractionRequired: (error) => error instanceof InteractionRequiredAuthError,
    async getAuthToken() {
      calls.push('getAuthToken');
      return 'teams-token';
    },
  };
  return { deps, calls, created: () => created };
}

describe('tab token source', () => {
  it('uses Teams getAuthToken where the host does not recommend nested app authentication', async () => {
    const { deps, calls } = fakes({ naa: false });
    expect(tokenRoute(deps, SETTINGS)).to.equal('teams');
    expect(await createTokenSource(deps, SETTINGS)()).to.equal('teams-token');
    expect(calls).to.deep.equal(['getAuthToken']);
  });

  it('uses MSAL nested app authentication where recommended, with the configured client and scope', async () => {
    const { deps, calls, created } = fakes({ naa: true });
    expect(tokenRoute(deps, SETTINGS)).to.equal('naa');
    const token = createTokenSource(deps, SETTINGS);
    expect(await token()).to.equal('naa-token');
    expect(await token()).to.equal('naa-token');
    expect(created()).to.deep.equal({ auth: { clientId: 'client-1', authority: AUTHORITY } });
    expect(calls).to.deep.equal(['create', `silent:${SETTINGS.scope}`, `silent:${SETTINGS.scope}`]);
  });

  it('falls back to a popup only when MSAL says interaction is required', async () => {
    const needed = fakes({
      naa: true,
      silent: async () => {
        throw new InteractionRequiredAuthError('consent_required');
      },
    });
    expect(await createTokenSource(needed.deps, SETTINGS)()).to.equal('popup-token');
    expect(needed.calls).to.deep.equal(['create', `silent:${SETTINGS.scope}`, `popup:${SETTINGS.scope}`]);

    const broken = fakes({
      naa: true,
      silent: async () => {
        throw new Error('network down');
      },
    });
    const error = await createTokenSource(broken.deps, SETTINGS)().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(Error).with.property('name', 'TokenError');
    expect(broken.calls).not.to.include(`popup:${SETTINGS.scope}`);
  });

  it('uses getAuthToken when the config lacks what MSAL needs, or the NAA check throws', () => {
    expect(tokenRoute({ isNAAChannelRecommended: () => true }, {})).to.equal('teams');
    expect(
      tokenRoute(
        {
          isNAAChannelRecommended: () => {
            throw new Error('not initialised');
          },
        },
        SETTINGS,
      ),
    ).to.equal('teams');
  });

  it('reports a failed or empty getAuthToken as a TokenError', async () => {
    const { deps } = fakes({ naa: false });
    deps.getAuthToken = async () => '';
    const error = await createTokenSource(deps, SETTINGS)().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).to.have.property('name', 'TokenError');
  });
});
