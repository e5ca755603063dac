import Module from 'manifold-3d';
import type { ManifoldToplevel } from 'manifold-3d';
import { MeshError } from './mesh-error.ts';
import type { Mesh } from './mesh.ts';

/** manifold-3d's verdict on a mesh. */
export interface ManifoldCheck {
  /** 'NoError' when manifold-3d accepts the mesh as a closed oriented 2-manifold */
  readonly status: string;
  readonly genus: number;
  /** mm³ */
  readonly volume: number;
  /** mm² */
  readonly area: number;
}

/**
 * A loaded manifold-3d WASM module (the independent check of watertightness and the boolean
 * engine). Create once with `ManifoldEngine.create()`, reuse, and `dispose()` when done.
 */
export class ManifoldEngine {
  private constructor(
    /** the loaded manifold-3d module (booleans, ray casts); valid until `dispose()` */
    readonly wasm: ManifoldToplevel,
  ) {}

  /** Loads and sets up the WASM module. Throws MeshError WASM_FAILED if it cannot load. */
  static async create(): Promise<ManifoldEngine> {
    try {
      const wasm = await Module();
      wasm.setup();
      return new ManifoldEngine(wasm);
    } catch (cause) {
      throw new MeshError('WASM_FAILED', 'manifold-3d failed to load', { cause });
    }
  }

  /**
   * Builds a manifold-3d Manifold from the mesh (topology by vertex index, no merging) and
   * reports its status, genus, volume and area. The mesh is not mutated.
   */
  check(mesh: Mesh): ManifoldCheck {
    const { Manifold, Mesh: WMesh } = this.wasm;
    const m = new WMesh({ numProp: 3, vertProperties: mesh.positions, triVerts: mesh.triangles });
    let manifold: InstanceType<typeof Manifold>;
    try {
      manifold = new Manifold(m);
    } catch (err) {
      // manifold-3d throws ManifoldError with the status as `code` (e.g. 'NotManifold')
      const code = (err as { code?: unknown }).code;
      return {
        status: typeof code === 'string' ? code : 'Unknown',
        genus: NaN,
        volume: NaN,
        area: NaN,
      };
    }
    try {
      const status = String(manifold.status());
      const ok = status === 'NoError';
      return {
        status,
        genus: ok ? manifold.genus() : NaN,
        volume: ok ? manifold.volume() : NaN,
        area: ok ? manifold.surfaceArea() : NaN,
      };
    } finally {
      manifold.delete();
    }
  }

  /** Releases nothing today (the module has no global handle); kept for the lifecycle contract. */
  dispose(): void {}
}
