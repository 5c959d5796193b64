/**
 * The record of a meeting or a period, exported as Markdown and CSV behind signed, short-lived links.
 */
import type { VerbSpec } from '../../app/feature.js';

export const exportVerbs: Readonly<Record<string, VerbSpec>> = {};
