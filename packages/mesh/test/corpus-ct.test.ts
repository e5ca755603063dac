import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadVolumeFromPath } from '@anatomodel/imaging/node';
import { filterComponents, thresholdVolume } from '@anatomodel/segmentation';
import { corpusRoot, CORPUS_ABSENT } from '../../imaging/test/support/corpus.ts';
import {
  analyzeMesh,
  labelSurfaceToMeshes,
  ManifoldEngine,
  smoothMesh,
  surfaceNets,
} from '../src/index.ts';

const root = corpusRoot();

test(
  'corpus CT bone (512x512x134): surface is watertight and manifold, raw and smoothed',
  { skip: root ? false : CORPUS_ABSENT },
  async () => {
    const { volume } = await loadVolumeFromPath(join(root!, 'ct_abdomen_pancreas_tcia', 'dicom'));
    const bone = thresholdVolume(volume, { preset: 'ct-bone' });
    const engine = await ManifoldEngine.create();
    for (const lm of [bone, filterComponents(bone, { keep: 'largest', connectivity: 6 })]) {
      const [seg] = labelSurfaceToMeshes(surfaceNets(lm));
      for (const mesh of [seg.mesh, smoothMesh(seg.mesh).mesh]) {
        const a = analyzeMesh(mesh);
        assert.equal(a.watertight, true, JSON.stringify(a));
        assert.ok(a.signedVolume > 0);
        assert.equal(engine.check(mesh).status, 'NoError');
      }
    }
  },
);

test(
  'corpus CT head with 18.5 deg gantry tilt and 1.08-7 mm gaps (resampled): bone surface watertight and manifold, raw and smoothed',
  { skip: root ? false : CORPUS_ABSENT },
  async () => {
    const { volume, warnings } = await loadVolumeFromPath(
      join(root!, 'ct_head_tilt_ge_varspacing'),
    );
    assert.ok(warnings.some((w) => w.includes('gantry tilt')));
    const bone = thresholdVolume(volume, { preset: 'ct-bone' });
    const engine = await ManifoldEngine.create();
    const [seg] = labelSurfaceToMeshes(surfaceNets(bone));
    for (const mesh of [seg.mesh, smoothMesh(seg.mesh).mesh]) {
      const a = analyzeMesh(mesh);
      assert.equal(a.watertight, true, JSON.stringify(a));
      assert.ok(a.signedVolume > 0);
      assert.ok(a.shells > 1, 'skull, head holder and loose fragments: several shells');
      assert.equal(engine.check(mesh).status, 'NoError');
    }
    engine.dispose();
  },
);
