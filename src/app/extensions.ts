/**
 * Extension points: how one feature offers others a place to contribute, without knowing them (the
 * meetings' cards show the agenda of a meeting and a button to raise an item, which the agenda feature
 * contributes). A feature defines a point with its type; another lists its contributions in
 * `contributes`; the point's owner asks `app.extensions.of(POINT)` for them, in the order of the
 * features. Like feature settings: a typed key, looked up through the app context.
 */

/** A typed place for contributions, identified by the object itself (the name is for messages). */
export interface ExtensionPoint<T> {
  readonly name: string;
  /** Carries the type only. */
  readonly __type?: T;
}

export function extensionPoint<T>(name: string): ExtensionPoint<T> {
  return Object.freeze({ name });
}

/** One contribution to a point. */
export interface Contribution {
  readonly point: ExtensionPoint<unknown>;
  readonly value: unknown;
}

export function contribute<T>(point: ExtensionPoint<T>, value: T): Contribution {
  return Object.freeze({ point: point as ExtensionPoint<unknown>, value });
}

export interface ExtensionSource {
  /** What the features contributed to `point`, in the order of the features (none: an empty list). */
  of<T>(point: ExtensionPoint<T>): readonly T[];
}

export function extensionSource(contributions: readonly Contribution[] = []): ExtensionSource {
  const byPoint = new Map<ExtensionPoint<unknown>, unknown[]>();
  for (const { point, value } of contributions) {
    const list = byPoint.get(point) ?? [];
    list.push(value);
    byPoint.set(point, list);
  }
  return {
    of<T>(point: ExtensionPoint<T>): readonly T[] {
      return (byPoint.get(point as ExtensionPoint<unknown>) ?? []) as T[];
    },
  };
}
