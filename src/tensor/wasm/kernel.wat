  ;; Micro-kernel: one 4×8 block of C in eight 128-bit registers (4 float32 lanes each).
  ;;
  ;;   acc[r][s] = Σ_p Ap[p][r] · Bp[p][s]            for p < kc, r < 4, s < 8
  ;;
  ;; c{r}{h} holds acc[r][4h .. 4h+3]. Each step p loads one row of the B panel (b0, b1), broadcasts
  ;; the four values of the A panel one at a time (a) and does 8 multiplies and 8 adds: the rank-1
  ;; update of the block. Why 4×8: V8 gives wasm 15 SIMD registers (xmm15 is its scratch) and, with
  ;; no FMA, each multiply needs a temporary; 8 + 2 + 1 + 1 fit, while a 6×8 block (12 + 4) made
  ;; V8 spill accumulators inside the loop (measured 22 vs 35–40 GFLOP/s for the kernel alone).
  ;; For the same reason the kernel makes no call: it parks the block in tmp[4][8] and $storeTile
  ;; writes it to C. Each `c += a·b` is written as f32x4.add of f32x4.mul, the build that gives the
  ;; same bits on every machine; scripts/build-wasm.js also emits gemm-fma.wasm, where each becomes
  ;; f32x4.relaxed_madd (one rounding, and on x86 one vfmadd instead of two instructions: ~45 vs
  ;; ~37 GFLOP/s). Ap is p-major with 4 floats per step (16 bytes), Bp p-major
  ;; with 8 floats (32 bytes). Every C element is summed in the same order, p = 0, 1, …, whatever
  ;; block or thread computes it: a ragged edge runs the same full 4×8 kernel and writes back only
  ;; the mr × nr part that exists.
  (func $kernel (param $ap i32) (param $bp i32) (param $kc i32) (param $tmp i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $a v128)
    (loop $step
      (local.set $b0 (v128.load (local.get $bp)))
      (local.set $b1 (v128.load offset=16 (local.get $bp)))
      (local.set $a (v128.load32_splat (local.get $ap)))
      (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat offset=4 (local.get $ap)))
      (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat offset=8 (local.get $ap)))
      (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat offset=12 (local.get $ap)))
      (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $ap (i32.add (local.get $ap) (i32.const 16)))
      (local.set $bp (i32.add (local.get $bp) (i32.const 32)))
      (br_if $step (local.tee $kc (i32.sub (local.get $kc) (i32.const 1)))))
    (v128.store offset=0 (local.get $tmp) (local.get $c00))
    (v128.store offset=16 (local.get $tmp) (local.get $c01))
    (v128.store offset=32 (local.get $tmp) (local.get $c10))
    (v128.store offset=48 (local.get $tmp) (local.get $c11))
    (v128.store offset=64 (local.get $tmp) (local.get $c20))
    (v128.store offset=80 (local.get $tmp) (local.get $c21))
    (v128.store offset=96 (local.get $tmp) (local.get $c30))
    (v128.store offset=112 (local.get $tmp) (local.get $c31)))

  ;; C[r][s] = tmp[r][s], or C[r][s] + tmp[r][s] when add, for r < mr, s < nr (C rows ldc bytes apart).
  (func $storeTile (param $tmp i32) (param $c i32) (param $ldc i32) (param $mr i32) (param $nr i32) (param $add i32)
    (local $r i32) (local $s i32) (local $dst i32) (local $value f32)
    (if (i32.eq (local.get $nr) (i32.const 8))
      (then ;; whole rows: two 16-byte stores each
        (loop $rows
          (if (local.get $add)
            (then
              (v128.store (local.get $c) (f32x4.add (v128.load (local.get $c)) (v128.load (local.get $tmp))))
              (v128.store offset=16 (local.get $c)
                          (f32x4.add (v128.load offset=16 (local.get $c)) (v128.load offset=16 (local.get $tmp)))))
            (else
              (v128.store (local.get $c) (v128.load (local.get $tmp)))
              (v128.store offset=16 (local.get $c) (v128.load offset=16 (local.get $tmp)))))
          (local.set $tmp (i32.add (local.get $tmp) (i32.const 32)))
          (local.set $c (i32.add (local.get $c) (local.get $ldc)))
          (br_if $rows (i32.lt_u (local.tee $r (i32.add (local.get $r) (i32.const 1))) (local.get $mr)))))
      (else ;; ragged right edge: one float at a time
        (loop $rows
          (local.set $s (i32.const 0))
          (loop $cols
            (local.set $dst (i32.add (local.get $c) (i32.shl (local.get $s) (i32.const 2))))
            (local.set $value (f32.load (i32.add (local.get $tmp) (i32.shl (local.get $s) (i32.const 2)))))
            (if (local.get $add)
              (then (local.set $value (f32.add (f32.load (local.get $dst)) (local.get $value)))))
            (f32.store (local.get $dst) (local.get $value))
            (br_if $cols (i32.lt_u (local.tee $s (i32.add (local.get $s) (i32.const 1))) (local.get $nr))))
          (local.set $tmp (i32.add (local.get $tmp) (i32.const 32)))
          (local.set $c (i32.add (local.get $c) (local.get $ldc)))
          (br_if $rows (i32.lt_u (local.tee $r (i32.add (local.get $r) (i32.const 1))) (local.get $mr)))))))
