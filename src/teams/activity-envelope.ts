/**
 * The activity envelope: the fields botbuilder and the bot rely on, checked (zod) before anything
 * else sees a posted activity. botbuilder trusts them blindly: a missing `type` throws in its
 * validator, a non-string `serviceUrl` crashes its HTTP client (`endpoint.toLowerCase is not a
 * function`), a non-string `text` or an entity without `type` crashes mention handling. A body that
 * fails here gets a 400 and never reaches authentication, botbuilder or the bot.
 *
 * Strict only where something breaks, lenient everywhere else: unknown fields pass through untouched
 * (Teams adds new ones), optional descriptive fields may be absent or null, and every activity type
 * Teams sends (message, invoke, conversationUpdate, installationUpdate, messageReaction, typing, ...)
 * fits. Which fields failed is reported by path ("conversation.id"), never by value.
 */
import type { Activity } from 'botbuilder';
import { z } from 'zod';

/** Activity types are identifiers ("message", "conversationUpdate"); this also keeps them safe to log. */
const ACTIVITY_TYPE = /^[A-Za-z][\w./-]{0,63}$/;

const optionalText = z.string().nullish();

/** A ChannelAccount (from, recipient, members): the id is what replies and references use. */
const account = z.looseObject({
  id: z.string(),
  name: optionalText,
  aadObjectId: optionalText,
  role: optionalText,
});

const conversation = z.looseObject({
  id: z.string().min(1),
  tenantId: optionalText,
  conversationType: optionalText,
  isGroup: z.boolean().nullish(),
  name: optionalText,
});

/** Entities are matched by type (mentions are found with `entity.type.toLowerCase()`). */
const entity = z.looseObject({ type: z.string() });

const envelopeSchema = z.looseObject({
  type: z.string().regex(ACTIVITY_TYPE),
  // botbuilder builds its Bot Connector client from this; replies go there.
  serviceUrl: z.url({ protocol: /^https?$/ }),
  channelId: z.string().min(1),
  conversation,
  from: account,
  recipient: account,
  id: optionalText,
  replyToId: optionalText,
  locale: optionalText,
  text: optionalText,
  textFormat: optionalText,
  name: optionalText,
  action: optionalText,
  deliveryMode: optionalText,
  timestamp: optionalText,
  localTimestamp: optionalText,
  expiration: optionalText,
  channelData: z.looseObject({}).nullish(),
  entities: z.array(entity).nullish(),
  attachments: z.array(z.looseObject({})).nullish(),
  membersAdded: z.array(account).nullish(),
  membersRemoved: z.array(account).nullish(),
});

/** Why an envelope was refused: the path of the first bad field and zod's issue code (no values). */
export interface EnvelopeProblem {
  field: string;
  problem: string;
}

export type EnvelopeResult = { ok: true; activity: Activity } | ({ ok: false } & EnvelopeProblem);

/**
 * Checks a parsed JSON body against the envelope. On success the activity is a copy of the body with
 * its timestamps turned into Dates, as botbuilder's own request path does (validateAndFixActivity).
 */
export function parseActivityEnvelope(body: unknown): EnvelopeResult {
  const parsed = envelopeSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)';
    return { ok: false, field, problem: issue?.code ?? 'invalid' };
  }
  const activity = parsed.data as unknown as Activity & Record<string, unknown>;
  fixTimestamp(activity, 'timestamp', 'rawTimestamp');
  fixTimestamp(activity, 'localTimestamp', 'rawLocalTimestamp');
  fixTimestamp(activity, 'expiration', 'rawExpiration');
  return { ok: true, activity };
}

function fixTimestamp(activity: Record<string, unknown>, field: string, rawField: string): void {
  const raw = activity[field];
  if (typeof raw === 'string') {
    activity[rawField] = raw;
    activity[field] = new Date(raw);
  } else if (raw === null) {
    delete activity[field];
  }
}
