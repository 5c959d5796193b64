import { EventEmitter } from 'node:events';
import { expect } from 'chai';
import { onShutdownSignals } from '../src/shutdown-signals.js';

describe('shutdown signals', () => {
  it('shuts down once, and keeps handling signals so a second one cannot kill the process mid-shutdown', () => {
    const process = new EventEmitter();
    const calls: string[] = [];
    onShutdownSignals(
      process as unknown as NodeJS.Process,
      (s) => calls.push(`shutdown ${s}`),
      (s) => calls.push(`again ${s}`),
    );
    process.emit('SIGTERM');
    // Node kills a process on SIGTERM only when nobody listens: the listener must still be there.
    expect(process.listenerCount('SIGTERM')).to.equal(1);
    expect(process.listenerCount('SIGINT')).to.equal(1);
    process.emit('SIGTERM');
    process.emit('SIGINT');
    expect(calls).to.deep.equal(['shutdown SIGTERM', 'again SIGTERM', 'again SIGINT']);
  });
});
