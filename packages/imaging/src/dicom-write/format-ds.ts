/**
 * Formats a number as a DICOM Decimal String value (PS3.5 6.2: at most 16 characters,
 * digits, sign, '.', exponent). Uses JavaScript's shortest round-trip form when it fits, so
 * values such as 0.48828125 or -125.5 are written exactly; otherwise the most significant
 * digits that fit: at least 13 for |value| in [0.1, 1e4) (relative error <= 5e-13: direction
 * cosines, coordinates in mm), at least 11 otherwise. -0 becomes "0".
 * @throws RangeError for NaN or infinities
 */
export function formatDs(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`DS value must be finite, got ${value}`);
  if (value === 0) return '0';
  const shortest = String(value);
  if (shortest.length <= 16) return shortest;
  for (let p = 16; p >= 1; p--) {
    for (const s of [clean(value.toPrecision(p)), clean(value.toExponential(p - 1))]) {
      if (s.length <= 16) return s;
    }
  }
  // unreachable: toExponential(0) of a finite double is at most 7 characters
  return value.toExponential(0);
}

/** Drops trailing zeros of the mantissa ("1.2300e+5" -> "1.23e+5", "2.500" -> "2.5"). */
function clean(s: string): string {
  const e = s.search(/e/i);
  const mantissa = e < 0 ? s : s.slice(0, e);
  const exponent = e < 0 ? '' : s.slice(e);
  const m = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  return m + exponent;
}
