/**
 * The overview page's own settings: where its built files are, and which hosts may frame it.
 * (How people sign in to it is the core's: TAB_SSO_* and TAB_DEV_USER in src/config/config.ts.)
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { defineSettings } from '../../config/feature-settings.js';

/**
 * Teams' web and desktop clients (teams.microsoft.com, and teams.cloud.microsoft where Microsoft's
 * clients are moving): the only hosts that may show the page in a frame.
 */
export const TEAMS_FRAME_ANCESTORS: readonly string[] = [
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://teams.cloud.microsoft',
];

/** A CSP host source: scheme, a host (its first label may be `*`), an optional port; nothing else. */
const HOST_SOURCE = /^https?:\/\/(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::\d{1,5})?$/;

const ancestorsSetting = z
  .string()
  .optional()
  .transform((raw, ctx): string[] => {
    if (raw === undefined) return [...TEAMS_FRAME_ANCESTORS];
    const sources = raw
      .split(/[\s,]+/)
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean);
    if (sources.length === 0 || sources.some((s) => !HOST_SOURCE.test(s))) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be host sources separated by spaces or commas, e.g. https://teams.microsoft.com',
      });
      return z.NEVER;
    }
    return [...new Set(sources)];
  });

export interface OverviewSettings {
  /** The folder `npm run build` writes the page to (dist/tab). */
  dir: string;
  /** The CSP `frame-ancestors` of the page. */
  frameAncestors: readonly string[];
}

export const OVERVIEW_SETTINGS = defineSettings(
  { TAB_DIR: z.string().default('./dist/tab'), TAB_FRAME_ANCESTORS: ancestorsSetting },
  (v): OverviewSettings => ({ dir: resolve(v.TAB_DIR), frameAncestors: v.TAB_FRAME_ANCESTORS }),
);
