/**
 * Where a participant's ceremony state lives between steps. The shell saves the serialised
 * protocol state whenever the protocol asks ("persist, then send"), so a reload or a
 * restarted process resumes the same session and never sends a second round-1 package.
 */
export interface StateStore {
  /** The last saved state, or undefined when none was saved. */
  load(): Promise<string | undefined>;
  /** Saves durably; resolves only once the state would survive a crash. */
  save(state: string): Promise<void>;
  /** Forgets the state for good ("forget this ceremony"). */
  clear(): Promise<void>;
}

/** A store that lives as long as the object (rehearsals, tests). */
export function createMemoryStateStore(initial?: string): StateStore {
  let value = initial;
  return {
    load: async () => value,
    save: async (state) => {
      value = state;
    },
    clear: async () => {
      value = undefined;
    },
  };
}
