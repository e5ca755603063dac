import type { Mesh } from './mesh.ts';

/**
 * Resolves edges shared by exactly four triangles (two in each direction) by splitting one
 * sheet's copy of the edge at a new vertex. Such edges arise where a segment wraps around both
 * sides of a cube face whose other diagonal is background (a one-voxel tunnel through a face);
 * elsewhere the mesh is untouched. The two triangles that stay together are angular
 * neighbours about the edge, so the result is manifold; the new vertex sits a quarter of the
 * way from the edge midpoint towards their far vertices, off the other sheet.
 * Returns the input object itself when nothing needed splitting. Cost: O(triangles).
 */
export function splitFourWayEdges(mesh: Mesh): { mesh: Mesh; splits: number } {
  const { positions: P, triangles: T } = mesh;
  const nv = P.length / 3;
  const nt = T.length / 3;
  const start = new Uint32Array(nv + 1);
  for (let c = 0; c < 3 * nt; c++) {
    const a = T[c];
    const b = T[c - (c % 3) + ((c + 1) % 3)];
    start[(a < b ? a : b) + 1]++;
  }
  for (let v = 0; v < nv; v++) start[v + 1] += start[v];
  const fill = start.slice(0, nv);
  const corner = new Uint32Array(3 * nt); // half-edge = triangle corner it starts at
  for (let c = 0; c < 3 * nt; c++) {
    const a = T[c];
    const b = T[c - (c % 3) + ((c + 1) % 3)];
    corner[fill[a < b ? a : b]++] = c;
  }
  const tri = T.slice();
  const pos: number[] = [];
  const halves: number[] = [];
  let splits = 0;
  const group: number[] = [];
  for (let lo = 0; lo < nv; lo++) {
    for (let i = start[lo]; i < start[lo + 1]; i++) {
      const ci = corner[i];
      const hi = other(T, ci, lo);
      if (hi < lo) continue;
      group.length = 0;
      let firstSeen = true;
      for (let j = start[lo]; j < start[lo + 1]; j++) {
        if (other(T, corner[j], lo) !== hi) continue;
        if (j < i) firstSeen = false;
        group.push(corner[j]);
      }
      if (!firstSeen || group.length !== 4) continue;
      // angular order of the far vertices about the edge lo -> hi
      const ex = P[3 * hi] - P[3 * lo];
      const ey = P[3 * hi + 1] - P[3 * lo + 1];
      const ez = P[3 * hi + 2] - P[3 * lo + 2];
      const el = Math.hypot(ex, ey, ez) || 1;
      const [ux, uy, uz] = [ex / el, ey / el, ez / el];
      let ref: [number, number, number] | null = null;
      const angles = group.map((c) => {
        const f = T[c - (c % 3) + ((c + 2) % 3)];
        let dx = P[3 * f] - P[3 * lo];
        let dy = P[3 * f + 1] - P[3 * lo + 1];
        let dz = P[3 * f + 2] - P[3 * lo + 2];
        const d = dx * ux + dy * uy + dz * uz;
        dx -= d * ux;
        dy -= d * uy;
        dz -= d * uz;
        if (!ref) ref = [dx, dy, dz];
        const [rx, ry, rz] = ref;
        const cos = dx * rx + dy * ry + dz * rz;
        const sin = ux * (ry * dz - rz * dy) + uy * (rz * dx - rx * dz) + uz * (rx * dy - ry * dx);
        return Math.atan2(sin, cos);
      });
      const order = [0, 1, 2, 3].sort((a, b) => angles[a] - angles[b]);
      const fwd = (c: number) => T[c] === lo;
      // pair the first triangle with an angular neighbour of the other direction
      const a = order[0];
      const b = fwd(group[order[1]]) !== fwd(group[a]) ? order[1] : order[3];
      if (fwd(group[b]) === fwd(group[a])) continue; // not two-and-two: leave it
      const m = nv + pos.length / 3;
      const fa = T[group[a] - (group[a] % 3) + ((group[a] + 2) % 3)];
      const fb = T[group[b] - (group[b] % 3) + ((group[b] + 2) % 3)];
      for (let r = 0; r < 3; r++) {
        const mid = (P[3 * lo + r] + P[3 * hi + r]) / 2;
        const far = (P[3 * fa + r] + P[3 * fb + r]) / 2;
        pos.push(mid + 0.25 * (far - mid));
      }
      splitTriangle(tri, group[a], m, halves);
      splitTriangle(tri, group[b], m, halves);
      splits++;
    }
  }
  if (splits === 0) return { mesh, splits };
  const triangles = new Uint32Array(tri.length + halves.length);
  triangles.set(tri);
  triangles.set(halves, tri.length);
  const positions = new Float32Array(P.length + pos.length);
  positions.set(P);
  positions.set(pos, P.length);
  return { mesh: { kind: 'Mesh', positions, triangles }, splits };
}

/** Splits the edge starting at corner c at vertex m: (a,b,f) -> (a,m,f), appends (m,b,f). */
function splitTriangle(tri: Uint32Array, c: number, m: number, halves: number[]): void {
  const t = c - (c % 3);
  const a = tri[c];
  const b = tri[t + ((c + 1) % 3)];
  const f = tri[t + ((c + 2) % 3)];
  tri[t] = a;
  tri[t + 1] = m;
  tri[t + 2] = f;
  halves.push(m, b, f);
}

function other(T: Uint32Array, c: number, v: number): number {
  const a = T[c];
  const b = T[c - (c % 3) + ((c + 1) % 3)];
  return a === v ? b : a;
}
