/**
 * A local stand-in for the Bot Connector: accepts what botbuilder sends (replies, proactive
 * messages, updates, new conversations), records it, and can be told to fail.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedActivity {
  method: 'POST' | 'PUT';
  conversationId: string;
  /** The activity id in the path (reply-to for POST, the updated activity for PUT). */
  pathActivityId?: string;
  /** The id the fake connector gave the activity. */
  id: string;
  body: Record<string, unknown>;
}

export interface FakeConnector {
  url: string;
  activities: CapturedActivity[];
  createdConversations: Record<string, unknown>[];
  /** Makes the next N requests answer with this status (and optional headers). */
  failNext(status: number, count?: number, headers?: Record<string, string>): void;
  /** Resolves when at least `count` activities were captured, or rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<CapturedActivity[]>;
  /** The Adaptive Card of a captured activity, if it has one. */
  cardOf(activity: CapturedActivity): Record<string, unknown> | undefined;
  close(): Promise<void>;
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const activities: CapturedActivity[] = [];
  const createdConversations: Record<string, unknown>[] = [];
  const failures: { status: number; headers: Record<string, string> }[] = [];
  const waiters: (() => void)[] = [];

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      res.statusCode = 500;
      res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJson(req);
    const failure = failures.shift();
    if (failure) {
      res.writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers });
      res.end(JSON.stringify({ error: { code: 'Failure', message: 'fake failure' } }));
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    // v3/conversations[/:id/activities[/:activityId]]
    if (req.method === 'POST' && parts.length === 2 && parts[0] === 'v3' && parts[1] === 'conversations') {
      createdConversations.push(body);
      const id = `a:${randomUUID()}`;
      return json(res, 201, { id, activityId: randomUUID() });
    }
    if (parts[0] === 'v3' && parts[1] === 'conversations' && parts[3] === 'activities') {
      const method = req.method === 'PUT' ? 'PUT' : 'POST';
      const id = method === 'PUT' ? (parts[4] ?? randomUUID()) : randomUUID();
      activities.push({
        method,
        conversationId: parts[2] ?? '',
        ...(parts[4] ? { pathActivityId: parts[4] } : {}),
        id,
        body,
      });
      for (const wake of waiters.splice(0)) wake();
      return json(res, method === 'PUT' ? 200 : 201, { id });
    }
    json(res, 404, { error: { code: 'NotFound', message: 'unknown path' } });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    activities,
    createdConversations,
    failNext(status, count = 1, headers = {}) {
      for (let i = 0; i < count; i++) failures.push({ status, headers });
    },
    async waitFor(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (activities.length < count) {
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(`expected ${count} activities at the fake connector, got ${activities.length}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return activities;
    },
    cardOf(activity) {
      const attachments = activity.body.attachments as
        | { contentType?: string; content?: unknown }[]
        | undefined;
      const card = attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
      return card?.content as Record<string, unknown> | undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}
