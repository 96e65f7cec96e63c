/** The signing screen shows the member's own parse of the request; answer buttons only while undecided. */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createUiStore, type SigningRoomView, type UiState } from '../store/index';
import { AppProviders } from './context';
import { SigningScreen } from './SigningScreen';
import { createUnwiredController } from './testing/unwiredController';
import { signingDownloads } from './text/signing';

const base: SigningRoomView = {
  request: {
    kind: 'psbt',
    network: 'regtest',
    groupAddress: 'bcrt1pgroup',
    version: 2,
    lockTime: 0,
    inputs: [
      { index: 0, txid: '11'.repeat(32), vout: 0, amount: 50_000_000n, ours: true, sequence: 0 },
      { index: 1, txid: '22'.repeat(32), vout: 3, amount: 30_000_000n, ours: false, sequence: 0 },
    ],
    outputs: [
      { index: 0, amount: 60_000_000n, address: 'bcrt1qpayee', scriptHex: '00', change: false, kind: 'address' },
      { index: 1, amount: 19_990_000n, address: 'bcrt1pgroup', scriptHex: '51', change: true, kind: 'address' },
    ],
    totalIn: 80_000_000n,
    totalOut: 79_990_000n,
    sent: 60_000_000n,
    fee: 10_000n,
    vsize: 200,
    feeRate: '50.000',
    problems: [{ severity: 'error', code: 'foreign-input', text: 'input 2 is not this key’s coin' }],
  },
  requestHash: 'ab'.repeat(32),
  key: { suite: 'secp256k1-tr', verifyingKey: '02' + 'cd'.repeat(32), minSigners: 2, holders: 3 },
  certificateHash: null,
  canAnswer: true,
  decision: 'pending',
  members: [{ identity: 'aa', id: 1, name: 'Alice', share: null, decision: null }],
  attempt: null,
  blamed: [],
  status: 'collecting',
  signatures: [],
  transaction: null,
  record: null,
  error: null,
};

function render(v: SigningRoomView, over: Partial<UiState> = {}): string {
  const store = createUiStore({ signing: v, signingKeyHeld: true, ...over });
  return renderToStaticMarkup(
    <AppProviders store={store} controller={createUnwiredController()}>
      <SigningScreen />
    </AppProviders>,
  );
}

describe('signing screen', () => {
  it('shows every input and output, the fee, a foreign input and blocking problems, and asks', () => {
    const html = render(base);
    expect(html).toContain('signing room, not a key ceremony');
    expect(html).toContain('0.50000000 BTC');
    expect(html).toContain('NOT this key');
    expect(html).toContain('change back to this key');
    expect(html).toContain('0.00010000 BTC');
    expect(html).toContain('50.000 sat/vB');
    expect(html).toContain('Cannot be signed: input 2');
    expect(html).toContain('data-testid="approve-signing"');
  });

  it('offers no answer once decided, nor before the code is confirmed by everyone', () => {
    expect(render({ ...base, decision: 'refuse' })).not.toContain('data-testid="approve-signing"');
    expect(render({ ...base, decision: 'refuse' })).toContain('You refused this request.');
    const early = render({ ...base, canAnswer: false });
    expect(early).toMatch(/data-testid="approve-signing"[^>]*disabled|disabled[^>]*data-testid="approve-signing"/);
  });

  it('a browser that joined without a key package says it cannot answer, and offers no button', () => {
    const html = render(base, { signingKeyHeld: false });
    expect(html).toContain('joined without your key package');
    expect(html).not.toContain('data-testid="approve-signing"');
  });

  it('names who the room waits for; only the coordinator is offered a restart without them', () => {
    const waiting = [{ id: 'aa', reason: 'round1' as const, since: 0 }];
    const me = (isCoordinator: boolean) => ({ id: 'zz', name: 'Zed', fingerprint: '', isCoordinator });
    const asCoordinator = render(base, { waiting, me: me(true) });
    expect(asCoordinator).toContain('<strong>Alice</strong> to approve or refuse');
    expect(asCoordinator).toContain('Restart without Alice');
    expect(render(base, { waiting, me: me(false) })).not.toContain('Restart without');
  });

  it('a message with warnings shows its bytes too; done offers the CLI’s file names', () => {
    const msg: SigningRoomView = {
      ...base,
      request: {
        kind: 'message',
        length: 3,
        sha256: 'ff'.repeat(32),
        hex: '61e2808f',
        text: 'a\u200f',
        warnings: ['invisible'],
      },
      status: 'done',
      decision: 'approve',
      signatures: ['00'.repeat(64)],
      record: '{}',
    };
    const html = render(msg);
    expect(html).toContain('61e2808f');
    expect(html).toContain('Warning: invisible');
    expect(signingDownloads(msg).map((f) => f.filename)).toEqual(['signature.json', 'signing-record.json']);
    expect(signingDownloads({ ...msg, transaction: '02' }).map((f) => f.filename)).toContain('transaction.hex');
    expect(signingDownloads({ ...msg, status: 'collecting' })).toEqual([]);
  });
});
