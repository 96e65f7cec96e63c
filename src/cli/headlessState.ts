/**
 * The headless participant's `--state FILE`: the whole participant (identity secret, machine
 * state with its round-1 secret, the invite with the room secret) plus how it was started, so
 * that a killed process restarted with the same file resumes the same session and never sends
 * a second, different round-1 package. The file holds SECRETS; it is written 0600 and
 * atomically by createFileStateStore.
 */
import { z } from 'zod';
import type { StateStore } from '../ceremony/index';
import { SUITE_NAMES, type SigningRoomParams, type SuiteName } from '../protocol/index';

export const HEADLESS_STATE_FORMAT = 'frost-ceremony/headless-state/v1';

/** What the coordinator was asked to run (`create`). */
export interface CoordinatorPlan {
  suite: SuiteName;
  minSigners: number;
  maxSigners: number;
  label: string;
  /** t = 1 explicitly allowed (`--allow-single-signer`): every participant can sign alone. */
  singleSigner?: true;
  /** A signing room (`create sign`): the key and the request, put into the roster at the lock. */
  signing?: SigningRoomParams;
}

/** How the participant was started; kept beside the machine state. */
export interface HeadlessMeta {
  /** The invite link (SECRET: its fragment holds the room secret). */
  invite: string;
  /** Signalling server (the invite's origin for `join`, `--server` for `create`). */
  serverUrl: string;
  relayOnly: boolean;
  /** Set for the coordinator. */
  coordinator: CoordinatorPlan | null;
}

export interface SavedHeadless {
  meta: HeadlessMeta;
  /** The machine state as serialize() wrote it. */
  machine: string;
}

/** A state file that cannot be used. */
export class HeadlessStateError extends Error {
  constructor(
    readonly code: 'unreadable' | 'not-a-state-file',
    message: string,
  ) {
    super(message);
    this.name = 'HeadlessStateError';
  }
}

const fileSchema = z
  .object({
    format: z.literal(HEADLESS_STATE_FORMAT),
    invite: z.string().min(1),
    serverUrl: z.string().min(1),
    relayOnly: z.boolean(),
    coordinator: z
      .object({
        suite: z.enum(SUITE_NAMES as [SuiteName, ...SuiteName[]]),
        minSigners: z.number().int(),
        maxSigners: z.number().int(),
        label: z.string(),
        singleSigner: z.literal(true).optional(),
        // Checked again by every member when the roster is received (sessionContext.ts).
        signing: z
          .custom<SigningRoomParams>((v) => typeof v === 'object' && v !== null && !Array.isArray(v))
          .optional(),
      })
      .strict()
      .nullable(),
    machine: z.record(z.string(), z.unknown()),
  })
  .strict();

/** Parses a state file's text; throws HeadlessStateError naming the file. */
export function parseHeadlessState(text: string, path: string): SavedHeadless {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new HeadlessStateError('not-a-state-file', `${path} is not JSON (not a frost-ceremony state file)`);
  }
  const r = fileSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new HeadlessStateError(
      'not-a-state-file',
      `${path} is not a frost-ceremony state file (${issue?.path.join('.') || 'top'}: ${issue?.message ?? ''})`,
    );
  }
  const { machine, format: _format, ...meta } = r.data;
  return { meta, machine: JSON.stringify(machine) };
}

/** Loads the saved participant from `file`, or undefined when nothing was saved yet. */
export async function loadHeadlessState(file: StateStore, path: string): Promise<SavedHeadless | undefined> {
  let text: string | undefined;
  try {
    text = await file.load();
  } catch (e) {
    throw new HeadlessStateError('unreadable', `cannot read state file ${path}: ${(e as Error).message}`);
  }
  return text === undefined ? undefined : parseHeadlessState(text, path);
}

/**
 * The StateStore the ceremony shell saves through: every save writes the machine state
 * together with `meta` into `file`; load() gives back only the machine state.
 */
export function headlessStateStore(file: StateStore, meta: HeadlessMeta, path: string): StateStore {
  return {
    async load() {
      return (await loadHeadlessState(file, path))?.machine;
    },
    async save(machine) {
      await file.save(
        JSON.stringify({ format: HEADLESS_STATE_FORMAT, ...meta, machine: JSON.parse(machine) as unknown }),
      );
    },
    clear: () => file.clear(),
  };
}
