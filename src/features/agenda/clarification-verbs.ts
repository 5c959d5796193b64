/**
 * The register of clarifications on cards: searching it (`avklaringer <ord>` / `clarifications
 * <words>`), and the UDI coordinator's edits and withdrawals.
 */
import type { VerbSpec } from '../../app/feature.js';

export const clarificationVerbs: Readonly<Record<string, VerbSpec>> = {};
