import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from './signalServer';
import { parseClientFrame } from './parseFrame';
import { matchSendFrame } from './sendFrame';

const limits = DEFAULT_LIMITS;
const match = (text: string) => matchSendFrame(Buffer.from(text, 'utf8'), limits);
const parse = (text: string) => parseClientFrame(text, Buffer.byteLength(text), limits);
const envelope = Buffer.from('an envelope, signed').toString('base64');

describe('send frames read from their bytes', () => {
  it('gives exactly what the JSON parser gives, for every key order, with and without "to"', () => {
    const fields = [`"t":"send"`, `"room":"room-1"`, `"data":"${envelope}"`, `"to":"peer_B"`];
    const orders = [
      [0, 1, 2, 3],
      [0, 3, 2, 1],
      [2, 1, 0],
      [1, 2, 0, 3],
      [3, 1, 2, 0],
    ];
    for (const order of orders) {
      const text = `{${order.map((i) => fields[i]).join(',')}}`;
      const parsed = parse(text);
      expect(parsed.ok, text).toBe(true);
      expect(match(text), text).toEqual(parsed.ok ? parsed.frame : undefined);
    }
  });

  it('is what the browser transport and the load generator send: JSON.stringify of the frame', () => {
    for (const frame of [
      { t: 'send', to: 'p2', data: envelope, room: 'r' },
      { t: 'send', data: envelope, room: 'r' },
      { t: 'send', room: 'r', data: 'QQ==' },
    ]) {
      expect(match(JSON.stringify(frame))).toEqual(frame);
    }
  });

  // Each of these is left to the general parser (which accepts some and words an error for others).
  const fallBack: [string, string][] = [
    ['whitespace', `{ "t":"send","room":"r","data":"QUJD"}`],
    ['an escape in the envelope', `{"t":"send","room":"r","data":"QU\\/D"}`],
    ['a repeated key', `{"t":"send","room":"r","room":"s","data":"QUJD"}`],
    ['a repeated envelope', `{"t":"send","room":"r","data":"QUJD","data":"QUJE"}`],
    ['another key', `{"t":"send","room":"r","data":"QUJD","x":"1"}`],
    ['another type', `{"t":"join","room":"r","peer":"p"}`],
    ['a type that starts like send', `{"t":"sendx","room":"r","data":"QUJD"}`],
    ['no room', `{"t":"send","data":"QUJD"}`],
    ['no type', `{"room":"r","data":"QUJD"}`],
    ['no envelope', `{"t":"send","room":"r"}`],
    ['an empty envelope', `{"t":"send","room":"r","data":""}`],
    ['a length that is not a multiple of 4', `{"t":"send","room":"r","data":"QUJ"}`],
    ['three padding characters', `{"t":"send","room":"r","data":"Q==="}`],
    ['padding in the middle', `{"t":"send","room":"r","data":"QQ==QUJD"}`],
    ['a character outside base64', `{"t":"send","room":"r","data":"QU.D"}`],
    ['a room id with a dot', `{"t":"send","room":"r.1","data":"QUJD"}`],
    ['an empty room id', `{"t":"send","room":"","data":"QUJD"}`],
    ['a room id of 129 characters', `{"t":"send","room":"${'r'.repeat(129)}","data":"QUJD"}`],
    ['a "to" that is a number', `{"t":"send","room":"r","data":"QUJD","to":5}`],
    ['a trailing comma', `{"t":"send","room":"r","data":"QUJD",}`],
    ['bytes after the object', `{"t":"send","room":"r","data":"QUJD"}x`],
    ['an array', `[{"t":"send","room":"r","data":"QUJD"}]`],
    ['non-ASCII in an id', `{"t":"send","room":"rö","data":"QUJD"}`],
  ];
  it.each(fallBack)('leaves %s to the general parser', (_, text) => {
    expect(match(text)).toBeUndefined();
  });

  it('leaves an envelope over the size limit, or a frame over the frame limit, to the general parser (which rejects them)', () => {
    const small = { ...limits, maxEnvelopeBytes: 3, maxFrameBytes: 100 };
    expect(matchSendFrame(Buffer.from(`{"t":"send","room":"r","data":"QUJD"}`), small)).toBeDefined();
    expect(matchSendFrame(Buffer.from(`{"t":"send","room":"r","data":"QUJDRA=="}`), small)).toBeUndefined();
    expect(parseClientFrame(`{"t":"send","room":"r","data":"QUJDRA=="}`, 40, small)).toMatchObject({
      ok: false,
      error: { code: 'envelope_too_large' },
    });
    const long = `{"t":"send","room":"${'r'.repeat(80)}","data":"QUJD"}`;
    expect(matchSendFrame(Buffer.from(long), small)).toBeUndefined();
    expect(parseClientFrame(long, long.length, small)).toMatchObject({ ok: false, error: { code: 'frame_too_large' } });
  });

  it('property: whatever it accepts, the JSON parser accepts as the same frame; every plain send is accepted', () => {
    const piece = fc.constantFrom(
      '"t":"send"',
      '"t":"join"',
      '"room":"r1"',
      '"room":"a_b-C"',
      '"room":""',
      '"to":"p2"',
      '"to":"p 2"',
      '"data":"QUJD"',
      '"data":"QQ=="',
      '"data":"QUI="',
      '"data":"Q==="',
      '"data":"QU\\/D"',
      '"data":""',
      '"data":5',
      '"x":"y"',
      ' ',
      ',',
      '"',
      ':',
    );
    const text = fc
      .tuple(fc.array(piece, { maxLength: 7 }), fc.constantFrom(',', ', ', ''), fc.nat(3))
      .map(([pieces, sep, cut]) => {
        const s = `{${pieces.join(sep)}}`;
        return cut === 0 ? s.slice(0, -1) : s;
      });
    fc.assert(
      fc.property(text, (s) => {
        const m = match(s);
        if (m === undefined) return;
        const p = parse(s);
        expect(p).toEqual({ ok: true, frame: m });
      }),
      { numRuns: 3000 },
    );
    const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,128}$/);
    const sendFrame = fc.record({
      room: id,
      data: fc.uint8Array({ minLength: 1, maxLength: 300 }),
      to: fc.option(id, { nil: undefined }),
    });
    fc.assert(
      fc.property(sendFrame, ({ room, data, to }) => {
        const frame =
          to === undefined
            ? { t: 'send', room, data: Buffer.from(data).toString('base64') }
            : { t: 'send', room, data: Buffer.from(data).toString('base64'), to };
        const s = JSON.stringify(frame);
        expect(match(s)).toEqual(frame);
        expect(parse(s)).toEqual({ ok: true, frame });
      }),
      { numRuns: 500 },
    );
  });
});
