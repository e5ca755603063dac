import type { RunControl } from '@anatomodel/imaging';
import { createProgress } from './create-progress.ts';
import type { LabelMap } from './label-map.ts';
import { SegmentationError } from './segmentation-error.ts';

/** Options of {@link combineSegments} (3D Slicer's "Logical operators" effect). */
export interface CombineOptions {
  /** 'union' (target OR tool), 'subtract' (target AND NOT tool), 'intersect' (target AND tool) */
  readonly operation: 'union' | 'subtract' | 'intersect';
  /** segment that receives the result */
  readonly target: number;
  /** the other operand: a segment label of the same map, or a 0/1 mask on the same grid */
  readonly tool: number | Uint8Array;
}

/**
 * Boolean of two segments; only the target changes. A union claims the tool's voxels for the
 * target (the tool segment itself keeps its other voxels, i.e. the voxels move to the target,
 * like Slicer's "Add"); subtract and intersect clear target voxels to background.
 * @throws SegmentationError UNKNOWN_SEGMENT, GRID_MISMATCH (mask length)
 */
export function combineSegments(
  labelMap: LabelMap,
  options: CombineOptions,
  run?: RunControl,
): LabelMap {
  const { target, tool, operation } = options;
  if (!labelMap.segments.has(target)) {
    throw new SegmentationError('UNKNOWN_SEGMENT', `target ${target} is not a segment`);
  }
  if (typeof tool === 'number' && !labelMap.segments.has(tool)) {
    throw new SegmentationError('UNKNOWN_SEGMENT', `tool ${tool} is not a segment`);
  }
  const src = labelMap.data;
  if (typeof tool !== 'number' && tool.length !== src.length) {
    throw new SegmentationError('GRID_MISMATCH', 'tool mask does not match the grid');
  }
  const out = src.slice();
  const n = src.length;
  const tick = createProgress(run, n);
  const chunk = 1 << 20;
  for (let start = 0; start < n; start += chunk) {
    tick(start);
    const end = Math.min(n, start + chunk);
    for (let p = start; p < end; p++) {
      const v = src[p];
      const inTool = typeof tool === 'number' ? v === tool : tool[p] !== 0;
      if (operation === 'union') {
        if (inTool) out[p] = target;
      } else if (v === target) {
        if (operation === 'subtract' ? inTool : !inTool) out[p] = 0;
      }
    }
  }
  tick(n);
  return { kind: 'LabelMap', geometry: labelMap.geometry, data: out, segments: labelMap.segments };
}
