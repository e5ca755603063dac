;; Range threshold of 16-bit voxels with WebAssembly SIMD (source of THRESHOLD16_WASM in
;; ../threshold16-wasm.ts; test/threshold16-wasm.test.ts compiles this file with wabt and checks
;; the embedded bytes are its binary).
;;
;; thrS / thrU (src, dst, blocks, lo, hi): for `blocks` blocks of 16 voxels, int16 (thrS) or
;; uint16 (thrU) at byte offset `src`, writes one byte per voxel at `dst`: 1 when
;; lo <= value <= hi, else 0. lo and hi are already integers in the type's range.
(module
  (memory (export "memory") 1)
  (func (export "thrS") (param $src i32) (param $dst i32) (param $blocks i32) (param $lo i32) (param $hi i32)
    (local $vlo v128) (local $vhi v128) (local $one v128) (local $a v128) (local $b v128)
    (local.set $vlo (i16x8.splat (local.get $lo)))
    (local.set $vhi (i16x8.splat (local.get $hi)))
    (local.set $one (i8x16.splat (i32.const 1)))
    (block $done
      (br_if $done (i32.eqz (local.get $blocks)))
      (loop $next
        (local.set $a (v128.load (local.get $src)))
        (local.set $b (v128.load offset=16 (local.get $src)))
        ;; lanes are 0xffff or 0; narrowing keeps -1 / 0 per byte; and 1 makes it 1 / 0
        (v128.store (local.get $dst)
          (v128.and (local.get $one)
            (i8x16.narrow_i16x8_s
              (v128.and (i16x8.ge_s (local.get $a) (local.get $vlo)) (i16x8.le_s (local.get $a) (local.get $vhi)))
              (v128.and (i16x8.ge_s (local.get $b) (local.get $vlo)) (i16x8.le_s (local.get $b) (local.get $vhi))))))
        (local.set $src (i32.add (local.get $src) (i32.const 32)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $blocks (i32.sub (local.get $blocks) (i32.const 1)))
        (br_if $next (local.get $blocks)))))
  (func (export "thrU") (param $src i32) (param $dst i32) (param $blocks i32) (param $lo i32) (param $hi i32)
    (local $vlo v128) (local $vhi v128) (local $one v128) (local $a v128) (local $b v128)
    (local.set $vlo (i16x8.splat (local.get $lo)))
    (local.set $vhi (i16x8.splat (local.get $hi)))
    (local.set $one (i8x16.splat (i32.const 1)))
    (block $done
      (br_if $done (i32.eqz (local.get $blocks)))
      (loop $next
        (local.set $a (v128.load (local.get $src)))
        (local.set $b (v128.load offset=16 (local.get $src)))
        (v128.store (local.get $dst)
          (v128.and (local.get $one)
            (i8x16.narrow_i16x8_s
              (v128.and (i16x8.ge_u (local.get $a) (local.get $vlo)) (i16x8.le_u (local.get $a) (local.get $vhi)))
              (v128.and (i16x8.ge_u (local.get $b) (local.get $vlo)) (i16x8.le_u (local.get $b) (local.get $vhi))))))
        (local.set $src (i32.add (local.get $src) (i32.const 32)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $blocks (i32.sub (local.get $blocks) (i32.const 1)))
        (br_if $next (local.get $blocks)))))
)
