/**
 * GET /healthz: 200 `{ status: 'ok', ... }` when the store is readable and writable, otherwise 503
 * `{ status: 'degraded', ... }`. Public and unauthenticated, so it carries no data: the store's
 * `problem` (operator wording, may name a path) goes to the log, not to the response.
 */
import type { Request, Response } from 'restify';
import type { Logger } from '../log/logger.js';

/** What the composition root reports; `store` matches the store port's StoreHealth. */
export interface HealthReport {
  store: { readable: boolean; writable: boolean; problem?: string };
  /** Set to false to report 'degraded' for a reason besides the store (e.g. a stopped worker). */
  healthy?: boolean;
  /**
   * Further facts shown as is, e.g. `outbox: { pending: 3 }`. Counts and states only: the endpoint
   * is public. The keys status, version and store are reserved.
   */
  [detail: string]: unknown;
}

/** The JSON body of GET /healthz. */
export interface HealthBody {
  status: 'ok' | 'degraded';
  version: string;
  store: { readable: boolean; writable: boolean };
  [detail: string]: unknown;
}

const RESERVED = new Set(['status', 'version', 'store', 'healthy']);

/** Builds the response body from a report; `healthy` decides the status code (200 or 503). */
export function healthBody(report: HealthReport, version: string): { healthy: boolean; body: HealthBody } {
  const readable = report.store.readable === true;
  const writable = report.store.writable === true;
  const healthy = readable && writable && report.healthy !== false;
  const body: HealthBody = { status: healthy ? 'ok' : 'degraded', version, store: { readable, writable } };
  for (const [key, value] of Object.entries(report)) {
    if (!RESERVED.has(key)) {
      body[key] = value;
    }
  }
  return { healthy, body };
}

/** The restify handler for GET /healthz. A health() that throws counts as an unusable store. */
export function healthHandler(options: {
  logger: Logger;
  version: string;
  health: () => Promise<HealthReport>;
}): (req: Request, res: Response) => Promise<void> {
  const { logger, version, health } = options;
  return async (_req, res) => {
    let report: HealthReport;
    try {
      report = await health();
    } catch (err) {
      logger.error({ err }, 'health check failed');
      report = { store: { readable: false, writable: false } };
    }
    const { healthy, body } = healthBody(report, version);
    if (!healthy) {
      logger.warn({ problem: report.store.problem, store: body.store }, 'health check degraded');
    }
    res.setHeader('Cache-Control', 'no-store');
    res.send(healthy ? 200 : 503, body);
  };
}
