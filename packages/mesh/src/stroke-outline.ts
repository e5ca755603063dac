/**
 * Outline of stroke-font text for manifold-3d's CrossSection: per polyline vertex an octagon
 * (round-ish joints and ends) and per segment a rectangle of half-width `halfWidth`, all
 * counter-clockwise, to be united with the 'Positive' fill rule. Units of the polylines. Pure.
 */
export function strokeOutline(
  polylines: ReadonlyArray<readonly number[]>,
  halfWidth: number,
): Array<Array<[number, number]>> {
  const polygons: Array<Array<[number, number]>> = [];
  for (const line of polylines) {
    for (let k = 0; k < line.length; k += 2) {
      polygons.push(octagon(line[k], line[k + 1], halfWidth));
      if (k + 2 < line.length) {
        const q = capsule(line[k], line[k + 1], line[k + 2], line[k + 3], halfWidth);
        if (q) polygons.push(q);
      }
    }
  }
  return polygons;
}

/** Counter-clockwise octagon of circumradius rad about (x, y). */
function octagon(x: number, y: number, rad: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let k = 0; k < 8; k++) {
    const a = ((k + 0.5) * Math.PI) / 4;
    out.push([x + rad * Math.cos(a), y + rad * Math.sin(a)]);
  }
  return out;
}

/** Counter-clockwise rectangle of half-width hw along the segment, or undefined if empty. */
function capsule(
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  hw: number,
): Array<[number, number]> | undefined {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len = Math.hypot(dx, dy);
  if (len === 0) return undefined;
  // left normal of the direction; the octagons cover the ends
  const nx = (-dy / len) * hw * Math.cos(Math.PI / 8);
  const ny = (dx / len) * hw * Math.cos(Math.PI / 8);
  return [
    [x0 - nx, y0 - ny],
    [x1 - nx, y1 - ny],
    [x1 + nx, y1 + ny],
    [x0 + nx, y0 + ny],
  ];
}
