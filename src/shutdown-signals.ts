/**
 * Shutting down on SIGTERM and SIGINT, once. A second signal while the first shutdown runs (a
 * terminal and a process manager both sending one, or `npm run dev` passing its own on) is noted
 * and ignored: the handler stays installed, so Node does not kill the process mid-shutdown, and the
 * outbox and the store finish what they started.
 */
export function onShutdownSignals(
  target: Pick<NodeJS.Process, 'on'>,
  shutdown: (signal: 'SIGTERM' | 'SIGINT') => void,
  again: (signal: 'SIGTERM' | 'SIGINT') => void = () => undefined,
): void {
  let started = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    target.on(signal, () => {
      if (started) {
        again(signal);
        return;
      }
      started = true;
      shutdown(signal);
    });
  }
}
