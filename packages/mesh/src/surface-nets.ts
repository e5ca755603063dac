import type { RunControl } from '@anatomodel/imaging';
import type { LabelMap, Segment } from '@anatomodel/segmentation';
import { indexToLpsAffine } from './index-to-lps-affine.ts';
import { MeshError } from './mesh-error.ts';
import { prepareSurfaceNetsGrey } from './surface-nets-grey.ts';
import type { SurfaceNetsGrey } from './surface-nets-grey.ts';
import { surfaceNetsSlab } from './surface-nets-slab.ts';
import type { SurfaceNetsSlabInput } from './surface-nets-slab.ts';

/**
 * The boundaries between all labels of a LabelMap as one triangle set with shared vertices
 * (Surface Nets, Gibson 1998; multi-label as vtkSurfaceNets3D). Each interface triangle is
 * stored once; the two labels it separates share its vertices, so segment surfaces are
 * crack-free by construction, also after smoothing `positions`.
 */
export interface LabelSurface {
  readonly kind: 'LabelSurface';
  /** xyz per shared vertex, LPS mm; one vertex per grid cell that holds different labels */
  readonly positions: Float32Array;
  /** three vertex indices per triangle, counter-clockwise seen from the `outer` label's side */
  readonly triangles: Uint32Array;
  /**
   * per triangle [inner, outer]: the normal points from label `inner` into label `outer`; the
   * inner label is the larger one (a surface of one label against background: all [label, 0])
   */
  readonly labels: Uint16Array;
  /**
   * per triangle corner [patch for inner, patch for outer]: index of the surface patch of that
   * label in the corner's cell. Almost always 0; cells where one label touches itself only
   * diagonally hold several patches, which `labelSurfaceToMeshes` turns into separate vertices
   * (at the same position) so every segment mesh is manifold.
   */
  readonly cornerPatches: Uint8Array;
  /** the label map's segment descriptions */
  readonly segments: ReadonlyMap<number, Segment>;
  /**
   * per vertex: 1 where its cell's labels may make a pinched vertex or an edge of four
   * triangles (a cube face with a label on its diagonals, several patches of a label, three or
   * more labels); 0 where every label's surface about the vertex is one disc per patch.
   * `labelSurfaceToMeshes` checks only flagged vertices when present (all when absent).
   */
  readonly vertexFlags?: Uint8Array;
}

/** Options of `surfaceNets`. */
export interface SurfaceNetsOptions {
  /** labels to extract; default every label that occurs (background 0 never gets a surface) */
  readonly labels?: readonly number[];
  /**
   * grey-guided vertex placement: the grey volume the labels were thresholded from and the
   * range per label. Each crossed edge whose label change agrees with the range is placed by
   * linear interpolation of the grey values at the crossed bound (as marching cubes), others at
   * the edge midpoint; the vertex is the mean of its cell's crossings. Topology (triangles,
   * labels, patches) stays exactly that of the label map; only positions move, by less than a
   * cell. Default: midpoints only.
   */
  readonly grey?: SurfaceNetsGrey;
  /**
   * the positions and triangles on SharedArrayBuffers, so a worker reads the mesh made of them
   * without a copy (default false)
   */
  readonly sharedMemory?: boolean;
}

/**
 * Extracts the surfaces of a LabelMap with Surface Nets. The grid is padded by one background
 * voxel, so segments touching the scan border are closed. Each vertex starts at the mean of the
 * midpoints of its cell's crossed edges (or of their grey-interpolated crossings, see
 * `options.grey`), mapped through the full index-to-LPS transform
 * (oblique and left-handed frames included). Labels not selected count as background.
 * Empty stretches are skipped run by run (see `surfaceNetsSlab`); `MeshWorkerPool.surfaceNets`
 * (node entry) gives the identical result with worker threads over z-slabs.
 *
 * The arrays are views of buffers grown by doubling (their tails never written, so not
 * resident when freshly mapped): no exact-length copy at the end.
 *
 * Cost: O(voxels / 4 + runs + surface cells) time, no allocation per voxel; memory O(slice)
 * besides the output.
 */
export function surfaceNets(
  labelMap: LabelMap,
  options: SurfaceNetsOptions = {},
  run: RunControl = {},
): LabelSurface {
  const prepared = prepareSurfaceNets(labelMap, options);
  const slab = surfaceNetsSlab(
    { ...prepared, zFrom: 0, zTo: prepared.dims[2] + 1 },
    run,
    options.sharedMemory === true,
  );
  run.onProgress?.(1);
  const { positions, triangles, labels, cornerPatches, vertexFlags } = slab;
  return labelSurfaceOf(
    { positions, triangles, labels, cornerPatches, vertexFlags },
    labelMap.segments,
  );
}

/**
 * Validated slab input of a label map (everything but the z range), shared by `surfaceNets`
 * and the parallel node entry. Throws MeshError INVALID_OPTIONS when data and dims disagree.
 */
export function prepareSurfaceNets(
  labelMap: LabelMap,
  options: SurfaceNetsOptions = {},
): Omit<SurfaceNetsSlabInput, 'zFrom' | 'zTo'> {
  const g = labelMap.geometry;
  const [nx, ny, nz] = g.dims;
  if (labelMap.data.length !== nx * ny * nz) {
    throw new MeshError('INVALID_OPTIONS', 'label map data length does not match its dims');
  }
  let keep: Uint8Array | null = null;
  if (options.labels) {
    keep = new Uint8Array(65536);
    for (const l of options.labels) keep[l] = 1;
    keep[0] = 0;
  }
  const { m: affine, handedness } = indexToLpsAffine(g);
  return {
    data: labelMap.data,
    dataZ0: 0,
    dims: [nx, ny, nz],
    keep,
    affine,
    flip: handedness < 0,
    grey: options.grey
      ? prepareSurfaceNetsGrey(
          options.grey,
          [nx, ny, nz],
          labelMap.data instanceof Uint8Array ? 256 : 65536,
        )
      : null,
  };
}

/** A LabelSurface of the given arrays, with the segments whose label occurs in `labels`. */
export function labelSurfaceOf(
  arrays: Omit<LabelSurface, 'kind' | 'segments'>,
  allSegments: ReadonlyMap<number, Segment>,
): LabelSurface {
  const { labels } = arrays;
  const present = new Uint8Array(65536);
  if (labels.byteOffset % 4 === 0) {
    // a triangle's [inner, outer] pair at a time: runs of equal pairs (all of a one-label
    // surface) cost one comparison per triangle
    const pairs = new Uint32Array(labels.buffer, labels.byteOffset, labels.length >> 1);
    for (let t = 0, last = -1; t < pairs.length; t++) {
      if (pairs[t] === last) continue;
      last = pairs[t];
      present[labels[2 * t]] = 1;
      present[labels[2 * t + 1]] = 1;
    }
  } else {
    for (let i = 0, last = -1; i < labels.length; i++) {
      const l = labels[i];
      if (l !== last) present[(last = l)] = 1;
    }
  }
  const segments = new Map<number, Segment>();
  for (const [label, seg] of allSegments) if (present[label]) segments.set(label, seg);
  return { kind: 'LabelSurface', ...arrays, segments };
}
