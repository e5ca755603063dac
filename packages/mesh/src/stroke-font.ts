/**
 * A small single-stroke font for case identifiers and orientation labels: upper-case letters,
 * digits and - . _ / : # (lower case is drawn as upper case, anything else as '?'). Glyphs are
 * polylines on a 4 x 6 unit cell, y up, x to the reader's right, drawn as they read (never
 * mirrored). The zero is slashed so it cannot be taken for an O.
 */
const GLYPHS: Readonly<Record<string, string>> = {
  A: '0 0 0 4 2 6 4 4 4 0;0 3 4 3',
  B: '0 0 0 6 3 6 4 5 4 4 3 3 0 3;3 3 4 2 4 1 3 0 0 0',
  C: '4 5 3 6 1 6 0 5 0 1 1 0 3 0 4 1',
  D: '0 0 0 6 2 6 4 4 4 2 2 0 0 0',
  E: '4 6 0 6 0 0 4 0;0 3 3 3',
  F: '4 6 0 6 0 0;0 3 3 3',
  G: '4 5 3 6 1 6 0 5 0 1 1 0 3 0 4 1 4 3 2 3',
  H: '0 0 0 6;4 0 4 6;0 3 4 3',
  I: '1 6 3 6;2 6 2 0;1 0 3 0',
  J: '4 6 4 1 3 0 1 0 0 1',
  K: '0 0 0 6;4 6 0 2;1 3 4 0',
  L: '0 6 0 0 4 0',
  M: '0 0 0 6 2 3 4 6 4 0',
  N: '0 0 0 6 4 0 4 6',
  O: '1 0 0 1 0 5 1 6 3 6 4 5 4 1 3 0 1 0',
  P: '0 0 0 6 3 6 4 5 4 4 3 3 0 3',
  Q: '1 0 0 1 0 5 1 6 3 6 4 5 4 1 3 0 1 0;2 2 4 0',
  R: '0 0 0 6 3 6 4 5 4 4 3 3 0 3;2 3 4 0',
  S: '4 5 3 6 1 6 0 5 0 4 1 3 3 3 4 2 4 1 3 0 1 0 0 1',
  T: '0 6 4 6;2 6 2 0',
  U: '0 6 0 1 1 0 3 0 4 1 4 6',
  V: '0 6 2 0 4 6',
  W: '0 6 1 0 2 3 3 0 4 6',
  X: '0 0 4 6;0 6 4 0',
  Y: '0 6 2 3 4 6;2 3 2 0',
  Z: '0 6 4 6 0 0 4 0',
  '0': '1 0 0 1 0 5 1 6 3 6 4 5 4 1 3 0 1 0;0 1 4 5',
  '1': '1 5 2 6 2 0;1 0 3 0',
  '2': '0 5 1 6 3 6 4 5 4 4 0 0 4 0',
  '3': '0 5 1 6 3 6 4 5 4 4 3 3 4 2 4 1 3 0 1 0 0 1;1 3 3 3',
  '4': '3 0 3 6 0 2 4 2',
  '5': '4 6 0 6 0 3 3 3 4 2 4 1 3 0 1 0 0 1',
  '6': '4 5 3 6 1 6 0 5 0 1 1 0 3 0 4 1 4 2 3 3 0 3',
  '7': '0 6 4 6 1 0',
  '8': '1 3 0 4 0 5 1 6 3 6 4 5 4 4 3 3 1 3 0 2 0 1 1 0 3 0 4 1 4 2 3 3',
  '9': '0 1 1 0 3 0 4 1 4 5 3 6 1 6 0 5 0 4 1 3 4 3',
  '-': '1 3 3 3',
  '.': '2 0 2 0.5',
  _: '0 0 4 0',
  '/': '0 0 4 6',
  ':': '2 1 2 1.5;2 4 2 4.5',
  '#': '1 0 1 6;3 0 3 6;0 2 4 2;0 4 4 4',
  '?': '0 5 1 6 3 6 4 5 4 4 2 3 2 2;2 0 2 0.5',
  ' ': '',
};

/** Glyph cell: 4 units wide, 6 high; the advance adds 2 units of spacing. */
export const STROKE_FONT = Object.freeze({ width: 4, height: 6, advance: 6 });

/** Laid-out text: polylines (x0 y0 x1 y1 ..., font units, y up) and the text's extent. */
export interface StrokeText {
  readonly polylines: ReadonlyArray<readonly number[]>;
  /** units; 0 for empty text */
  readonly width: number;
  /** units (the cell height, 6) */
  readonly height: number;
}

/** Lays out one line of text left to right from (0, 0). Pure. */
export function strokeText(text: string): StrokeText {
  const polylines: number[][] = [];
  const chars = [...text.toUpperCase()];
  chars.forEach((ch, i) => {
    const glyph = GLYPHS[ch] ?? GLYPHS['?'];
    if (glyph === '') return;
    for (const part of glyph.split(';')) {
      const xy = part.split(' ').map(Number);
      for (let k = 0; k < xy.length; k += 2) xy[k] += i * STROKE_FONT.advance;
      polylines.push(xy);
    }
  });
  const width = chars.length ? (chars.length - 1) * STROKE_FONT.advance + STROKE_FONT.width : 0;
  return { polylines, width, height: STROKE_FONT.height };
}
