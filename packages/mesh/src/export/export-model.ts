import type { Mesh } from '../mesh.ts';

/** Output coordinate convention: DICOM patient LPS (default) or RAS (3D Slicer, NIfTI). */
export type OutputFrame = 'lps' | 'ras';

/** One named, coloured part of an exported model. */
export interface ExportPart {
  /** segment name, e.g. 'Bone' */
  readonly name: string;
  /** sRGB 0..255 */
  readonly color: readonly [number, number, number];
  /** LPS mm, counter-clockwise from outside */
  readonly mesh: Mesh;
}

/** What every exporter writes: parts in LPS plus the frame to write them in. */
export interface ExportModel {
  readonly parts: readonly ExportPart[];
  /** frame of the written coordinates; default 'lps' */
  readonly frame?: OutputFrame;
  /** free text stamped into the file where the format allows (case identifier etc.) */
  readonly description?: string;
}

/** Human-readable stamp of units and frame written into every file. */
export function frameStamp(frame: OutputFrame): string {
  return frame === 'ras'
    ? 'units=mm frame=RAS (x=right y=anterior z=superior, 3D Slicer)'
    : 'units=mm frame=LPS (DICOM patient: x=left y=posterior z=superior)';
}

/**
 * Coordinates of a mesh in the output frame. RAS = (-x, -y, z) of LPS: a 180 degree rotation
 * about the superior axis (determinant +1), so the anatomy is not mirrored and the winding stays
 * counter-clockwise from outside. Returns the input array itself for LPS.
 */
export function positionsInFrame(mesh: Mesh, frame: OutputFrame = 'lps'): Float32Array {
  if (frame === 'lps') return mesh.positions;
  const p = mesh.positions.slice();
  for (let i = 0; i < p.length; i += 3) {
    p[i] = -p[i];
    p[i + 1] = -p[i + 1];
  }
  return p;
}

/** Fixed-point text of a coordinate (0.1 micrometre), without "-0". */
export function formatCoordinate(x: number): string {
  const s = x.toFixed(4);
  return s === '-0.0000' ? '0.0000' : s;
}
