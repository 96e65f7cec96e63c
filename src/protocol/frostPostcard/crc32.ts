/**
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as the `const_crc32` crate computes it.
 * frost-core's binary header identifies the ciphersuite by `crc32(C::ID).to_be_bytes()`
 * (`short_id` in frost-core/src/serialization.rs).
 */
const TABLE: Uint32Array = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 of `bytes` as an unsigned 32-bit integer. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
