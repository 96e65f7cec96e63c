import { pairKey, type LinkState, type Progress, type RosterMember, type RoundKey } from '../../store/index';

/** One cell: has `recipient` got `sender`'s message in this round? */
export type CellState = 'received' | 'missing' | 'unknown' | 'self' | 'not-started';

export interface MatrixRow {
  recipient: RosterMember;
  cells: { sender: RosterMember; state: CellState }[];
}

export interface Matrix {
  rows: MatrixRow[];
  /** Cells known received, and cells expected (n × (n − 1)). */
  received: number;
  expected: number;
}

/**
 * The n × n table for one round, in roster order (rows: recipients; columns: senders). Cells of
 * a round that has not started read 'not-started' rather than 'unknown'.
 */
export function buildMatrix(
  roster: readonly RosterMember[],
  progress: Progress | null,
  round: RoundKey,
  started = true,
): Matrix {
  const held = progress?.rounds[round]?.received ?? {};
  let received = 0;
  const rows = roster.map((recipient) => {
    const has = held[recipient.id];
    const set = has ? new Set(has) : null;
    const cells = roster.map((sender) => {
      let state: CellState;
      if (sender.id === recipient.id) state = 'self';
      else if (set === null) state = started ? 'unknown' : 'not-started';
      else state = set.has(sender.id) ? 'received' : 'missing';
      if (state === 'received') received++;
      return { sender, state };
    });
    return { recipient, cells };
  });
  return { rows, received, expected: roster.length * Math.max(0, roster.length - 1) };
}

/**
 * The count beside a round's title. "Done" means *you* are past the round; when some cells are
 * still not yet received or not reported, say so instead of a bare "done" that the table contradicts.
 */
export function roundCountText(m: Matrix, state: 'todo' | 'current' | 'done'): string {
  const counts = `${m.received} of ${m.expected} received`;
  if (state === 'current') return `${counts}, in progress`;
  if (state === 'todo') return counts;
  const open = m.expected - m.received;
  if (open === 0) return `${counts}, done`;
  return `${counts}; done for you, ${open} not reported yet`;
}

/** Link state of one pair ('unknown' when nobody reported it). */
export function linkOf(progress: Progress | null, a: string, b: string): LinkState {
  return progress?.links[pairKey(a, b)] ?? 'unknown';
}

/** Plain words for a link state. */
export function linkText(state: LinkState): string {
  switch (state) {
    case 'direct':
      return 'Direct';
    case 'relayed':
      return 'Relayed via server';
    case 'connecting':
      return 'Connecting';
    case 'down':
      return 'No connection';
    case 'unknown':
      return 'Unknown';
  }
}
