/**
 * The yearly duties in the store: the schemas of a KOM round, a department's input and the MH-code
 * deletion task (three kinds of tracked item), checked on every put and at load, the repositories the
 * use cases and jobs go through, and the privacy hooks (redact, erase for a person) of each kind.
 * An input is labelled with its round, so a round's inputs are found without reading history (archived
 * ones too). A round settles once closed, an input once submitted, a deletion task once done.
 */
import { z } from 'zod';
import type { HistoryEntry } from '../../domain/tracked-item.js';
import {
  type Assignable,
  type Check,
  historyEntrySchema,
  type SameKeys,
  type SameKeysByAction,
  trackedItemFields,
  unknownHistoryEntrySchema,
} from '../../store/schema.js';
import type { UnitOfWork } from '../../store/store.js';
import type { ItemKindSpec, StorePart } from '../../store/store-parts.js';
import {
  INPUT_STATES,
  type InputEvent,
  inputId,
  KOM_DEPARTMENTS,
  KOM_LIMITS,
  type KomDepartment,
  type KomInput,
  type KomRound,
  ROUND_STATES,
  type RoundEvent,
  roundId,
} from './kom-rounds.js';
import { DELETION_STATES, type DeletionEvent, deletionId, type MhDeletion } from './mh-deletions.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const year = z.int().min(2000).max(2999);
const figure = z.int().min(0).max(KOM_LIMITS.figure);
const permitFigures = z.object({ applications: figure, grants: figure, refusals: figure });

export const roundHistoryEntrySchema = z.discriminatedUnion('action', [
  historyEntrySchema('open'),
  historyEntrySchema('unanswered', { departments: z.array(z.string()) }),
  historyEntrySchema('compiled'),
  historyEntrySchema('close'),
  historyEntrySchema('publish', { publishedOn: z.string() }),
  unknownHistoryEntrySchema,
]);

export const roundSchema = z.object({
  ...trackedItemFields(roundHistoryEntrySchema),
  kind: z.literal('kom-round'),
  state: z.enum(ROUND_STATES),
  year,
  deadline: isoDate,
  departments: z.array(z.enum(KOM_DEPARTMENTS)),
  steps: z.object({ unanswered: z.string().optional() }),
  compiledAt: z.string().optional(),
  publishedOn: isoDate.optional(),
});

export const inputHistoryEntrySchema = z.discriminatedUnion('action', [
  historyEntrySchema('request'),
  historyEntrySchema('submit'),
  historyEntrySchema('reminder'),
  historyEntrySchema('nudge'),
  unknownHistoryEntrySchema,
]);

export const inputSchema = z.object({
  ...trackedItemFields(inputHistoryEntrySchema),
  kind: z.literal('kom-input'),
  state: z.enum(INPUT_STATES),
  year,
  department: z.enum(KOM_DEPARTMENTS),
  deadline: isoDate,
  text: z.string().max(KOM_LIMITS.text).optional(),
  figures: z.object({ reflection: permitFigures, limited: permitFigures }).optional(),
  submittedBy: z.string().optional(),
  submittedAt: z.string().optional(),
  steps: z.object({ reminder: z.string().optional(), nudge: z.string().optional() }),
});

export const deletionHistoryEntrySchema = z.discriminatedUnion('action', [
  historyEntrySchema('create', { publishedOn: z.string() }),
  historyEntrySchema('remind'),
  historyEntrySchema('done'),
  unknownHistoryEntrySchema,
]);

export const deletionSchema = z.object({
  ...trackedItemFields(deletionHistoryEntrySchema),
  kind: z.literal('mh-deletion'),
  state: z.enum(DELETION_STATES),
  year,
  publishedOn: isoDate,
  reminders: z.array(z.string()),
  doneAt: z.string().optional(),
  doneBy: z.string().optional(),
});

/** The label of a round's inputs. */
export const roundLabel = (year: number): string => `kom-round:${year}`;

const roundKind: ItemKindSpec<KomRound> = {
  kind: 'kom-round',
  schema: roundSchema,
  due: (round) => round.deadline,
  // A closed round may still get its publication recorded: an archived item comes back when changed.
  finalStates: ['closed'],
};

const inputKind: ItemKindSpec<KomInput> = {
  kind: 'kom-input',
  schema: inputSchema,
  due: (input) => input.deadline,
  finalStates: ['submitted'],
  labels: (input) => [roundLabel(input.year)],
  // A department's text is the only free text of the duties; figures are statistics and stay.
  privacy: {
    retention: 'rounds',
    settledAt: (input) => (input.state === 'submitted' ? input.updatedAt : undefined),
    redact: (input) => redactKomInput(input),
    erase: (input, aadObjectId) => eraseKomInputFor(input, aadObjectId),
  },
};

// Rounds and deletion tasks have no privacy hooks: they hold years, dates, states and the catalog's
// checklist, no free text about anyone.
const deletionKind: ItemKindSpec<MhDeletion> = {
  kind: 'mh-deletion',
  schema: deletionSchema,
  finalStates: ['done'],
};

/** What the duties feature keeps in the store. */
export const DUTIES_STORE: StorePart = {
  items: [
    roundKind as unknown as ItemKindSpec,
    inputKind as unknown as ItemKindSpec,
    deletionKind as unknown as ItemKindSpec,
  ],
};

