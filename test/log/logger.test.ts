import { expect } from 'chai';
import fc from 'fast-check';
import { pino } from 'pino';
import {
  createLogger,
  type LogLevel,
  loggerOptions,
  REDACTED_KEYS,
  redactsScalarsQuickly,
  serializeError,
} from '../../src/log/logger.js';
import { SafeError } from '../../src/log/safe-error.js';

const PRIVATE = 'Ola-Nordmann-private';

function capture(level: LogLevel = 'trace') {
  const lines: string[] = [];
  const logger = createLogger(level, {
    write(line: string) {
      lines.push(line);
    },
  });
  return {
    logger,
    raw: () => lines.join(''),
    parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('logger', () => {
  it('writes JSON lines with a text level, an ISO time and the message', () => {
    const { logger, parsed } = capture('info');
    logger.info({ count: 3 }, 'outbox drained');
    logger.debug('not written at info');
    const [line, ...rest] = parsed();
    expect(rest).to.deep.equal([]);
    expect(line).to.include({ level: 'info', msg: 'outbox drained', count: 3 });
    expect(new Date(String(line?.time)).toISOString()).to.equal(line?.time);
  });

  it('redacts sensitive keys at the top level and nested up to three levels', () => {
    const { logger, raw, parsed } = capture();
    logger.info(
      {
        text: PRIVATE,
        activity: {
          from: { id: PRIVATE, name: PRIVATE },
          conversation: { id: PRIVATE },
          recipient: { id: PRIVATE },
          serviceUrl: PRIVATE,
          value: { verb: PRIVATE },
          channelData: { tenant: { id: PRIVATE } },
        },
        person: { displayName: PRIVATE, aadObjectId: PRIVATE, meta: { email: PRIVATE } },
        req: { headers: { authorization: `Bearer ${PRIVATE}`, cookie: PRIVATE, 'set-cookie': PRIVATE } },
        body: PRIVATE,
        query: PRIVATE,
        status: 200,
      },
      'activity received',
    );
    expect(raw()).not.to.contain(PRIVATE);
    const [line] = parsed();
    expect(line).to.have.property('text', '[redacted]');
    expect(line).to.have.nested.property('activity.from', '[redacted]');
    expect(line).to.have.nested.property('person.meta.email', '[redacted]');
    expect(line).to.have.nested.property('req.headers.authorization', '[redacted]');
    expect(line).to.have.property('status', 200);
  });

  it('logs an error by class, code, status and stack frames, without its message', () => {
    const { logger, raw, parsed } = capture();
    const err = Object.assign(new TypeError(`cannot read ${PRIVATE}`), { code: 'E_THING', statusCode: 502 });
    logger.error({ err }, 'send failed');
    expect(raw()).not.to.contain(PRIVATE);
    const [line] = parsed();
    expect(line).to.have.property('msg', 'send failed');
    expect(line).to.have.nested.property('err.type', 'TypeError');
    expect(line).to.have.nested.property('err.code', 'E_THING');
    expect(line).to.have.nested.property('err.statusCode', 502);
    expect(line).to.have.nested.property('err.stack').that.matches(/^at /);
    expect(line).not.to.have.nested.property('err.message');
  });

  it('does not let pino copy an error message into msg when an error is logged alone', () => {
    const { logger, raw, parsed } = capture();
    logger.error(new Error(`lost ${PRIVATE}`));
    logger.warn(new Error(`lost ${PRIVATE}`), 'with a message');
    expect(raw()).not.to.contain(PRIVATE);
    expect(parsed().map((line) => line.msg)).to.deep.equal(['error', 'with a message']);
  });

  it('keeps the message of a SafeError, and of its Error causes only when they are safe too', () => {
    const { logger, raw, parsed } = capture();
    const err = new SafeError('store write failed', { cause: new Error(`EIO on ${PRIVATE}`) });
    logger.error({ err }, 'unit of work failed');
    expect(raw()).not.to.contain(PRIVATE);
    const [line] = parsed();
    expect(line).to.have.nested.property('err.message', 'store write failed');
    expect(line).to.have.nested.property('err.cause.type', 'Error');
    expect(line).not.to.have.nested.property('err.cause.message');
  });
});

describe('logger: redaction without its cost on scalar fields', () => {
  /** Lines of `log(logger)` from our logger and from plain pino with the same options, times removed. */
  function both(log: (logger: ReturnType<typeof createLogger>) => void): [string[], string[]] {
    const ours: string[] = [];
    const plain: string[] = [];
    // pino throws on some values (bindings without a prototype): both must then throw the same way.
    const run = (logger: ReturnType<typeof createLogger>, lines: string[]) => {
      try {
        log(logger);
      } catch (error) {
        lines.push(`threw ${String(error)}`);
      }
    };
    run(createLogger('trace', { write: (line: string) => void ours.push(line) }), ours);
    run(pino(loggerOptions('trace'), { write: (line: string) => void plain.push(line) }), plain);
    const untimed = (lines: string[]) => lines.map((line) => line.replace(/"time":"[^"]*",/, ''));
    return [untimed(ours), untimed(plain)];
  }

  it('is in effect on the logger and its children', () => {
    const logger = createLogger('info', { write: () => undefined });
    expect(redactsScalarsQuickly(logger)).to.equal(true);
    expect(redactsScalarsQuickly(logger.child({ component: 'http' }))).to.equal(true);
    expect(redactsScalarsQuickly(logger.child({ component: 'restify' }, { level: 'debug' }))).to.equal(true);
    expect(redactsScalarsQuickly(pino(loggerOptions('info'), { write: () => undefined }))).to.equal(false);
  });

  it('writes the lines pino writes with its own redaction, whatever is logged', () => {
    const keys = fc.constantFrom(
      ...REDACTED_KEYS,
      'headers',
      'set-cookie',
      'err',
      'msg',
      'event',
      'count',
      'a',
      '0',
    );
    const fields = fc.object({
      key: keys,
      maxDepth: 5,
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withNullPrototype: true,
      withSparseArray: true,
      withUnicodeString: true,
      values: [
        fc.string({ unit: 'binary' }),
        fc.double(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.constant(undefined),
        fc.constant(PRIVATE),
      ],
    });
    fc.assert(
      fc.property(fields, fields, fc.string({ unit: 'binary' }), (logged, bindings, message) => {
        const [ours, plain] = both((logger) => {
          logger.info(logged, message);
          logger.warn(logged);
          logger.error(message);
          logger.child(bindings).info(logged, message);
        });
        expect(ours).to.deep.equal(plain);
      }),
      { numRuns: 300 },
    );
  });

  it('writes the same lines for the logs of the activity path and for errors', () => {
    const failure = new TypeError(PRIVATE);
    const lost = new Error(PRIVATE);
    const [ours, plain] = both((logger) => {
      const http = logger.child({ component: 'http' });
      http.info({ method: 'POST', route: '/api/messages', status: 200, durationMs: 3.25 }, 'request');
      logger.info({ event: 'command', command: 'help' }, 'command handled');
      logger.info({ event: 'action', verb: 'guidance.submit', text: PRIVATE }, 'action handled');
      logger.error({ event: 'turn.failed', err: failure }, 'message handler failed');
      logger.warn(lost);
      logger.info({ activity: { from: { name: PRIVATE }, conversation: PRIVATE } }, 'nested');
    });
    expect(ours).to.deep.equal(plain);
    expect(ours.join('')).not.to.contain(PRIVATE);
  });
});

describe('serializeError', () => {
  it('logs thrown non-errors by type only', () => {
    expect(serializeError(PRIVATE)).to.deep.equal({ type: 'string' });
    expect(serializeError(null)).to.deep.equal({ type: 'null' });
    expect(serializeError({ message: PRIVATE })).to.deep.equal({ type: 'object' });
  });

  it('ignores codes and names that are not short identifiers', () => {
    const err = Object.assign(new Error('x'), { code: `bad ${PRIVATE} code`, name: `Name with ${PRIVATE}` });
    expect(JSON.stringify(serializeError(err))).not.to.contain(PRIVATE);
    expect(serializeError(err).type).to.equal('Error');
  });
});
