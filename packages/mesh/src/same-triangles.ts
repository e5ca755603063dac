/** Whether two triangle lists are equal: the same array, else compared element by element, O(T). */
export function sameTriangles(a: Uint32Array, b: Uint32Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