/** Rounds, inputs and deletion tasks, in one unit of work. */
export function dutiesIn(uow: UnitOfWork) {
  return {
    async round(year: number): Promise<KomRound | undefined> {
      return (await uow.items.get('kom-round', roundId(year))) as KomRound | undefined;
    },
    async roundById(id: string): Promise<KomRound | undefined> {
      return (await uow.items.get('kom-round', id)) as KomRound | undefined;
    },
    /** The latest rounds (archived ones too), newest first. */
    async recentRounds(limit: number): Promise<KomRound[]> {
      const rounds = (await uow.items.query({ kind: 'kom-round', order: 'newest', limit })) as KomRound[];
      return rounds.sort((a, b) => b.year - a.year);
    },
    async openRounds(): Promise<KomRound[]> {
      return (await uow.items.query({ kind: 'kom-round', states: ['open'] })) as KomRound[];
    },
    async putRound(round: KomRound): Promise<void> {
      await uow.items.put(round);
    },
    async input(year: number, department: KomDepartment): Promise<KomInput | undefined> {
      return (await uow.items.get('kom-input', inputId(year, department))) as KomInput | undefined;
    },
    async inputById(id: string): Promise<KomInput | undefined> {
      return (await uow.items.get('kom-input', id)) as KomInput | undefined;
    },
    /** A round's inputs, in the order of KOM_DEPARTMENTS. */
    async inputsOf(year: number): Promise<KomInput[]> {
      const found = (await uow.items.query({ kind: 'kom-input', label: roundLabel(year) })) as KomInput[];
      return KOM_DEPARTMENTS.flatMap((d) => found.filter((i) => i.department === d));
    },
    async putInput(input: KomInput): Promise<void> {
      await uow.items.put(input);
    },
    async deletion(year: number): Promise<MhDeletion | undefined> {
      return (await uow.items.get('mh-deletion', deletionId(year))) as MhDeletion | undefined;
    },
    async deletionById(id: string): Promise<MhDeletion | undefined> {
      return (await uow.items.get('mh-deletion', id)) as MhDeletion | undefined;
    },
    async openDeletions(): Promise<MhDeletion[]> {
      return (await uow.items.query({ kind: 'mh-deletion', states: ['open'] })) as MhDeletion[];
    },
    /** Every deletion task (archived ones too), newest first. */
    async deletions(limit = 50): Promise<MhDeletion[]> {
      return (await uow.items.query({ kind: 'mh-deletion', order: 'newest', limit })) as MhDeletion[];
    },
    async putDeletion(task: MhDeletion): Promise<void> {
      await uow.items.put(task);
    },
  };
}

// ---- privacy hooks (wired by the retention feature) ------------------------------------------------------

/** A round holds no free text: returned as it is. */
export const redactKomRound = (round: KomRound): KomRound => round;
/** A round holds no free text of anyone's: returned as it is. */
export const eraseKomRoundFor = (round: KomRound, _aadObjectId: string): KomRound => round;

/** An input without its text (figures, states, dates and ids kept). */
export function redactKomInput(input: KomInput): KomInput {
  const { text: _text, ...rest } = input;
  return rest;
}

/** An input without the text `aadObjectId` wrote (the last submission's author wrote the text). */
export function eraseKomInputFor(input: KomInput, aadObjectId: string): KomInput {
  return input.submittedBy === aadObjectId ? redactKomInput(input) : input;
}

/** A deletion task holds no free text (its checklist is the catalog's): returned as it is. */
export const redactMhDeletion = (task: MhDeletion): MhDeletion => task;
export const eraseMhDeletionFor = (task: MhDeletion, _aadObjectId: string): MhDeletion => task;

export type DutiesSchemaMatchesDomain = [
  Check<SameKeysByAction<z.infer<typeof roundHistoryEntrySchema>, HistoryEntry<RoundEvent>>>,
  Check<Assignable<z.infer<typeof roundHistoryEntrySchema>, HistoryEntry<RoundEvent>>>,
  Check<Assignable<HistoryEntry<RoundEvent>, z.infer<typeof roundHistoryEntrySchema>>>,
  Check<SameKeys<z.infer<typeof roundSchema>, KomRound>>,
  Check<Assignable<z.infer<typeof roundSchema>, KomRound>>,
  Check<Assignable<KomRound, z.infer<typeof roundSchema>>>,
  Check<SameKeysByAction<z.infer<typeof inputHistoryEntrySchema>, HistoryEntry<InputEvent>>>,
  Check<Assignable<z.infer<typeof inputHistoryEntrySchema>, HistoryEntry<InputEvent>>>,
  Check<Assignable<HistoryEntry<InputEvent>, z.infer<typeof inputHistoryEntrySchema>>>,
  Check<SameKeys<z.infer<typeof inputSchema>, KomInput>>,
  Check<Assignable<z.infer<typeof inputSchema>, KomInput>>,
  Check<Assignable<KomInput, z.infer<typeof inputSchema>>>,
  Check<SameKeysByAction<z.infer<typeof deletionHistoryEntrySchema>, HistoryEntry<DeletionEvent>>>,
  Check<Assignable<z.infer<typeof deletionHistoryEntrySchema>, HistoryEntry<DeletionEvent>>>,
  Check<Assignable<HistoryEntry<DeletionEvent>, z.infer<typeof deletionHistoryEntrySchema>>>,
  Check<SameKeys<z.infer<typeof deletionSchema>, MhDeletion>>,
  Check<Assignable<z.infer<typeof deletionSchema>, MhDeletion>>,
  Check<Assignable<MhDeletion, z.infer<typeof deletionSchema>>>,
];
