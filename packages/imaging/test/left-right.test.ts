/**
 * The left/right test: an asymmetric phantom (markers on the patient's left, anterior and
 * superior) written as DICOM series in every orientation, head-first and feet-first, slice
 * order reversed and files shuffled, anisotropic spacing, gantry tilt. After loading, every
 * marker must sit at its LPS position — a mirror, swap or flip would move at least one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DicomSource, Vec3, Volume } from '../src/index.ts';
import {
  indexToLps,
  leftRightPhantom,
  loadDicomSeries,
  planFromGeometry,
  renderPhantomSeries,
  scanDicom,
  standardGeometry,
  tiltedPlan,
} from '../src/index.ts';

/** Deterministic shuffle (so a failure reproduces). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const a = [...items];
  let s = seed;
  for (let i = a.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0; // 32-bit LCG, exact in integers
    const j = s % (i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

function toSources(files: { name: string; bytes: Uint8Array }[]): DicomSource[] {
  return files.map((f) => ({ label: f.name, read: () => f.bytes }));
}

/** Centroid (LPS) of voxels above `threshold` within `radius` mm of `near`. */
function centroidNear(
  v: Volume,
  near: Vec3,
  radius: number,
  threshold: number,
): { c: Vec3; n: number } {
  const [nx, ny, nz] = v.geometry.dims;
  const sum = [0, 0, 0];
  let n = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        if (v.data[i + nx * (j + ny * k)] <= threshold) continue;
        const p = indexToLps(v.geometry, i, j, k);
        if (Math.hypot(p[0] - near[0], p[1] - near[1], p[2] - near[2]) > radius) continue;
        sum[0] += p[0];
        sum[1] += p[1];
        sum[2] += p[2];
        n++;
      }
  return { c: [sum[0] / n, sum[1] / n, sum[2] / n], n };
}

function assertMarkers(v: Volume, label: string, tolerance: number): void {
  const lr = leftRightPhantom();
  for (const [name, where] of Object.entries(lr.markers) as [keyof typeof lr.markers, Vec3][]) {
    const r = lr.markerRadii[name];
    const found = centroidNear(v, where, r + 4, 500);
    assert.ok(found.n > 10, `${label}: marker ${name} present (${found.n} voxels)`);
    const d = Math.hypot(found.c[0] - where[0], found.c[1] - where[1], found.c[2] - where[2]);
    assert.ok(
      d < tolerance,
      `${label}: ${name} marker at ${found.c.map((x) => x.toFixed(2))}, expected ${where} (${d.toFixed(2)} mm)`,
    );
  }
  // and nothing dense at the mirrored left marker (the patient's right)
  const mirror: Vec3 = [-lr.markers.left[0], lr.markers.left[1], lr.markers.left[2]];
  assert.equal(
    centroidNear(v, mirror, lr.markerRadii.left, 500).n,
    0,
    `${label}: no marker on the right`,
  );
}

const orientations = ['axial', 'coronal', 'sagittal', 'oblique'] as const;

for (const orientation of orientations) {
  for (const feetFirst of [false, true]) {
    for (const reversed of [false, true]) {
      const label = `${orientation} ${feetFirst ? 'feet-first' : 'head-first'}${reversed ? ' reversed' : ''}`;
      test(`left/right phantom: ${label}, shuffled files, anisotropic spacing`, async () => {
        const spacing: Vec3 = orientation === 'axial' ? [2.2, 2.0, 2.6] : [2.0, 2.4, 2.2];
        const g = standardGeometry({
          orientation,
          dims: [72, 64, 80],
          spacing,
          feetFirst,
          reversed,
          center: [2, -3, 5],
        });
        const files = renderPhantomSeries(leftRightPhantom().phantom, planFromGeometry(g), {
          modality: 'CT',
          seed: label,
          // InstanceNumbers counting against the geometry: order must come from positions only
          instanceNumbers: Array.from({ length: 80 }, (_, k) => 80 - k),
        });
        const scan = await scanDicom(toSources(shuffled(files, 7)));
        const { volume } = await loadDicomSeries(scan);
        assert.equal(volume.unit, 'HU');
        assertMarkers(volume, label, 0.6);
      });
    }
  }
}

test('left/right phantom through a gantry tilt of 20 deg lands unsheared', async () => {
  const plan = tiltedPlan({
    rows: 80,
    columns: 80,
    pixelSpacing: [2, 2],
    slices: 70,
    sliceSpacing: 2.5,
    tiltDeg: 20,
  });
  const files = renderPhantomSeries(leftRightPhantom().phantom, plan, {
    modality: 'CT',
    seed: 'tilt',
  });
  const { volume, plan: stack } = await loadDicomSeries(
    await scanDicom(toSources(shuffled(files, 3))),
  );
  assert.ok(Math.abs(stack.tiltDeg - 20) < 1e-3, `tilt ${stack.tiltDeg}`);
  assertMarkers(volume, 'tilted', 0.8);
});

test('left/right phantom through a negative gantry tilt lands unsheared', async () => {
  const plan = tiltedPlan({
    rows: 80,
    columns: 80,
    pixelSpacing: [2, 2],
    slices: 70,
    sliceSpacing: 2.5,
    tiltDeg: -15,
  });
  const files = renderPhantomSeries(leftRightPhantom().phantom, plan, {
    modality: 'CT',
    seed: 'tilt-neg',
  });
  const { volume, plan: stack } = await loadDicomSeries(await scanDicom(toSources(files)));
  assert.ok(Math.abs(stack.tiltDeg - 15) < 1e-3, `tilt ${stack.tiltDeg}`);
  assertMarkers(volume, 'tilted -15', 0.8);
});

// Decubitus: the patient lies on a side, so image rows run along patient y and columns along x.
const decubitus: [string, Vec3, Vec3][] = [
  ['HFDL (left side down)', [0, -1, 0], [1, 0, 0]],
  ['HFDR (right side down)', [0, 1, 0], [-1, 0, 0]],
  ['FFDL (feet first, left side down)', [0, 1, 0], [1, 0, 0]],
];
for (const [label, row, col] of decubitus) {
  test(`left/right phantom: decubitus ${label}`, async () => {
    const n: Vec3 = [
      row[1] * col[2] - row[2] * col[1],
      row[2] * col[0] - row[0] * col[2],
      row[0] * col[1] - row[1] * col[0],
    ];
    const dims: Vec3 = [64, 70, 72];
    const spacing: Vec3 = [2.1, 1.9, 2.4];
    // grid centred on the origin
    const origin = [0, 1, 2].map(
      (a) =>
        -(
          (dims[0] - 1) * spacing[0] * row[a] +
          (dims[1] - 1) * spacing[1] * col[a] +
          (dims[2] - 1) * spacing[2] * n[a]
        ) / 2,
    ) as unknown as Vec3;
    const g = { dims, spacing, origin, axes: [row, col, n] as [Vec3, Vec3, Vec3] };
    const plan = { ...planFromGeometry(g), patientPosition: label.slice(0, 4) as 'HFDL' };
    const files = renderPhantomSeries(leftRightPhantom().phantom, plan, {
      modality: 'CT',
      seed: label,
    });
    const { volume } = await loadDicomSeries(await scanDicom(toSources(shuffled(files, 11))));
    assertMarkers(volume, label, 0.6);
  });
}
