import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_ABSENT, corpusRoot } from './support/corpus.ts';
import { indexToLps } from '../src/geometry.ts';
import { readNifti, readNiftiHeader } from '../src/nifti/read-nifti.ts';

const corpus = corpusRoot();

interface Samples {
  dim: number[];
  datatype: number;
  pixdim: number[];
  qfac: number;
  scl_slope: number;
  scl_inter: number;
  srow_ras: number[][];
  voxel_sha256: string;
  samples: { ijk: number[]; lps_mm: number[]; value: number }[];
}

function refDirs(root: string): string[] {
  return readdirSync(root)
    .map((c) => join(root, c, 'ref_local_dcm2niix_v1.0.20220720'))
    .filter((d) => {
      try {
        return readdirSync(d).length > 0;
      } catch {
        return false;
      }
    });
}

test(
  'dcm2niix reference headers: sform -> LPS matches srow of samples.json',
  { skip: !corpus && CORPUS_ABSENT },
  () => {
    let checked = 0;
    for (const dir of refDirs(corpus!)) {
      for (const f of readdirSync(dir).filter((n) => n.endsWith('.nii_header.bin'))) {
        const bytes = new Uint8Array(readFileSync(join(dir, f)));
        assert.equal(bytes.length, 352, f);
        const s = JSON.parse(
          readFileSync(join(dir, f.replace('.nii_header.bin', '.samples.json')), 'utf8'),
        ) as Samples;
        const h = readNiftiHeader(bytes, f);
        assert.equal(h.version, 1);
        assert.equal(h.xform, 'sform', f);
        assert.deepEqual(h.dims, s.dim, f);
        assert.equal(h.datatype, s.datatype, f);
        assert.equal(h.qfac, s.qfac, f);
        assert.ok(Math.abs(h.sclSlope - s.scl_slope) < 1e-6 * Math.abs(s.scl_slope), f);
        assert.equal(h.sclInter, s.scl_inter, f);
        assert.equal(h.spaceUnit, 'mm');
        for (let r = 0; r < 3; r++) {
          const sign = r < 2 ? -1 : 1;
          for (let c = 0; c < 4; c++) {
            // samples.json rounds srow to 6 decimals
            assert.ok(
              Math.abs(h.lpsAffine[r * 4 + c] - sign * s.srow_ras[r][c]) < 2e-6,
              `${f} srow[${r}][${c}]`,
            );
          }
        }
        // every sample's lps_mm (rounded to 1e-4) is the affine applied to its ijk
        for (const { ijk, lps_mm } of s.samples) {
          for (let r = 0; r < 3; r++) {
            const a = h.lpsAffine;
            const v =
              a[r * 4] * ijk[0] + a[r * 4 + 1] * ijk[1] + a[r * 4 + 2] * ijk[2] + a[r * 4 + 3];
            assert.ok(Math.abs(v - lps_mm[r]) < 1e-3, `${f} ${ijk}`);
          }
        }
        checked++;
      }
    }
    assert.ok(checked >= 12, `only ${checked} headers found`);
  },
);

test(
  'dcm2niix header of the un-corrected gantry tilt is sheared: geometry refused',
  { skip: !corpus && CORPUS_ABSENT },
  () => {
    const dir = join(corpus!, 'ct_head_tilt_ge_varspacing/ref_local_dcm2niix_v1.0.20220720');
    const header = new Uint8Array(readFileSync(join(dir, 'dicom_2_.nii_header.bin')));
    // append zero voxels so only the geometry can fail
    const dims = [512, 512, 28];
    const bytes = new Uint8Array(352 + dims[0] * dims[1] * dims[2] * 2);
    bytes.set(header);
    assert.throws(() => readNifti(bytes, 'tilt'), { code: 'NIFTI_INVALID', message: /sheared/ });
    // The MPRAGE header is oblique but orthogonal: accepted, and its qform agrees with its sform.
    const mdir = join(corpus!, 'mr_head_t1_mprage_philips/ref_local_dcm2niix_v1.0.20220720');
    const mh = readNiftiHeader(
      new Uint8Array(readFileSync(join(mdir, 'dicom_1301_ADNI_Sag3D_MPRAGE_pn.nii_header.bin'))),
      'mprage',
    );
    const q = new Uint8Array(
      readFileSync(join(mdir, 'dicom_1301_ADNI_Sag3D_MPRAGE_pn.nii_header.bin')),
    );
    new DataView(q.buffer).setInt16(254, 0, true); // sform_code 0 -> qform
    const qh = readNiftiHeader(q, 'mprage-qform');
    assert.equal(qh.xform, 'qform');
    for (let i = 0; i < 12; i++)
      assert.ok(Math.abs(qh.lpsAffine[i] - mh.lpsAffine[i]) < 1e-3, `element ${i}`);
  },
);

test(
  'upstream gzipped NIfTIs read cleanly; voxels and samples match the dcm2niix references',
  { skip: !corpus && CORPUS_ABSENT },
  () => {
    const cases: { nii: string; samples?: string }[] = [
      {
        nii: 'codec_ts_matrix_mr_mosaic/ref_upstream/1.nii.gz',
        samples:
          'codec_ts_matrix_mr_mosaic/ref_local_dcm2niix_v1.0.20220720/dicom_1_ax_asc_35sl.samples.json',
      },
      {
        nii: 'mr_head_t1_enhanced_xa30/ref_upstream/5_anat-T1w_acq-tfl.nii.gz',
        samples:
          'mr_head_t1_enhanced_xa30/ref_local_dcm2niix_v1.0.20220720/dicom_5_anat-T1w_acq-tfl.samples.json',
      },
      { nii: 'mr_phantom_t1_jpegll_fragmented/ref_upstream/anat-T1w_acq-tfl_5001.nii.gz' },
    ];
    const scoutDir = 'mr_scout_mixed_orientation_xa30i/ref_upstream';
    for (const f of readdirSync(join(corpus!, scoutDir)).filter((n) => n.endsWith('.nii.gz'))) {
      cases.push({ nii: join(scoutDir, f) });
    }
    assert.ok(cases.length >= 13);
    for (const c of cases) {
      const { volume, header } = readNifti(
        new Uint8Array(readFileSync(join(corpus!, c.nii))),
        c.nii,
      );
      assert.ok(volume.data instanceof Int16Array, c.nii);
      assert.equal(
        volume.data.length,
        volume.geometry.dims[0] * volume.geometry.dims[1] * volume.geometry.dims[2],
      );
      assert.equal(header.xform, 'sform');
      if (c.nii.includes('Scout')) assert.equal(header.dims.length, 3);
      if (!c.samples) continue;
      const s = JSON.parse(readFileSync(join(corpus!, c.samples), 'utf8')) as Samples;
      assert.deepEqual([...volume.geometry.dims], s.dim);
      const sha = createHash('sha256')
        .update(new Uint8Array(volume.data.buffer, volume.data.byteOffset, volume.data.byteLength))
        .digest('hex');
      assert.equal(sha, s.voxel_sha256, c.nii);
      const [nx, ny] = volume.geometry.dims;
      for (const { ijk, lps_mm, value } of s.samples) {
        assert.equal(volume.data[ijk[0] + nx * (ijk[1] + ny * ijk[2])], value);
        const p = indexToLps(volume.geometry, ijk[0], ijk[1], ijk[2]);
        for (let r = 0; r < 3; r++) assert.ok(Math.abs(p[r] - lps_mm[r]) < 1e-3);
      }
    }
  },
);
