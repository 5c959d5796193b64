/**
 * Structured JSON-line logging with pino, private by construction.
 *
 * Rules (see docs): no message text, names or identifiers in logs. They are enforced three ways:
 * - `redact` replaces the values of well-known sensitive keys (text, name, aadObjectId, from,
 *   conversation, serviceUrl, body, authorization headers, …) with '[redacted]', up to three levels deep
 *   (pino's redaction; scalar fields skip its walk, which cannot change them: skipRedactionOfScalars);
 * - the `err` serializer keeps an error's class, code, HTTP status and stack frames, but its message
 *   only for our own {@link SafeError}s (other messages, e.g. a JSON parser's or an HTTP client's, can
 *   quote user data); the stack's header line, which repeats the message, is dropped;
 * - `logger.error(err)` is rewritten to `logger.error({ err }, 'error')`, because pino would otherwise
 *   copy the error's message into `msg`.
 * Log messages themselves must be constant strings; put facts in fields with neutral names (counts,
 * durations, statuses, route patterns).
 */
import {
  type DestinationStream,
  type LogFn,
  type LoggerOptions,
  type Logger as PinoLogger,
  pino,
  stdTimeFunctions,
  symbols,
} from 'pino';
import { isSafeError } from './safe-error.js';

/** The accepted log levels, most to least severe; 'silent' turns logging off. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export type LogLevel = (typeof LOG_LEVELS)[number];

/** The application logger (a pino logger). */
export type Logger = PinoLogger;

/** Keys whose values never reach the logs, wherever they appear (up to three levels deep). */
export const REDACTED_KEYS: readonly string[] = [
  // Bot Framework activities and Teams payloads
  'text',
  'name',
  'displayName',
  'givenName',
  'surname',
  'email',
  'mail',
  'userPrincipalName',
  'aadObjectId',
  'from',
  'recipient',
  'conversation',
  'members',
  'membersAdded',
  'membersRemoved',
  'serviceUrl',
  'channelData',
  'attachments',
  'entities',
  'value',
  'body',
  'rawBody',
  'query',
  // Credentials
  'authorization',
  'cookie',
  'password',
  'secret',
  'token',
  'MicrosoftAppPassword',
  'microsoftAppPassword',
];

const CENSOR = '[redacted]';
const MAX_STACK_FRAMES = 20;
const MAX_CAUSE_DEPTH = 3;
const IDENTIFIER = /^[A-Za-z_$][\w$]{0,63}$/;
const ERROR_CODE = /^[\w.:-]{1,64}$/;

function redactPaths(): string[] {
  const paths: string[] = [];
  for (const key of REDACTED_KEYS) {
    paths.push(key, `*.${key}`, `*.*.${key}`);
  }
  // Header names are lower-case in Node; the bracket form covers keys with a dash.
  paths.push('headers["set-cookie"]', '*.headers["set-cookie"]', '*.*.headers["set-cookie"]');
  return paths;
}

/** What the logs keep of an error. */
export interface SerializedError {
  /** The error's class (or a well-formed `name`), e.g. 'TypeError', 'RestError'. */
  type: string;
  /** A short machine code such as 'ECONNRESET' or 'InvalidContent', when the error has one. */
  code?: string | number;
  /** The HTTP status attached to the error, when it has one. */
  statusCode?: number;
  /** Present for {@link SafeError}s only. */
  message?: string;
  /** Stack frames without the header line (which repeats the message). */
  stack?: string;
  cause?: SerializedError;
}

function readProperty(value: object, key: string): unknown {
  return (value as Record<string, unknown>)[key];
}

/**
 * Reduces any thrown value to the fields that are safe to log (see {@link SerializedError}).
 * Values that are not Error objects are logged by their type only: a thrown string can hold anything.
 */
