import type { Vec3 } from '../volume.ts';

/**
 * An analytic phantom: the value (HU for CT phantoms) at an LPS point in mm. Pure and cheap;
 * boundaries are inclusive (a point exactly on a surface is inside).
 */
export type Phantom = (x: number, y: number, z: number) => number;

/** Options of `spherePhantom`. */
export interface SphereOptions {
  /** LPS mm */
  readonly center: Vec3;
  /** mm */
  readonly radius: number;
  /** value for |p - center| <= radius */
  readonly inside: number;
  /** value elsewhere */
  readonly outside: number;
}

/** A ball: `inside` within `radius` of `center`, `outside` elsewhere. Volume 4/3·pi·r³. */
export function spherePhantom(o: SphereOptions): Phantom {
  const [cx, cy, cz] = o.center;
  const r2 = o.radius * o.radius;
  const { inside, outside } = o;
  return (x, y, z) => {
    const dx = x - cx;
    const dy = y - cy;
    const dz = z - cz;
    return dx * dx + dy * dy + dz * dz <= r2 ? inside : outside;
  };
}

/** Options of `ellipsoidPhantom`. */
export interface EllipsoidOptions {
  /** LPS mm */
  readonly center: Vec3;
  /** semi-axes along x, y, z (LPS), mm */
  readonly semiAxes: Vec3;
  readonly inside: number;
  readonly outside: number;
}

/** An axis-aligned solid ellipsoid. Volume 4/3·pi·a·b·c. */
export function ellipsoidPhantom(o: EllipsoidOptions): Phantom {
  const [cx, cy, cz] = o.center;
  const [ia, ib, ic] = o.semiAxes.map((a) => 1 / a);
  const { inside, outside } = o;
  return (x, y, z) => {
    const u = (x - cx) * ia;
    const v = (y - cy) * ib;
    const w = (z - cz) * ic;
    return u * u + v * v + w * w <= 1 ? inside : outside;
  };
}

/** Options of `torusPhantom`. */
export interface TorusOptions {
  /** LPS mm */
  readonly center: Vec3;
  /** direction of the symmetry axis (normalised here) */
  readonly axis: Vec3;
  /** distance from the centre to the tube's centre line, mm */
  readonly majorRadius: number;
  /** tube radius, mm (< majorRadius for a ring with a hole) */
  readonly minorRadius: number;
  readonly inside: number;
  readonly outside: number;
}

/**
 * A solid torus (genus 1: the phantom for topology tests). Volume 2·pi²·R·r².
 * @throws RangeError on a zero axis
 */
export function torusPhantom(o: TorusOptions): Phantom {
  const n = Math.hypot(o.axis[0], o.axis[1], o.axis[2]);
  if (!(n > 0)) throw new RangeError('torus axis must be non-zero');
  const [ax, ay, az] = [o.axis[0] / n, o.axis[1] / n, o.axis[2] / n];
  const [cx, cy, cz] = o.center;
  const R = o.majorRadius;
  const r2 = o.minorRadius * o.minorRadius;
  const { inside, outside } = o;
  return (x, y, z) => {
    const dx = x - cx;
    const dy = y - cy;
    const dz = z - cz;
    const h = dx * ax + dy * ay + dz * az;
    const radial = Math.sqrt(Math.max(0, dx * dx + dy * dy + dz * dz - h * h));
    const d = radial - R;
    return d * d + h * h <= r2 ? inside : outside;
  };
}

/**
 * Paints phantoms over a background: the value of the last layer whose value differs from its
 * own `outside` wins, else `background`. Layers must have been built with `outside` equal to
 * `background` for this to mean "inside".
 */
export function layeredPhantom(background: number, layers: readonly Phantom[]): Phantom {
  return (x, y, z) => {
    let v = background;
    for (let i = 0; i < layers.length; i++) {
      const w = layers[i](x, y, z);
      if (w !== background) v = w;
    }
    return v;
  };
}
