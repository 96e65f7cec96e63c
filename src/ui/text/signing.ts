import type { DownloadFile, SigningRoomView } from '../../store/index';

/** Satoshis as BTC with 8 decimals, computed with integers (the same digits the CLI prints). */
export function btc(sats: bigint): string {
  const neg = sats < 0n;
  const a = neg ? -sats : sats;
  return `${neg ? '-' : ''}${a / 100_000_000n}.${(a % 100_000_000n).toString().padStart(8, '0')} BTC`;
}

/** The group key's short fingerprint: its first 16 hex digits in groups of 4 (read aloud, compared). */
export function keyFingerprint(hex: string): string {
  const x = hex.length === 66 ? hex.slice(2) : hex;
  return (
    x
      .slice(0, 16)
      .toUpperCase()
      .match(/.{1,4}/g) ?? []
  ).join(' ');
}

/**
 * The signing room's outputs, named as `frost-ceremony create sign` writes them
 * (src/cli/headlessRun.ts writeSigningOutputs): signature.json, signing-record.json, transaction.hex.
 */
export function signingDownloads(v: SigningRoomView): DownloadFile[] {
  if (v.status !== 'done' || v.record === null) return [];
  const json = (o: unknown) => `${JSON.stringify(o, null, 2)}\n`;
  return [
    {
      filename: 'signature.json',
      mimeType: 'application/json',
      data: json({
        suite: v.key.suite,
        verifyingKey: v.key.verifyingKey,
        requestHash: v.requestHash,
        signatures: v.signatures,
      }),
    },
    { filename: 'signing-record.json', mimeType: 'application/json', data: `${v.record}\n` },
    ...(v.transaction !== null
      ? [{ filename: 'transaction.hex', mimeType: 'text/plain', data: `${v.transaction}\n` }]
      : []),
  ];
}
