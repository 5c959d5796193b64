/**
 * One activity = one unit of work. `runTurn` is the "begin turn" step every incoming activity goes
 * through: in ONE unit of work it claims the activity id (when the activity acts), remembers the
 * conversation it came from, and runs the use case. So a crash before the commit leaves nothing
 * behind (Teams' retry does the work), and a crash after it leaves everything (the retry is
 * recognised and shows the result instead of acting twice). A read (mode 'read') first runs on the
 * committed document without waiting behind other writes, and runs as a unit of work only when it
 * has something to write (Store.runReadFirst).
 */
import type { UnitOfWork } from '../store/store.js';
import type { AppContext } from './context.js';
import { type ConversationSeen, rememberConversation } from './conversations.js';
import { inUnitOfWork, inUnitOfWorkReadFirst } from './unit-of-work.js';

export interface TurnStart {
  /**
   * The activity's idempotency key (e.g. "invoke:<activity id>"); undefined when the activity has
   * no id, which then cannot be recognised when retried.
   */
  activityKey: string | undefined;
  /** The conversation the activity came from, to remember. */
  conversation?: ConversationSeen;
  /**
   * 'act': the activity may change something, so its id is claimed and a retry is a duplicate.
   * 'read': it only shows something; nothing is claimed (a retry just shows it again).
   */
  mode: 'act' | 'read';
}

export interface Turn {
  uow: UnitOfWork;
  /** A Teams retry of an activity already handled: show the current state, change nothing. */
  duplicate: boolean;
  /** The conversation was unknown to the bot before this activity. */
  firstContact: boolean;
  /** For a duplicate: the item its first handling recorded (e.g. the request it created). */
  recorded?: string;
  /** Notes the item this activity created or changed, so a retry can show it. */
  record(itemId: string): Promise<void>;
}

/**
 * Runs `work` as the activity's one unit of work (see the module comment). A read claims nothing
 * durably: a retry of it is recognised in memory while the process runs (and answered again after
 * a restart, which is harmless).
 */
export async function runTurn<T>(
  ctx: AppContext,
  start: TurnStart,
  work: (turn: Turn) => Promise<T>,
): Promise<T> {
  const readKey = start.mode === 'read' ? start.activityKey : undefined;
  const seenRead = readKey !== undefined && !ctx.recentReads.add(readKey);
  try {
    return await turnIn(ctx, start, seenRead, work);
  } catch (error) {
    // A read that failed was not answered: Teams' retry of it must not count as a duplicate.
    if (readKey !== undefined && !seenRead) ctx.recentReads.forget(readKey);
    throw error;
  }
}

function turnIn<T>(
  ctx: AppContext,
  start: TurnStart,
  seenRead: boolean,
  work: (turn: Turn) => Promise<T>,
): Promise<T> {
  // A read runs on the committed document at once instead of waiting behind the writes in the
  // queue; one that turns out to change something (a new conversation) runs again as a unit of work.
  return (start.mode === 'read' ? inUnitOfWorkReadFirst : inUnitOfWork)(ctx, async (uow) => {
    const at = ctx.now().toISOString();
    const key = start.mode === 'act' ? start.activityKey : undefined;
    const duplicate = seenRead || (key !== undefined && !(await uow.idempotency.claim(key, at)));
    const { firstContact } = start.conversation
      ? await rememberConversation(uow, start.conversation, at)
      : { firstContact: false };
    const recorded = duplicate && key !== undefined ? await uow.idempotency.recall(key) : undefined;
    return work({
      uow,
      duplicate,
      firstContact,
      ...(recorded !== undefined ? { recorded } : {}),
      record: async (itemId) => {
        if (key !== undefined && !duplicate) await uow.idempotency.record(key, itemId);
      },
    });
  });
}
