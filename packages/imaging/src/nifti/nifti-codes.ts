/**
 * Numeric codes of the NIfTI-1/-2 headers (nifti1.h, nifti2.h) that Anatomodel reads and writes.
 * One table so reader and writer cannot disagree.
 */
export const NiftiCode = {
  /** `datatype` values (nifti1.h DT_*) */
  datatype: {
    uint8: 2,
    int16: 4,
    int32: 8,
    float32: 16,
    float64: 64,
    int8: 256,
    uint16: 512,
    uint32: 768,
  },
  /** `intent_code` values (nifti1.h NIFTI_INTENT_*) */
  intent: { none: 0, label: 1002 },
  /** `qform_code` / `sform_code` (nifti1.h NIFTI_XFORM_*) */
  xform: { unknown: 0, scanner: 1, aligned: 2, talairach: 3, mni152: 4 },
  /** spatial part of `xyzt_units` (nifti1.h NIFTI_UNITS_*), mask 0x07 */
  spaceUnit: { unknown: 0, meter: 1, mm: 2, micron: 3 },
  /** temporal part of `xyzt_units`, mask 0x38 */
  timeUnit: { unknown: 0, sec: 8, msec: 16, usec: 24 },
  /** `sizeof_hdr` of NIfTI-1 and NIfTI-2 */
  headerSize: { 1: 348, 2: 540 },
} as const;
