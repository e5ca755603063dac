/**
 * Core imaging data types. Every coordinate in Anatomodel is DICOM patient LPS, millimetres:
 * +x towards the patient's Left, +y towards Posterior, +z towards Superior (head).
 * Data objects are plain, readonly and method-free so they structured-clone into workers.
 */

/** A 3-vector. Coordinates are LPS mm unless the name says otherwise. */
export type Vec3 = readonly [number, number, number];

/**
 * The grid of a volume in patient space.
 * Voxel (i, j, k) has its centre at `origin + i*spacing[0]*axes[0] + j*spacing[1]*axes[1] +
 * k*spacing[2]*axes[2]`. `i` varies fastest in memory, then `j`, then `k`.
 * The axes are unit vectors and mutually orthogonal (after gantry-tilt resampling); they may form
 * a left-handed frame (determinant -1), which mesh kernels must respect when winding triangles.
 */
export interface VolumeGeometry {
  /** voxels along i, j, k */
  readonly dims: Vec3;
  /** voxel size along i, j, k, mm */
  readonly spacing: Vec3;
  /** LPS mm of the centre of voxel (0,0,0) */
  readonly origin: Vec3;
  /** unit LPS directions of +i, +j, +k */
  readonly axes: readonly [Vec3, Vec3, Vec3];
  /** FrameOfReferenceUID (0020,0052) of the source, when known */
  readonly frameOfReferenceUid?: string;
}

/** Typed arrays a volume may hold. */
export type VoxelArray = Int16Array | Uint16Array | Float32Array | Uint8Array;

/** A scalar image on a `VolumeGeometry`. */
export interface Volume {
  readonly kind: 'Volume';
  readonly geometry: VolumeGeometry;
  /** voxel values, length dims[0]*dims[1]*dims[2], i fastest */
  readonly data: VoxelArray;
  /** 'HU' for CT after rescale; 'raw' for modality values of other modalities */
  readonly unit: 'HU' | 'raw';
}

/** Options every long-running kernel accepts. */
export interface RunControl {
  /** aborts the kernel; it throws the signal's reason (an AbortError) at its next check */
  readonly signal?: AbortSignal;
  /** called with the fraction done, 0..1, at most a few hundred times per call */
  readonly onProgress?: (fraction: number) => void;
}

/** Number of voxels of a geometry. */
export function voxelCount(geometry: VolumeGeometry): number {
  return geometry.dims[0] * geometry.dims[1] * geometry.dims[2];
}
