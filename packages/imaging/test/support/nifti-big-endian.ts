/**
 * A big-endian copy of a little-endian NIfTI-1 file whose voxels are 16-bit and start at byte
 * 352 (what `writeNifti` writes for int16 data): every multi-byte header field and voxel is
 * byte-swapped.
 */
export function bigEndianCopy(le: Uint8Array): Uint8Array {
  const be = le.slice();
  const swap = (at: number, width: number) => be.subarray(at, at + width).reverse();
  swap(0, 4); // sizeof_hdr
  for (let o = 40; o < 56; o += 2) swap(o, 2); // dim[8]
  for (let o = 56; o < 68; o += 4) swap(o, 4); // intent_p1..3
  for (let o = 68; o < 76; o += 2) swap(o, 2); // intent_code, datatype, bitpix, slice_start
  for (let o = 76; o < 120; o += 4) swap(o, 4); // pixdim, vox_offset, scl_slope, scl_inter
  swap(120, 2); // slice_end
  for (let o = 124; o < 148; o += 4) swap(o, 4); // cal_max, cal_min, slice_duration, toffset
  swap(252, 2); // qform_code
  swap(254, 2); // sform_code
  for (let o = 256; o < 328; o += 4) swap(o, 4); // quatern, qoffset, srow
  for (let o = 352; o < be.length; o += 2) swap(o, 2); // int16 voxels
  return be;
}
