/**
 * An error whose message we wrote ourselves and know to be free of user data (no message text, names
 * or identifiers). Only the messages of SafeErrors reach the logs; every other error is logged by its
 * class name, code, status and stack frames alone (see logger.ts). Subclass it for our own errors and
 * never interpolate user data into the message.
 */
export class SafeError extends Error {
  override name = 'SafeError';
}

/** True for errors whose message may be logged. */
export function isSafeError(err: unknown): err is SafeError {
  return err instanceof SafeError;
}