export function serializeError(value: unknown, depth = 0): SerializedError {
  if (!(value instanceof Error)) {
    return { type: value === null ? 'null' : typeof value };
  }
  const ownName = value.name;
  const className = value.constructor?.name;
  const type =
    typeof ownName === 'string' && IDENTIFIER.test(ownName) && ownName !== 'Error'
      ? ownName
      : className && IDENTIFIER.test(className)
        ? className
        : 'Error';
  const out: SerializedError = { type };
  const code = readProperty(value, 'code');
  if (
    (typeof code === 'string' && ERROR_CODE.test(code)) ||
    (typeof code === 'number' && Number.isFinite(code))
  ) {
    out.code = code;
  }
  const status = readProperty(value, 'statusCode') ?? readProperty(value, 'status');
  if (typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599) {
    out.statusCode = status;
  }
  if (isSafeError(value)) {
    out.message = value.message;
  }
  if (typeof value.stack === 'string') {
    const frames = value.stack
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.startsWith('at '))
      .slice(0, MAX_STACK_FRAMES);
    if (frames.length > 0) {
      out.stack = frames.join('\n');
    }
  }
  // Only Error causes: anything else (a string, restify-errors' cause() method) says nothing safe.
  if (value.cause instanceof Error && depth < MAX_CAUSE_DEPTH) {
    out.cause = serializeError(value.cause, depth + 1);
  }
  return out;
}

/** A pino stringifier: a value of a log line's field to its JSON text (undefined: leave the field out). */
type Stringifier = (value: unknown, ...rest: unknown[]) => string | undefined;

/**
 * Redaction at the cost of what it can change. pino serialises every field of a log line (and its
 * message) through the redactor of the wildcard paths (`*.text`, `*.*.text`, …), which for any value
 * walks every path: about 20 µs a field, most of the cost of a log line. A string, number, boolean or
 * null holds no key, so the redactor can change nothing in it and returns its JSON text, which this
 * returns at once. Objects and every other value still go through pino's redactor; so do fields named
 * by a path themselves (`text`, `name`, …: they have their own censor). The result is the same line
 * (test/log/logger.test.ts compares with plain pino). If a later pino keeps its stringifiers
 * elsewhere, nothing is patched: lines stay redacted, only slower (a test fails to say so).
 */
function skipRedactionOfScalars(logger: PinoLogger): void {
  const stringifiers = (logger as unknown as Record<symbol, Record<symbol, Stringifier> | undefined>)[
    symbols.stringifiersSym
  ];
  const redactWildcards = stringifiers?.[symbols.wildcardFirstSym];
  if (!stringifiers || typeof redactWildcards !== 'function') return;
  stringifiers[symbols.wildcardFirstSym] = function redactUnlessScalar(value, ...rest) {
    switch (typeof value) {
      case 'string':
      case 'number':
      case 'boolean':
        return JSON.stringify(value);
      default:
        return value === null ? 'null' : redactWildcards.call(this, value, ...rest);
    }
  };
}

/** True when `logger` takes the short way of {@link skipRedactionOfScalars} (for tests). */
export function redactsScalarsQuickly(logger: Logger): boolean {
  const stringifiers = (logger as unknown as Record<symbol, Record<symbol, Stringifier> | undefined>)[
    symbols.stringifiersSym
  ];
  return stringifiers?.[symbols.wildcardFirstSym]?.name === 'redactUnlessScalar';
}

/** pino's options for the application logger (see {@link createLogger}). */
export function loggerOptions(level: LogLevel): LoggerOptions {
  return {
    level,
    timestamp: stdTimeFunctions.isoTime,
    formatters: {
      level: (label: string) => ({ level: label }),
    },
    redact: { paths: redactPaths(), censor: CENSOR },
    serializers: { err: (value: unknown) => serializeError(value) },
    hooks: {
      logMethod(this: PinoLogger, args: Parameters<LogFn>, method: LogFn): void {
        const [first, ...rest] = args;
        if (first instanceof Error) {
          const message = typeof rest[0] === 'string' ? rest : ['error', ...rest];
          method.apply(this, [{ err: first }, ...message] as Parameters<LogFn>);
          return;
        }
        method.apply(this, args);
      },
    },
  };
}

/**
 * Creates the application logger: JSON lines with an ISO time and a text level, written to
 * `destination` (default: standard output).
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = loggerOptions(level);
  const logger = destination ? pino(options, destination) : pino(options);
  skipRedactionOfScalars(logger);
  return logger;
}
