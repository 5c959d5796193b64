/**
 * How the page gets its access token. Nested app authentication (MSAL.js) where the host
 * recommends it, Teams' own `authentication.getAuthToken` where it does not. Everything it needs
 * comes in as functions, so the choice is tested without a browser (test/tab/token.test.ts).
 */

export interface NestablePca {
  acquireTokenSilent(request: { scopes: string[] }): Promise<{ accessToken: string }>;
  acquireTokenPopup(request: { scopes: string[] }): Promise<{ accessToken: string }>;
}

export interface TokenDeps {
  isNAAChannelRecommended(): boolean;
  /** MSAL's createNestablePublicClientApplication, loaded only when needed. */
  createNestablePca(options: { auth: { clientId: string; authority: string } }): Promise<NestablePca>;
  /** True for MSAL's InteractionRequiredAuthError (the user must take part: a popup). */
  isInteractionRequired(error: unknown): boolean;
  /** teams-js authentication.getAuthToken. */
  getAuthToken(): Promise<string>;
}

export interface TokenSettings {
  clientId?: string;
  scope?: string;
}

export const AUTHORITY = 'https://login.microsoftonline.com/organizations';

export type TokenRoute = 'naa' | 'teams';

/** Which way the page asks for a token. NAA needs the client id and scope from the config. */
export function tokenRoute(
  deps: Pick<TokenDeps, 'isNAAChannelRecommended'>,
  settings: TokenSettings,
): TokenRoute {
  let recommended = false;
  try {
    recommended = deps.isNAAChannelRecommended();
  } catch {
    recommended = false;
  }
  return recommended && settings.clientId && settings.scope ? 'naa' : 'teams';
}

export class TokenError extends Error {
  constructor(
    message: string,
    readonly route: TokenRoute,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

/** Makes a token source: call it for every request (MSAL caches and renews; Teams too). */
export function createTokenSource(deps: TokenDeps, settings: TokenSettings): () => Promise<string> {
  const route = tokenRoute(deps, settings);
  if (route === 'teams') {
    return async () => {
      try {
        const token = await deps.getAuthToken();
        if (!token) throw new Error('empty token');
        return token;
      } catch (error) {
        throw new TokenError('getAuthToken failed', route, error);
      }
    };
  }
  let pca: Promise<NestablePca> | null = null;
  const request = { scopes: [settings.scope!] };
  return async () => {
    try {
      pca ??= deps.createNestablePca({ auth: { clientId: settings.clientId!, authority: AUTHORITY } });
      const client = await pca;
      try {
        return (await client.acquireTokenSilent(request)).accessToken;
      } catch (error) {
        if (!deps.isInteractionRequired(error)) throw error;
        return (await client.acquireTokenPopup(request)).accessToken;
      }
    } catch (error) {
      pca = null;
      throw new TokenError('nested app authentication failed', route, error);
    }
  };
}
