/** Disjoint sets over 0..n-1: `parent` (a root is its own parent) and `find` (path halving). */
export interface UnionFind {
  readonly parent: Int32Array;
  readonly find: (x: number) => number;
}

/** {@link UnionFind} of `n` singletons; join two sets by `parent[find(a)] = find(b)`. */
export function unionFind(n: number): UnionFind {
  const parent = new Int32Array(n);
  for (let v = 0; v < n; v++) parent[v] = v;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  return { parent, find };
}
