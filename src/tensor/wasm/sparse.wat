  ;; Skipping zeros of A (MNIST: ~81 % of the pixels are 0; in a batch of 120 images, 61 % of the
  ;; 4-image slices A[i..i+3][p] of the first layer's forward product are all 0, and 72 % of the
  ;; 4-pixel slices of its weight gradient's Xᵀ). With `skip` (bit 1 of gemm's accumulate), after
  ;; packing a block of A, $compactPanels keeps in each 4-row panel only the steps p whose four values
  ;; are not all 0, with the list of those p, and $kernelSkip runs the 4×8 block over that list,
  ;; reading the B panel (in L1) at each listed p. Same bits as $kernel: a skipped step adds 0·b to
  ;; each accumulator, which changes nothing, fused or not (the accumulators start at +0, and a sum
  ;; that starts at +0 never becomes −0). The one exception: an infinite or NaN b times 0 is NaN in
  ;; $kernel and skipped here; weights like that mean training has already diverged.

  ;; Compacts the `panels` 4-row panels of a packed A block (each kc steps of 4 floats, panel r at
  ;; ap + 16·kc·r) in place, and writes panel r's kept steps to lists + 4·(KC + 1)·r: the count,
  ;; then the p of each kept step, ascending.
  (func $compactPanels (param $ap i32) (param $panels i32) (param $kc i32) (param $lists i32)
    (local $src i32) (local $dst i32) (local $end i32) (local $list i32) (local $count i32) (local $p i32)
    (local $keep i32) (local $v v128)
    (local.set $src (local.get $ap))
    (loop $panel
      (local.set $dst (local.get $src))
      (local.set $end (i32.add (local.get $src) (i32.shl (local.get $kc) (i32.const 4))))
      (local.set $list (local.get $lists))
      (local.set $count (i32.const 0))
      (local.set $p (i32.const 0))
      ;; Branch-free (which steps are zeros is random; a mispredicted branch a step cost more than the
      ;; skipping saved): every step is written at the next free place and kept if it is not all 0.
      (loop $step
        (local.set $v (v128.load (local.get $src)))
        (v128.store (local.get $dst) (local.get $v))
        (i32.store offset=4 (i32.add (local.get $list) (i32.shl (local.get $count) (i32.const 2))) (local.get $p))
        ;; −0 has its sign bit set: compare as floats, not bits.
        (local.set $keep (v128.any_true (v128.not (f32x4.eq (local.get $v) (v128.const i32x4 0 0 0 0)))))
        (local.set $count (i32.add (local.get $count) (local.get $keep)))
        (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $keep) (i32.const 4))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br_if $step (i32.lt_u (local.tee $src (i32.add (local.get $src) (i32.const 16))) (local.get $end))))
      (i32.store (local.get $list) (local.get $count))
      (local.set $lists (i32.add (local.get $lists) (i32.shl (i32.add (global.get $KC) (i32.const 1)) (i32.const 2))))
      (br_if $panel (local.tee $panels (i32.sub (local.get $panels) (i32.const 1))))))

  ;; $kernel over the steps of a compacted panel: acc[r][s] = Σ over listed p of Ap[e][r] · Bp[p][s],
  ;; e the step's place in the list. Each multiply-add is written as in $kernel (the FMA build fuses
  ;; these too).
  (func $kernelSkip (param $ap i32) (param $bp i32) (param $list i32) (param $tmp i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $a v128) (local $count i32) (local $at i32)
    (local.set $count (i32.load (local.get $list)))
    (if (local.get $count)
      (then
        (loop $step
          (local.set $list (i32.add (local.get $list) (i32.const 4)))
          (local.set $at (i32.add (local.get $bp) (i32.shl (i32.load (local.get $list)) (i32.const 5))))
          (local.set $b0 (v128.load (local.get $at)))
          (local.set $b1 (v128.load offset=16 (local.get $at)))
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
          (br_if $step (local.tee $count (i32.sub (local.get $count) (i32.const 1)))))))
    (v128.store offset=0 (local.get $tmp) (local.get $c00))
    (v128.store offset=16 (local.get $tmp) (local.get $c01))
    (v128.store offset=32 (local.get $tmp) (local.get $c10))
    (v128.store offset=48 (local.get $tmp) (local.get $c11))
    (v128.store offset=64 (local.get $tmp) (local.get $c20))
    (v128.store offset=80 (local.get $tmp) (local.get $c21))
    (v128.store offset=96 (local.get $tmp) (local.get $c30))
    (v128.store offset=112 (local.get $tmp) (local.get $c31)))

  ;; How many steps p < k of 4 rows of A (float strides rowStride between the rows, colStride between
  ;; steps, from x) are 0 in all four rows: the backend's estimate of what skipping would save.
  (func $zeroSteps (export "zeroSteps") (param $x i32) (param $rowStride i32) (param $colStride i32) (param $k i32)
    (result i32)
    (local $p i32) (local $count i32) (local $at i32) (local $row i32)
    (local.set $rowStride (i32.shl (local.get $rowStride) (i32.const 2)))
    (local.set $colStride (i32.shl (local.get $colStride) (i32.const 2)))
    (block $done
      (loop $step
        (br_if $done (i32.ge_s (local.get $p) (local.get $k)))
        (local.set $at (local.get $x))
        (local.set $row (i32.const 0))
        (block $nonzero
          (loop $rows
            (br_if $nonzero (f32.ne (f32.load (local.get $at)) (f32.const 0)))
            (local.set $at (i32.add (local.get $at) (local.get $rowStride)))
            (br_if $rows (i32.lt_u (local.tee $row (i32.add (local.get $row) (i32.const 1))) (i32.const 4))))
          (local.set $count (i32.add (local.get $count) (i32.const 1))))
        (local.set $x (i32.add (local.get $x) (local.get $colStride)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $step)))
    (local.get $count))
