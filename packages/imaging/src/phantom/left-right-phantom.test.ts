import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LEFT_RIGHT_HU, leftRightPhantom } from './left-right-phantom.ts';

test('markers where stated: left +x, anterior -y, superior +z; body around them', () => {
  const { phantom, markers, markerRadii, body } = leftRightPhantom();
  assert.deepEqual(markers, { left: [35, 0, 0], anterior: [0, -28, 0], superior: [0, 0, 50] });
  assert.deepEqual(markerRadii, { left: 10, anterior: 7, superior: 6 });
  assert.deepEqual(body.semiAxes, [60, 45, 75]);
  for (const m of [markers.left, markers.anterior, markers.superior]) {
    assert.equal(phantom(m[0], m[1], m[2]), LEFT_RIGHT_HU.marker);
  }
  // the mirror images of the markers are soft tissue, not marker
  assert.equal(phantom(-35, 0, 0), LEFT_RIGHT_HU.body);
  assert.equal(phantom(0, 28, 0), LEFT_RIGHT_HU.body);
  assert.equal(phantom(0, 0, -50), LEFT_RIGHT_HU.body);
  // swapping axes moves the left marker to tissue too
  assert.equal(phantom(0, 35, 0), LEFT_RIGHT_HU.body);
  assert.equal(phantom(0, 0, 35), LEFT_RIGHT_HU.body);
  assert.equal(phantom(0, 0, 0), LEFT_RIGHT_HU.body);
  assert.equal(phantom(61, 0, 0), LEFT_RIGHT_HU.air);
  assert.equal(phantom(35 + 9.9, 0, 0), LEFT_RIGHT_HU.marker);
  assert.equal(phantom(35 + 10.1, 0, 0), LEFT_RIGHT_HU.body);
});

test('centre and scale move and size everything', () => {
  const { phantom, markers, markerRadii } = leftRightPhantom({
    center: [100, -50, 20],
    scale: 0.5,
  });
  assert.deepEqual(markers.left, [117.5, -50, 20]);
  assert.deepEqual(markers.anterior, [100, -64, 20]);
  assert.deepEqual(markers.superior, [100, -50, 45]);
  assert.equal(markerRadii.left, 5);
  assert.equal(phantom(117.5 + 4.9, -50, 20), 1000);
  assert.equal(phantom(117.5 + 5.1, -50, 20), 40);
  assert.equal(phantom(100 + 30.1, -50, 20), -1000);
});
