/**
 * Small, fixed JSON error bodies. Nothing from the request or from an error's message ever reaches a
 * response: a JSON parser's message, for one, quotes the body it failed on.
 */
import type { Response } from 'restify';

/** The body of every error response: `{ "error": { "code": ..., "message": ... } }`. */
export interface ErrorBody {
  error: { code: string; message: string };
}

interface ErrorShape {
  status: number;
  code: string;
  message: string;
}

const INTERNAL: ErrorShape = { status: 500, code: 'internal_error', message: 'Internal server error.' };

/** restify error names (restify-errors) mapped to our responses. */
const BY_NAME: Record<string, ErrorShape> = {
  ResourceNotFoundError: { status: 404, code: 'not_found', message: 'No such resource.' },
  MethodNotAllowedError: { status: 405, code: 'method_not_allowed', message: 'Method not allowed.' },
  InvalidContentError: { status: 400, code: 'invalid_json', message: 'The request body is not valid JSON.' },
  PayloadTooLargeError: { status: 413, code: 'payload_too_large', message: 'The request body is too large.' },
  RequestEntityTooLargeError: {
    status: 413,
    code: 'payload_too_large',
    message: 'The request body is too large.',
  },
  UnsupportedMediaTypeError: {
    status: 415,
    code: 'unsupported_media_type',
    message: 'Unsupported content type or encoding.',
  },
};

/** Responses our own handlers send. */
export const HTTP_ERRORS = {
  badRequest: { status: 400, code: 'bad_request', message: 'The request body must be a JSON object.' },
  payloadTooLarge: BY_NAME.PayloadTooLargeError!,
  unsupportedMediaType: {
    status: 415,
    code: 'unsupported_media_type',
    message: 'The content type must be application/json.',
  },
  unsupportedEncoding: {
    status: 415,
    code: 'unsupported_content_encoding',
    message: 'Compressed request bodies are not accepted.',
  },
  /** The body is JSON but not an activity botbuilder can take (a field missing or of the wrong type). */
  invalidActivity: {
    status: 400,
    code: 'invalid_activity',
    message: 'The request body is not a valid activity.',
  },
  /** Any authentication failure: the reason goes to the log, never to the caller. */
  unauthorized: {
    status: 401,
    code: 'unauthorized',
    message: 'The request could not be authenticated.',
  },
  /** The signing keys to check tokens with could not be loaded: the caller may retry. */
  authUnavailable: {
    status: 503,
    code: 'auth_unavailable',
    message: 'Authentication is unavailable; try again later.',
  },
  /** A feature's route found nothing at the path (or will not say whether anything is there). */
  notFound: BY_NAME.ResourceNotFoundError!,
  /** A feature's route refused the request (e.g. a link whose signature does not match). */
  forbidden: { status: 403, code: 'forbidden', message: 'Access to this resource is refused.' },
  /** A feature's route knows the request but it no longer holds (e.g. an expired link). */
  gone: { status: 410, code: 'gone', message: 'This resource is no longer available.' },
  internal: INTERNAL,
} as const satisfies Record<string, ErrorShape>;

/**
 * Maps anything a restify handler chain failed with to a response. Known restify errors keep their
 * status; other 4xx statuses become a generic 'bad_request'-style answer; everything else is a 500.
 */
export function errorShapeFor(err: unknown): ErrorShape {
  if (!(err instanceof Error)) {
    return INTERNAL;
  }
  const known = BY_NAME[err.name];
  if (known) {
    return known;
  }
  const status = (err as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && Number.isInteger(status) && status >= 400 && status < 500) {
    return { status, code: 'client_error', message: 'The request was rejected.' };
  }
  return INTERNAL;
}

/** Sends a JSON error response (once; a response already under way is left alone). */
export function sendError(
  res: Response,
  shape: ErrorShape,
  options: { closeConnection?: boolean; headers?: Record<string, string> } = {},
): void {
  if (res.headersSent) {
    return;
  }
  if (options.closeConnection) {
    res.setHeader('Connection', 'close');
  }
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    res.setHeader(name, value);
  }
  res.setHeader('Cache-Control', 'no-store');
  const body: ErrorBody = { error: { code: shape.code, message: shape.message } };
  res.send(shape.status, body);
}
