/**
 * YCbCr (full range, PS3.3 C.7.6.3.1.2, the JFIF equations) to RGB for 8-bit interleaved
 * samples. `src` holds Y Cb Cr per pixel (YBR_FULL) and may be the same array as `dst`.
 * Results are rounded to nearest and clamped to 0..255.
 */
export function ybrFullToRgb(src: Uint8Array, dst: Uint8Array): Uint8Array {
  const n = src.length - (src.length % 3);
  for (let i = 0; i < n; i += 3) {
    const y = src[i];
    const cb = src[i + 1] - 128;
    const cr = src[i + 2] - 128;
    dst[i] = clamp(y + 1.402 * cr);
    dst[i + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
    dst[i + 2] = clamp(y + 1.772 * cb);
  }
  return dst;
}

/**
 * Native YBR_FULL_422 (PS3.3 C.7.6.3.1.2: each pair of horizontally adjacent pixels is stored as
 * Y1 Y2 Cb Cr, chroma shared) to interleaved 8-bit RGB. `columns` must be even;
 * `src.length` must be rows*columns*2 and `dst.length` rows*columns*3.
 */
export function ybrFull422ToRgb(src: Uint8Array, dst: Uint8Array): Uint8Array {
  const pairs = Math.floor(src.length / 4);
  for (let p = 0, s = 0, d = 0; p < pairs; p++, s += 4, d += 6) {
    const cb = src[s + 2] - 128;
    const cr = src[s + 3] - 128;
    const r = 1.402 * cr;
    const g = -0.344136 * cb - 0.714136 * cr;
    const b = 1.772 * cb;
    const y1 = src[s];
    const y2 = src[s + 1];
    dst[d] = clamp(y1 + r);
    dst[d + 1] = clamp(y1 + g);
    dst[d + 2] = clamp(y1 + b);
    dst[d + 3] = clamp(y2 + r);
    dst[d + 4] = clamp(y2 + g);
    dst[d + 5] = clamp(y2 + b);
  }
  return dst;
}

function clamp(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
}
