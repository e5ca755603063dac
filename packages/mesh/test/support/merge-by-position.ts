import type { Mesh } from '../../src/mesh.ts';

/**
 * Joins meshes, merging vertices with bit-identical positions, and cancels triangle pairs that
 * are exact reverses of each other (a shared interface seen from both sides). What remains of
 * touching, crack-free segment meshes is the closed outer surface of their union.
 */
export function mergeAndCancel(meshes: readonly Mesh[]): Mesh {
  const ids = new Map<string, number>();
  const pos: number[] = [];
  const tris: number[][] = [];
  for (const m of meshes) {
    const remap: number[] = [];
    for (let v = 0; v < m.positions.length / 3; v++) {
      const key = `${m.positions[3 * v]},${m.positions[3 * v + 1]},${m.positions[3 * v + 2]}`;
      let id = ids.get(key);
      if (id === undefined) {
        id = pos.length / 3;
        ids.set(key, id);
        pos.push(m.positions[3 * v], m.positions[3 * v + 1], m.positions[3 * v + 2]);
      }
      remap.push(id);
    }
    for (let t = 0; t < m.triangles.length; t += 3) {
      tris.push([remap[m.triangles[t]], remap[m.triangles[t + 1]], remap[m.triangles[t + 2]]]);
    }
  }
  const canon = (t: number[]) => {
    const r = t.indexOf(Math.min(...t));
    return [t[r], t[(r + 1) % 3], t[(r + 2) % 3]].join(',');
  };
  const count = new Map<string, number>();
  for (const t of tris) count.set(canon(t), (count.get(canon(t)) ?? 0) + 1);
  const kept = tris.filter((t) => !count.has(canon([t[0], t[2], t[1]])));
  return {
    kind: 'Mesh',
    positions: Float32Array.from(pos),
    triangles: Uint32Array.from(kept.flat()),
  };
}
