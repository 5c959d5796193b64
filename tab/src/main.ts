/**
 * The overview tab: reads the config, connects to Teams, gets a token and draws the overview.
 * Outside Teams it only says the page must be opened there (or, in development mode, shows the
 * overview as the server's development person). What Teams' context says about the person is
 * used for language and theme only: the server decides everything else from the token.
 */
import type { OverviewResponse, TabConfig } from '../../src/features/overview/overview-model.js';
import { h, replace } from './dom.js';
import { botChatLink, renderOverview } from './render.js';
import { type Lang, langFromLocale, STRINGS, type Strings } from './strings.js';
import { connect, type TeamsSession, type Theme } from './teams.js';
import { createTokenSource } from './token.js';

const TEAMS_TIMEOUT_MS = 4000;

const $ = (id: string): HTMLElement => document.getElementById(id)!;

interface PageState {
  lang: Lang;
  s: Strings;
  config: TabConfig;
  teams: TeamsSession | null;
  token: (() => Promise<string>) | null;
}

function setLang(lang: Lang): Strings {
  const s = STRINGS[lang];
  document.documentElement.lang = lang;
  document.title = s.documentTitle;
  $('page-title').textContent = s.pageTitle;
  return s;
}

function setTheme(theme: Theme): void {
  const body = document.body;
  body.classList.remove('theme-default', 'theme-dark', 'theme-contrast');
  body.classList.add(`theme-${theme}`);
  body.dataset.theme = theme;
}

function setStatus(text: string, busy: boolean): void {
  const status = $('status');
  status.textContent = text;
  status.classList.toggle('is-busy', busy);
  $('main').setAttribute('aria-busy', String(busy));
}

function showProblem(message: string, s: Strings, retry: () => void): void {
  setStatus('', false);
  const button = h('button', { type: 'button', class: 'retry' }, s.retry);
  button.addEventListener('click', retry);
  replace($('content'), h('div', { class: 'problem', role: 'alert' }, h('p', null, message), button));
  button.focus();
}

class HttpError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

async function fetchOverview(state: PageState): Promise<OverviewResponse> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (state.token) headers.Authorization = `Bearer ${await state.token()}`;
  // The language only names things (regional offices); who asks comes from the token alone.
  const response = await fetch(`/api/tab/overview?lang=${state.lang}`, {
    headers,
    credentials: 'omit',
    cache: 'no-store',
  });
  if (!response.ok) throw new HttpError(response.status);
  return (await response.json()) as OverviewResponse;
}

function problemText(error: unknown, s: Strings): string {
  if (error instanceof HttpError) {
    if (error.status === 401) return s.errors.signIn;
    if (error.status === 403) return s.errors.forbidden;
    return s.errors.server;
  }
  if (error instanceof Error && error.name === 'TokenError') return s.errors.token;
  return s.errors.network;
}

async function loadOverview(state: PageState): Promise<void> {
  const { s, lang } = state;
  setStatus(s.loading, true);
  try {
    const data = await fetchOverview(state);
    const chatLink = botChatLink(state.config.botAppId);
    const teams = state.teams;
    replace(
      $('content'),
      renderOverview(data, {
        lang,
        s,
        ...(chatLink ? { chatLink } : {}),
        ...(teams ? { openLink: (url: string) => void teams.openLink(url).catch(() => undefined) } : {}),
      }),
    );
    setStatus(s.loaded, false);
    document.body.dataset.state = 'loaded';
  } catch (error) {
    console.warn('overview: could not load', error, (error as { cause?: unknown }).cause ?? '');
    showProblem(problemText(error, s), s, () => void loadOverview(state));
    document.body.dataset.state = 'error';
  }
}

async function fetchConfig(): Promise<TabConfig> {
  const response = await fetch('/api/tab/config', { credentials: 'omit', cache: 'no-store' });
  if (!response.ok) throw new HttpError(response.status);
  const config = (await response.json()) as TabConfig;
  if (config.mode !== 'sso' && config.mode !== 'development') throw new Error('bad config');
  return { ...config, extraOrigins: Array.isArray(config.extraOrigins) ? config.extraOrigins : [] };
}

async function start(): Promise<void> {
  let s = setLang(langFromLocale(navigator.language));
  setStatus(s.loading, true);
  let config: TabConfig;
  try {
    config = await fetchConfig();
  } catch (error) {
    console.warn('overview: no config', error);
    showProblem(s.errors.config, s, () => void start());
    document.body.dataset.state = 'error';
    return;
  }

  const teams = await connect(config.extraOrigins, TEAMS_TIMEOUT_MS);
  if (!teams && config.mode !== 'development') {
    // A plain browser: say where the page belongs, and nothing else.
    setStatus('', false);
    replace($('content'), h('p', { class: 'notice' }, s.outsideTeams));
    document.body.dataset.state = 'outside-teams';
    return;
  }

  const lang = teams ? langFromLocale(teams.locale) : langFromLocale(navigator.language);
  s = setLang(lang);
  if (teams) {
    setTheme(teams.theme);
    teams.onThemeChange(setTheme);
  }
  if (config.mode === 'development') {
    replace(
      $('banner'),
      h('p', { class: 'dev-banner' }, s.developmentBanner(config.developmentPerson ?? s.developmentNobody)),
    );
  }
  const token = teams && config.mode === 'sso' ? createTokenSource(teams.tokenDeps, config) : null;
  const state: PageState = { lang, s, config, teams, token };
  await loadOverview(state);
  teams?.notifySuccess();
}

void start();
