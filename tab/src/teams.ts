/**
 * The page's only contact with teams-js. `connect` resolves with the context when the page runs
 * inside a Teams host (one whose origin teams-js accepts), or null when it does not (a plain
 * browser, or a host that never answers within the timeout).
 */
import { app, authentication, nestedAppAuth } from '@microsoft/teams-js';
import type { TokenDeps } from './token.js';

export type Theme = 'default' | 'dark' | 'contrast';

export interface TeamsSession {
  locale: string;
  theme: Theme;
  onThemeChange(handler: (theme: Theme) => void): void;
  openLink(url: string): Promise<void>;
  notifySuccess(): void;
  tokenDeps: TokenDeps;
}

export function asTheme(value: unknown): Theme {
  return value === 'dark' || value === 'contrast' ? value : 'default';
}

function timeout(ms: number): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms));
}

export async function connect(extraOrigins: string[], timeoutMs: number): Promise<TeamsSession | null> {
  try {
    await Promise.race([app.initialize(extraOrigins), timeout(timeoutMs)]);
    const context = await Promise.race([app.getContext(), timeout(timeoutMs)]);
    return {
      locale: context.app.locale,
      theme: asTheme(context.app.theme),
      onThemeChange(handler) {
        app.registerOnThemeChangeHandler((theme) => handler(asTheme(theme)));
      },
      openLink: (url) => app.openLink(url),
      notifySuccess() {
        app.notifySuccess().catch(() => undefined);
      },
      tokenDeps: {
        isNAAChannelRecommended: () => nestedAppAuth.isNAAChannelRecommended(),
        async createNestablePca(options) {
          // MSAL is large: loaded only where nested app authentication is used.
          const msal = await import('@azure/msal-browser');
          return msal.createNestablePublicClientApplication(options);
        },
        isInteractionRequired: (error) =>
          typeof error === 'object' &&
          error !== null &&
          (error as { name?: unknown }).name === 'InteractionRequiredAuthError',
        getAuthToken: () => authentication.getAuthToken(),
      },
    };
  } catch {
    return null;
  }
}
