import { MeshError } from './mesh-error.ts';
import { extendMesh } from './extend-mesh.ts';
import type { Mesh } from './mesh.ts';

/** Result of {@link fillSmallHoles}. */
export interface FillHolesResult {
  readonly mesh: Mesh;
  /** holes closed */
  readonly filled: number;
  /** boundary loops left open: longer than maxEdges, or through a vertex with several loops */
  readonly leftOpen: number;
  /** boundary edges of the loops left open */
  readonly openEdges: number;
}

/**
 * Closes the small holes of an open mesh: every boundary loop (half-edges without a twin,
 * followed head to tail) of at most `maxEdges` edges gets a cap, oriented like its
 * surroundings (each cap triangle holds the reverse of a boundary half-edge, so the result
 * stays consistently oriented). A 3-edge loop gets one triangle; longer loops a fan around a
 * new vertex at the loop's centroid (LPS mm). Loops that are longer, or that pass through a
 * vertex where boundary loops touch (ambiguous), are left open and counted.
 * Repair first (merged vertices, no duplicate triangles): topology is by vertex index.
 * The input is not mutated. Cost: O(V + T).
 * @throws MeshError INVALID_OPTIONS when maxEdges < 3
 */
export function fillSmallHoles(mesh: Mesh, maxEdges: number): FillHolesResult {
  if (!(maxEdges >= 3)) throw new MeshError('INVALID_OPTIONS', 'maxEdges must be >= 3');
  const P = mesh.positions;
  const T = mesh.triangles;
  const nv = P.length / 3;
  const nh = T.length;
  // outgoing half-edges per vertex (CSR): half-edge h = corner h, from T[h] to the next corner
  const start = new Int32Array(nv + 1);
  for (let h = 0; h < nh; h++) start[T[h] + 1]++;
  for (let v = 0; v < nv; v++) start[v + 1] += start[v];
  const fill = start.slice(0, nv);
  const out = new Int32Array(nh);
  const headOf = (h: number) => T[h - (h % 3) + (((h % 3) + 1) % 3)];
  for (let h = 0; h < nh; h++) out[fill[T[h]]++] = h;
  // boundary half-edges: no twin (head -> tail) among the head's outgoing half-edges
  const isBoundary = new Uint8Array(nh);
  const boundaryOut = new Int32Array(nv); // boundary half-edges leaving each vertex
  for (let h = 0; h < nh; h++) {
    const a = T[h];
    const b = headOf(h);
    let twin = false;
    for (let e = start[b]; e < start[b + 1]; e++) {
      if (headOf(out[e]) === a) {
        twin = true;
        break;
      }
    }
    if (!twin) {
      isBoundary[h] = 1;
      boundaryOut[a]++;
    }
  }
  const nextBoundary = (v: number): number => {
    for (let e = start[v]; e < start[v + 1]; e++) if (isBoundary[out[e]]) return out[e];
    return -1;
  };
  const visited = new Uint8Array(nh);
  const newTriangles: number[] = [];
  const newPositions: number[] = [];
  let filled = 0;
  let leftOpen = 0;
  let openEdges = 0;
  const loop: number[] = [];
  for (let h0 = 0; h0 < nh; h0++) {
    if (!isBoundary[h0] || visited[h0]) continue;
    loop.length = 0;
    let simple = true;
    let h = h0;
    // follow head to tail until back at the start (or stuck on an open chain)
    for (;;) {
      visited[h] = 1;
      loop.push(T[h]);
      const b = headOf(h);
      if (boundaryOut[b] !== 1) simple = false;
      const nxt = nextBoundary(b);
      if (nxt < 0 || nxt === h0 || visited[nxt]) {
        if (nxt !== h0) simple = false;
        break;
      }
      h = nxt;
    }
    if (!simple || loop.length > maxEdges || loop.length < 3) {
      leftOpen++;
      openEdges += loop.length;
      continue;
    }
    filled++;
    if (loop.length === 3) {
      newTriangles.push(loop[0], loop[2], loop[1]);
      continue;
    }
    const c = nv + newPositions.length / 3;
    let cx = 0;
    let cy = 0;
    let cz = 0;
    for (const v of loop) {
      cx += P[3 * v];
      cy += P[3 * v + 1];
      cz += P[3 * v + 2];
    }
    newPositions.push(cx / loop.length, cy / loop.length, cz / loop.length);
    for (let i = 0; i < loop.length; i++) {
      newTriangles.push(loop[(i + 1) % loop.length], loop[i], c);
    }
  }
  if (filled === 0) return { mesh, filled, leftOpen, openEdges };
  return { mesh: extendMesh(P, T, newPositions, newTriangles), filled, leftOpen, openEdges };
}
