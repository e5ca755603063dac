/** Parses "LO:HI" (numbers, negative allowed) into inclusive bounds (`--threshold`). */
export function parseRange(text: string): { lower: number; upper: number } {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*:\s*(-?\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!m) throw new Error(`--threshold must be LO:HI, e.g. 300:3071, got '${text}'`);
  const lower = Number(m[1]);
  const upper = Number(m[2]);
  if (!(lower <= upper)) throw new Error(`--threshold needs LO <= HI, got '${text}'`);
  return { lower, upper };
}
