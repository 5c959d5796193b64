/**
 * Captures what the process writes to stderr (console.error and console.warn included: Node's
 * console writes through process.stderr.write) while a test runs, without letting it through.
 * The logger writes JSON lines to its own destination, so in a test anything captured here went
 * around the logger: a library printing a stack trace, say.
 */
export interface StderrCapture {
  /** Everything written since the capture started. */
  text(): string;
  /** Puts the real stderr back. Safe to call twice. */
  restore(): void;
}

export function captureStderr(): StderrCapture {
  const stderr = process.stderr;
  const original = stderr.write;
  let captured = '';
  let restored = false;
  const write = (chunk: unknown, encodingOrCallback?: unknown, callback?: unknown): boolean => {
    captured += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
    if (typeof done === 'function') process.nextTick(done as () => void);
    return true;
  };
  stderr.write = write as typeof stderr.write;
  return {
    text: () => captured,
    restore() {
      if (restored) return;
      restored = true;
      stderr.write = original;
    },
  };
}
