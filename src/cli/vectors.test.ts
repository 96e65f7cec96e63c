import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COCKTAIL_VECTOR_DIR, VECTOR_FILE } from '../protocol/cocktail/testing/vectorFiles';
import { vectorsCommand } from './vectors';
import { captureIo } from './testing/testFixtures';

const dir = mkdtempSync(join(tmpdir(), 'frost-vectors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const c = captureIo();
  const code = await vectorsCommand(argv, c.io);
  return { code, out: c.stdout(), err: c.stderr() };
}

describe('vectors check', () => {
  it('passes on every shared COCKTAIL-DKG vector file, one ok line per vector', async () => {
    const files = [...new Set(Object.values(VECTOR_FILE))].map((f) => COCKTAIL_VECTOR_DIR + f);
    const r = await run('check', ...files);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(10);
    for (const l of lines) expect(l).toMatch(/ (2-of-3|3-of-5): ok$/);
  });

  it('fails on a file with one flipped byte, naming the field with expected vs got; the other vector stays ok', async () => {
    const text = readFileSync(COCKTAIL_VECTOR_DIR + VECTOR_FILE.ed25519, 'utf8');
    const json = JSON.parse(text);
    const ct: string = json.vectors[1].round1[1].encrypted_shares[2];
    const flipped = (parseInt(ct.slice(10, 12), 16) ^ 0x01).toString(16).padStart(2, '0');
    json.vectors[1].round1[1].encrypted_shares[2] = ct.slice(0, 10) + flipped + ct.slice(12);
    const p = join(dir, 'flipped.json');
    writeFileSync(p, JSON.stringify(json, null, 2));
    const r = await run('check', p);
    expect(r.code).toBe(1);
    const [first, second] = r.out.trim().split('\n');
    expect(first).toMatch(/#1 .* 2-of-3: ok$/);
    expect(second).toContain(
      '3-of-5: round1[1].encrypted_shares[2] differs: expected ' +
        json.vectors[1].round1[1].encrypted_shares[2].slice(0, 80),
    );
    expect(second).toContain('got ' + ct.slice(0, 80));
  });

  it('names the context when a published context is wrong, and rejects a file that is not a vector file', async () => {
    const json = JSON.parse(readFileSync(COCKTAIL_VECTOR_DIR + VECTOR_FILE.p256, 'utf8'));
    json.vectors = [json.vectors[0]];
    json.vectors[0].context = '00' + json.vectors[0].context.slice(2);
    const p = join(dir, 'ctx.json');
    writeFileSync(p, JSON.stringify(json));
    const r = await run('check', p);
    expect(r.code).toBe(1);
    expect(r.out).toContain(': context differs: expected 00');
    const q = join(dir, 'other.json');
    writeFileSync(q, '{"ciphersuite":"FROST(Ed25519, SHA-512)","vectors":[]}');
    const r2 = await run('check', q);
    expect(r2.code).toBe(1);
    expect(r2.out).toContain('not a COCKTAIL-DKG vector file');
  });

  it('round-trips generated vectors of another size (4-of-7) and of the payload-extension kind', async () => {
    const a = join(dir, 'r-4-7.json');
    const b = join(dir, 'p256-payloads.json');
    expect(
      (await run('generate', '--suite', 'ristretto255', '--min-signers', '4', '--max-signers', '7', '--out', a)).code,
    ).toBe(0);
    expect(
      (await run('generate', '--suite', 'p256', '--min-signers', '2', '--max-signers', '3', '--payloads', '--out', b))
        .code,
    ).toBe(0);
    const gen = JSON.parse(readFileSync(b, 'utf8'));
    expect(gen.vectors[0].payloads).toHaveLength(3);
    expect(gen.vectors[0].extension).toHaveLength(64);
    expect(gen.vectors[0].recovery.participant_id).toBe(1);
    const r = await run('check', a, b);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/4-of-7: ok\n.*2-of-3 \(payloads\): ok\n$/);
    // A changed payload changes what every recipient decrypts and the extension: caught.
    gen.vectors[0].payloads[1] = 'ff' + gen.vectors[0].payloads[1].slice(2);
    writeFileSync(b + '.x', JSON.stringify(gen));
    const r2 = await run('check', b + '.x');
    expect(r2.code).toBe(1);
    expect(r2.out).toMatch(/: (extension|payloads\[1\]|round1\[1\]\.encrypted_shares\[0\]) differs/);
  });

  it('usage errors exit 2', async () => {
    expect((await run()).code).toBe(2);
    expect((await run('check')).code).toBe(2);
    expect(
      (await run('generate', '--suite', 'nope', '--min-signers', '2', '--max-signers', '3', '--out', join(dir, 'z')))
        .code,
    ).toBe(2);
  });
});
