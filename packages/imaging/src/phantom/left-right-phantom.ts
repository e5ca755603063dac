import type { Vec3 } from '../volume.ts';
import { ellipsoidPhantom, layeredPhantom, spherePhantom, type Phantom } from './phantom.ts';

/** Options of `leftRightPhantom`. */
export interface LeftRightOptions {
  /** LPS mm of the body centre. Default [0, 0, 0]. */
  readonly center?: Vec3;
  /** multiplies every size and offset. Default 1 (body 120 x 90 x 150 mm). */
  readonly scale?: number;
}

/** Values of the left/right phantom, HU. */
export const LEFT_RIGHT_HU = { air: -1000, body: 40, marker: 1000 } as const;

/**
 * The left/right phantom: a soft-tissue body (ellipsoid, semi-axes 60 x 45 x 75 mm along
 * x, y, z, 40 HU in -1000 HU air) with three dense markers (1000 HU) of distinct sizes:
 * radius 10 mm on the patient's LEFT (+35 mm x), 7 mm ANTERIOR (-28 mm y) and 6 mm SUPERIOR
 * (+50 mm z). Any mirror, axis swap or flip moves at least one marker, so a loader or exporter
 * that gets orientation wrong fails a marker test. Sizes scale with `scale`.
 */
export function leftRightPhantom(o: LeftRightOptions = {}): {
  phantom: Phantom;
  markers: { left: Vec3; anterior: Vec3; superior: Vec3 };
  markerRadii: { left: number; anterior: number; superior: number };
  body: { center: Vec3; semiAxes: Vec3 };
} {
  const c = o.center ?? [0, 0, 0];
  const s = o.scale ?? 1;
  const at = (dx: number, dy: number, dz: number): Vec3 => [
    c[0] + dx * s,
    c[1] + dy * s,
    c[2] + dz * s,
  ];
  const markers = { left: at(35, 0, 0), anterior: at(0, -28, 0), superior: at(0, 0, 50) };
  const markerRadii = { left: 10 * s, anterior: 7 * s, superior: 6 * s };
  const body = { center: c, semiAxes: [60 * s, 45 * s, 75 * s] as Vec3 };
  const { air, marker } = LEFT_RIGHT_HU;
  const phantom = layeredPhantom(air, [
    ellipsoidPhantom({ ...body, inside: LEFT_RIGHT_HU.body, outside: air }),
    spherePhantom({ center: markers.left, radius: markerRadii.left, inside: marker, outside: air }),
    spherePhantom({
      center: markers.anterior,
      radius: markerRadii.anterior,
      inside: marker,
      outside: air,
    }),
    spherePhantom({
      center: markers.superior,
      radius: markerRadii.superior,
      inside: marker,
      outside: air,
    }),
  ]);
  return { phantom, markers, markerRadii, body };
}
