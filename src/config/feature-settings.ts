/**
 * A feature's own settings: the environment variables it reads, each with its rule and default,
 * validated with the core's at start (loadConfig reports every problem of every setting together) and
 * handed to the feature's use cases through the app context (`ctx.settings.of(SPEC)`). The core knows
 * no feature's settings.
 */
import { z } from 'zod';

export interface FeatureSettings<T> {
  /** The environment variables, each a zod rule with its default (see config.ts: integerSetting…). */
  readonly env: Readonly<Record<string, z.ZodType>>;
  /** The settings, from the validated values. */
  read(values: Record<string, unknown>): T;
  /**
   * Problems between variables, once each is valid on its own (e.g. two that must be set together),
   * as "NAME: what" lines; values are never quoted (one may be a secret).
   */
  check?(values: Record<string, unknown>): string[];
}

export function defineSettings<S extends Record<string, z.ZodType>, T>(
  env: S,
  read: (values: { [K in keyof S]: z.output<S[K]> }) => T,
  check?: (values: { [K in keyof S]: z.output<S[K]> }) => string[],
): FeatureSettings<T> {
  type Values = Record<string, unknown>;
  return {
    env,
    read: read as (values: Values) => T,
    ...(check ? { check: check as (values: Values) => string[] } : {}),
  };
}

/** The features' settings as loaded at start; a spec not loaded gives its defaults. */
export interface SettingsSource {
  of<T>(spec: FeatureSettings<T>): T;
}

/** Parses a spec's variables from the environment: its settings, or the problems ("NAME: what"). */
export function parseFeatureSettings<T>(
  spec: FeatureSettings<T>,
  raw: Record<string, string | undefined>,
): { ok: true; value: T } | { ok: false; problems: string[] } {
  const result = z.object(spec.env).safeParse(raw);
  if (result.success) {
    const problems = spec.check?.(result.data) ?? [];
    return problems.length === 0 ? { ok: true, value: spec.read(result.data) } : { ok: false, problems };
  }
  return {
    ok: false,
    problems: result.error.issues.map(
      (issue) => `${String(issue.path[0] ?? 'configuration')}: ${issue.message}`,
    ),
  };
}

export function settingsSource(loaded: ReadonlyMap<FeatureSettings<unknown>, unknown>): SettingsSource {
  const defaults = new Map<FeatureSettings<unknown>, unknown>();
  return {
    of<T>(spec: FeatureSettings<T>): T {
      if (loaded.has(spec)) return loaded.get(spec) as T;
      if (!defaults.has(spec)) {
        const parsed = parseFeatureSettings(spec, {});
        if (!parsed.ok) throw new Error(`settings without defaults: ${parsed.problems.join('; ')}`);
        defaults.set(spec, parsed.value);
      }
      return defaults.get(spec) as T;
    },
  };
}
