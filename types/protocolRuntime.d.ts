/**
 * The only runtime globals src/protocol may use beyond ECMAScript (ES2022), declared for
 * tsconfig.protocol.json, which has neither DOM nor Node types. All of them are pure (no I/O,
 * no clock, no randomness) and exist alike in browsers, Node and other JS runtimes (WinterCG's
 * minimum common API). Anything else from the DOM or Node is a type error in the protocol.
 */
interface TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}
declare var TextEncoder: { new (): TextEncoder };
interface TextDecoderOptions {
  fatal?: boolean;
  ignoreBOM?: boolean;
}
interface TextDecoder {
  decode(input?: Uint8Array): string;
}
declare var TextDecoder: { new (label?: string, options?: TextDecoderOptions): TextDecoder };
/** Deep copy of plain data (the state machine copies its state before a step). */
declare function structuredClone<T>(value: T): T;
