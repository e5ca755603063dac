import {
  writeDicomSeries,
  type SlicePlan,
  type WriteSeriesOptions,
} from '../dicom-write/write-dicom-series.ts';
import type { Phantom } from './phantom.ts';

/**
 * Renders a phantom into a DICOM series along a slice plan: each pixel gets the phantom's value
 * at its true centre (IPP + column·colSpacing·rowDirection + row·rowSpacing·columnDirection),
 * so tilted, oblique and reversed plans carry exact truth. Values are modality values (HU for
 * CT) and are stored with the options' rescale. Pure; cost rows × columns × slices phantom
 * calls.
 * @throws as writeDicomSeries
 */
export function renderPhantomSeries(
  phantom: Phantom,
  plan: SlicePlan,
  options: WriteSeriesOptions,
): { name: string; bytes: Uint8Array }[] {
  const { rows, columns, rowDirection: u, columnDirection: v } = plan;
  const [rowSpacing, colSpacing] = plan.pixelSpacing;
  const slice = new Float32Array(rows * columns);
  return writeDicomSeries(
    plan,
    (k) => {
      const p = plan.positions[k];
      for (let r = 0; r < rows; r++) {
        const bx = p[0] + r * rowSpacing * v[0];
        const by = p[1] + r * rowSpacing * v[1];
        const bz = p[2] + r * rowSpacing * v[2];
        for (let c = 0; c < columns; c++) {
          const d = c * colSpacing;
          slice[r * columns + c] = phantom(bx + d * u[0], by + d * u[1], bz + d * u[2]);
        }
      }
      return slice;
    },
    options,
  );
}
