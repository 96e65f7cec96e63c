/**
 * The COCKTAIL values of the current session as the machine uses them, memoised in the protocol
 * cache (pure memoisation: recomputed from the state after a reload): the spec's session
 * values, my static key, the stored msg1s and T.
 */
import { createCocktailCache, type CocktailCache } from '../cocktail/keys.js';
import { parseMsg1, type Msg1 } from '../cocktail/messages.js';
import type { CocktailSession } from '../cocktail/round1.js';
import { ceremonyTranscript, cocktailSessionOf } from '../cocktailBinding.js';
import { fromHex } from '../encoding.js';
import { staticKeyPair } from '../staticKeys.js';
import { sessionContextOf, type Ctx } from './context.js';
import { ids, payloadOf } from './stored.js';
import type { SessionState } from './types.js';

/** The spec's session values for this session, memoised per session. */
export function cocktailOf(ctx: Ctx, s: SessionState): CocktailSession {
  return ctx.cache.memo('cocktail-session', s.rosterEnvelope, () =>
    cocktailSessionOf(sessionContextOf(ctx.state, s, ctx.cache)),
  );
}

/** SECRET working memory (decoded points, d_i·P_j) of my COCKTAIL rounds in this session. */
export function cocktailCache(ctx: Ctx, s: SessionState): CocktailCache {
  return ctx.cache.memo('cocktail-cache', `${s.rosterEnvelope}\u0000${s.myId}`, createCocktailCache);
}

/** My static key pair for the session's suite, from my master secret (staticKeys.ts). */
export function myStatic(ctx: Ctx, s: SessionState): { secret: bigint; publicKey: Uint8Array } {
  return ctx.cache.memo('cocktail-static', `${ctx.state.master}:${s.params.suite}`, () =>
    staticKeyPair(s.params.suite, fromHex(ctx.state.master)),
  );
}

/** T of this session (after echo agreement: the n msg1s every honest participant holds), memoised. */
export function transcriptOf(ctx: Ctx, s: SessionState): Uint8Array {
  return ctx.cache.memo('cocktail-transcript', s.echoes[String(s.myId)] as string, () =>
    ceremonyTranscript(
      sessionContextOf(ctx.state, s, ctx.cache),
      cocktailOf(ctx, s),
      ids(s).map((i) => msg1Of(ctx, s, i)),
    ),
  );
}

/**
 * Stored msg1 of sender `id`, parsed (exact t-of-n layout, valid points; throws CocktailError
 * naming `id`), memoised. Its PoP is checked by cocktailRound2 after the echoes agree.
 */
export function msg1Of(ctx: Ctx, s: SessionState, id: number): Msg1 {
  const text = s.round1[String(id)] as string;
  return ctx.cache.memo('cocktail-msg1', text, () => {
    const session = cocktailOf(ctx, s);
    return parseMsg1(
      session.suite,
      session.t,
      session.staticPublicKeys.length,
      id,
      fromHex(payloadOf(ctx, 'round1', text).msg1),
      cocktailCache(ctx, s).points,
    );
  });
}
