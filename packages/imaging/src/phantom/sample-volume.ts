import type { RunControl, Volume, VolumeGeometry } from '../volume.ts';
import type { Phantom } from './phantom.ts';

/** Options of `sampleVolume`. */
export interface SampleVolumeOptions {
  /**
   * Samples per voxel edge: n gives n³ samples on a regular sub-grid inside each voxel, averaged
   * (partial volume). Default 1 (the voxel centre only: exact point truth).
   */
  readonly supersample?: number;
  /** unit stamped on the Volume. Default 'HU'. */
  readonly unit?: 'HU' | 'raw';
  /** 'int16' rounds (and clamps to -32768..32767); 'float32' keeps fractions. Default 'int16'. */
  readonly type?: 'int16' | 'float32';
}

/**
 * Samples a phantom on a grid (voxel centres, per the full index-to-LPS transform, so oblique
 * and left-handed grids are exact). Cost: dims product × supersample³ phantom calls.
 * @throws RangeError for a supersample that is not a positive integer; the signal's reason
 *   when aborted (checked per slice)
 */
export function sampleVolume(
  phantom: Phantom,
  geometry: VolumeGeometry,
  options: SampleVolumeOptions = {},
  run: RunControl = {},
): Volume {
  const n = options.supersample ?? 1;
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`supersample ${n} must be a positive integer`);
  const [nx, ny, nz] = geometry.dims;
  const float = options.type === 'float32';
  const data = float ? new Float32Array(nx * ny * nz) : new Int16Array(nx * ny * nz);
  const [a0, a1, a2] = geometry.axes;
  const [s0, s1, s2] = geometry.spacing;
  // one-voxel steps along i, j, k in LPS
  const di = [a0[0] * s0, a0[1] * s0, a0[2] * s0];
  const dj = [a1[0] * s1, a1[1] * s1, a1[2] * s1];
  const dk = [a2[0] * s2, a2[1] * s2, a2[2] * s2];
  // sub-sample offsets from the voxel centre, LPS mm
  const offsets = new Float64Array(3 * n * n * n);
  let q = 0;
  for (let c = 0; c < n; c++) {
    for (let b = 0; b < n; b++) {
      for (let a = 0; a < n; a++) {
        const fa = (a + 0.5) / n - 0.5;
        const fb = (b + 0.5) / n - 0.5;
        const fc = (c + 0.5) / n - 0.5;
        for (let r = 0; r < 3; r++) offsets[q++] = fa * di[r] + fb * dj[r] + fc * dk[r];
      }
    }
  }
  const count = n * n * n;
  const [ox, oy, oz] = geometry.origin;
  let v = 0;
  for (let k = 0; k < nz; k++) {
    run.signal?.throwIfAborted();
    for (let j = 0; j < ny; j++) {
      const rx = ox + j * dj[0] + k * dk[0];
      const ry = oy + j * dj[1] + k * dk[1];
      const rz = oz + j * dj[2] + k * dk[2];
      for (let i = 0; i < nx; i++, v++) {
        const x = rx + i * di[0];
        const y = ry + i * di[1];
        const z = rz + i * di[2];
        let value: number;
        if (count === 1) {
          value = phantom(x, y, z);
        } else {
          let sum = 0;
          for (let t = 0; t < offsets.length; t += 3) {
            sum += phantom(x + offsets[t], y + offsets[t + 1], z + offsets[t + 2]);
          }
          value = sum / count;
        }
        data[v] = float ? value : Math.max(-32768, Math.min(32767, Math.round(value)));
      }
    }
    // at most ~100 progress calls
    if (
      run.onProgress &&
      (k === nz - 1 || Math.floor(((k + 1) * 100) / nz) !== Math.floor((k * 100) / nz))
    ) {
      run.onProgress((k + 1) / nz);
    }
  }
  return { kind: 'Volume', geometry, data, unit: options.unit ?? 'HU' };
}
