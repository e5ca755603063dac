/**
 * Grey (CT-like) phantoms for grey-guided mesh tests: analytic partial-volume images of shapes
 * given as signed distance functions, and the label map a threshold makes of them.
 */
import type { Volume, VolumeGeometry } from '@anatomodel/imaging';
import type { LabelMap, Segment } from '@anatomodel/segmentation';
import type { Sdf } from './phantoms.ts';

/**
 * Int16 volume: `inside` times the fraction of each voxel inside `sdf` (`background` outside),
 * the fraction from 4 x 4 x 4 sub-samples for voxels the surface may cross (|sdf| at the centre
 * under half the voxel diagonal), exactly 0 or 1 elsewhere.
 */
export function partialVolume(g: VolumeGeometry, sdf: Sdf, inside = 1000, background = 0): Volume {
  const [nx, ny, nz] = g.dims;
  const data = new Int16Array(nx * ny * nz);
  const half = 0.5 * Math.hypot(...g.spacing);
  const S = 4;
  const at = (i: number, j: number, k: number, r: number) =>
    g.origin[r] +
    g.axes[0][r] * i * g.spacing[0] +
    g.axes[1][r] * j * g.spacing[1] +
    g.axes[2][r] * k * g.spacing[2];
  let n = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const d = sdf(at(i, j, k, 0), at(i, j, k, 1), at(i, j, k, 2));
        let f = d < 0 ? 1 : 0;
        if (Math.abs(d) < half) {
          let m = 0;
          for (let c = 0; c < S; c++)
            for (let b = 0; b < S; b++)
              for (let a = 0; a < S; a++) {
                const u = i + (a + 0.5) / S - 0.5;
                const v = j + (b + 0.5) / S - 0.5;
                const w = k + (c + 0.5) / S - 0.5;
                if (sdf(at(u, v, w, 0), at(u, v, w, 1), at(u, v, w, 2)) < 0) m++;
              }
          f = m / S ** 3;
        }
        data[n++] = Math.round(background + f * (inside - background));
      }
  return { kind: 'Volume', geometry: g, data, unit: 'HU' };
}

/** Label map of the voxels with lower <= grey <= upper (label 1), as thresholdVolume makes. */
export function thresholdLabels(volume: Volume, lower: number, upper: number): LabelMap {
  const src = volume.data;
  const data = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i++) data[i] = src[i] >= lower && src[i] <= upper ? 1 : 0;
  const segments = new Map<number, Segment>([
    [1, { label: 1, name: 'Threshold', color: [230, 220, 200] }],
  ]);
  return { kind: 'LabelMap', geometry: volume.geometry, data, segments };
}
