/**
 * The meetings feature's settings (README, "Settings"): where calendar links point and what signs
 * them. Both are optional and go together: without them cards offer no calendar file and
 * /api/calendar/ answers 404; one without the other is a configuration problem, reported at start.
 */
import { z } from 'zod';
import { defineSettings } from '../../config/feature-settings.js';

/** What calendar links need; absent when they are not configured. */
export interface CalendarLinkSettings {
  /** Signs the links (HMAC-SHA256); at least 32 bytes. Never logged. */
  secret: string;
  /** The bot's public origin, e.g. `https://mh-bot.example.org` (no trailing slash). */
  baseUrl: string;
}

export interface MeetingsSettings {
  calendar?: CalendarLinkSettings;
}

const MIN_SECRET_BYTES = 32;
/** Plain http is for a developer's own machine only: a link's signature must not cross a network in clear. */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

const secretSetting = z
  .string()
  .optional()
  .refine((value) => value === undefined || Buffer.byteLength(value, 'utf8') >= MIN_SECRET_BYTES, {
    message: `must be at least ${MIN_SECRET_BYTES} bytes (e.g. the output of \`openssl rand -base64 48\`)`,
  });

/** An https origin (http for localhost and 127.0.0.1 only), without path, query or user: its origin. */
const baseUrlSetting = z
  .string()
  .optional()
  .transform((raw, ctx): string | undefined => {
    if (raw === undefined) return undefined;
    const url = URL.canParse(raw) ? new URL(raw) : undefined;
    const local = url?.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname);
    if (
      !url ||
      (url.protocol !== 'https:' && !local) ||
      url.username !== '' ||
      url.password !== '' ||
      url.pathname !== '/' ||
      url.search !== '' ||
      url.hash !== ''
    ) {
      ctx.addIssue({
        code: 'custom',
        message:
          'must be the https address the bot is reached at, without a path (http only for localhost or 127.0.0.1), e.g. https://mh-bot.example.org',
      });
      return z.NEVER;
    }
    return url.origin;
  });

export const MEETINGS_SETTINGS = defineSettings(
  { CALENDAR_LINK_SECRET: secretSetting, PUBLIC_BASE_URL: baseUrlSetting },
  (v): MeetingsSettings =>
    v.CALENDAR_LINK_SECRET !== undefined && v.PUBLIC_BASE_URL !== undefined
      ? { calendar: { secret: v.CALENDAR_LINK_SECRET, baseUrl: v.PUBLIC_BASE_URL } }
      : {},
  (v) => {
    if ((v.CALENDAR_LINK_SECRET === undefined) === (v.PUBLIC_BASE_URL === undefined)) return [];
    const missing = v.CALENDAR_LINK_SECRET === undefined ? 'CALENDAR_LINK_SECRET' : 'PUBLIC_BASE_URL';
    const other = missing === 'PUBLIC_BASE_URL' ? 'CALENDAR_LINK_SECRET' : 'PUBLIC_BASE_URL';
    return [`${missing}: must be set together with ${other} (or leave both unset: no calendar links)`];
  },
);
