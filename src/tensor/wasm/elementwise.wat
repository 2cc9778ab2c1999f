  ;; Element-wise kernels of a training step, four float32 lanes at a time (the reference loops are
  ;; in ../elementwise.ts; each kernel here gives the same bits as its loop there):
  ;;
  ;;   relu          a[i]  = z[i] > 0 ? z[i] : 0            (a mask, no branch: random signs
  ;;   reluBackward  dz[i] = z[i] > 0 ? dy[i] : 0            mispredict half the time in JS)
  ;;   addBias       z[r][c] += bias[c]
  ;;   biasActivation  addBias, then relu or sigmoid, row by row
  ;;   sigmoidBackward dz[i] = dy[i]·a[i]·(1 − a[i])         in float64 lanes, as the loop
  ;;   columnSums    out[c] (+)= Σ_r x[r][c]                 rows in order 0, 1, …, as the loop
  ;;   sgd           θ[i] ← θ[i] − lr·g[i]                  float32 arithmetic (Keras), lr rounded
  ;;                                                         to float32 by the caller
  ;;   scaleBytes    out[i] = bytes[i] / 255                 a batch of images into [0, 1]
  ;;   gatherScale   out[r][j] = bytes[order[r]][j] / 255    the same, rows picked by index
  ;;   (LeakyReLU, PReLU and dropout: masks.wat)
  ;;
  ;; z > 0 as a lane mask is false for −0 and NaN, like the JS comparison. Lengths need not be
  ;; multiples of 4: the last n mod 4 elements go one at a time. Addresses are byte offsets.

  ;; a[i] = z[i] > 0 ? z[i] : 0 for i < n.
  (func $relu (export "relu") (param $z i32) (param $a i32) (param $n i32)
    (local $end i32) (local $x v128) (local $s f32)
    (local.set $end (i32.add (local.get $z) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $quad
        (br_if $done (i32.ge_u (local.get $z) (local.get $end)))
        (local.set $x (v128.load (local.get $z)))
        (v128.store (local.get $a) (v128.and (local.get $x) (f32x4.gt (local.get $x) (v128.const f32x4 0 0 0 0))))
        (local.set $z (i32.add (local.get $z) (i32.const 16)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (br $quad)))
    (local.set $n (i32.and (local.get $n) (i32.const 3)))
    (block $tail
      (loop $one
        (br_if $tail (i32.eqz (local.get $n)))
        (local.set $s (f32.load (local.get $z)))
        (f32.store (local.get $a) (select (local.get $s) (f32.const 0) (f32.gt (local.get $s) (f32.const 0))))
        (local.set $z (i32.add (local.get $z) (i32.const 4)))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $one))))

  ;; dz[i] = z[i] > 0 ? dy[i] : 0 for i < n.
  (func $reluBackward (export "reluBackward") (param $z i32) (param $dy i32) (param $dz i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $z) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $quad
        (br_if $done (i32.ge_u (local.get $z) (local.get $end)))
        (v128.store (local.get $dz)
                    (v128.and (v128.load (local.get $dy)) (f32x4.gt (v128.load (local.get $z)) (v128.const f32x4 0 0 0 0))))
        (local.set $z (i32.add (local.get $z) (i32.const 16)))
        (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
        (local.set $dz (i32.add (local.get $dz) (i32.const 16)))
        (br $quad)))
    (local.set $n (i32.and (local.get $n) (i32.const 3)))
    (block $tail
      (loop $one
        (br_if $tail (i32.eqz (local.get $n)))
        (f32.store (local.get $dz)
                   (select (f32.load (local.get $dy)) (f32.const 0) (f32.gt (f32.load (local.get $z)) (f32.const 0))))
        (local.set $z (i32.add (local.get $z) (i32.const 4)))
        (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
        (local.set $dz (i32.add (local.get $dz) (i32.const 4)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $one))))

  ;; x[c] += y[c] for c < cols: one row of addBias or columnSums.
  (func $addRow (param $x i32) (param $y i32) (param $cols i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $x) (i32.shl (i32.and (local.get $cols) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $quad
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (v128.store (local.get $x) (f32x4.add (v128.load (local.get $x)) (v128.load (local.get $y))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (br $quad)))
    (local.set $cols (i32.and (local.get $cols) (i32.const 3)))
    (block $tail
      (loop $one
        (br_if $tail (i32.eqz (local.get $cols)))
        (f32.store (local.get $x) (f32.add (f32.load (local.get $x)) (f32.load (local.get $y))))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (local.set $y (i32.add (local.get $y) (i32.const 4)))
        (local.set $cols (i32.sub (local.get $cols) (i32.const 1)))
        (br $one))))

  ;; z[r][c] += bias[c] for r < rows, c < cols (z row-major).
  (func $addBias (export "addBias") (param $z i32) (param $bias i32) (param $rows i32) (param $cols i32)
    (block $done
      (loop $row
        (br_if $done (i32.eqz (local.get $rows)))
        (call $addRow (local.get $z) (local.get $bias) (local.get $cols))
        (local.set $z (i32.add (local.get $z) (i32.shl (local.get $cols) (i32.const 2))))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $row))))

  ;; z[r][c] += bias[c], then a[r] = relu(z[r]) (kind 0) or sigmoid(z[r]) (kind 1), a row at a time:
  ;; the row is still in L1 when the activation reads it back (one trip through memory, not two).
  (func $biasActivation (export "biasActivation") (param $z i32) (param $bias i32) (param $a i32) (param $rows i32)
                        (param $cols i32) (param $kind i32)
    (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $cols) (i32.const 2)))
    (block $done
      (loop $row
        (br_if $done (i32.eqz (local.get $rows)))
        (call $addRow (local.get $z) (local.get $bias) (local.get $cols))
        (if (i32.eqz (local.get $kind))
          (then (call $relu (local.get $z) (local.get $a) (local.get $cols)))
          (else (call $sigmoid (local.get $z) (local.get $a) (local.get $cols))))
        (local.set $z (i32.add (local.get $z) (local.get $rowBytes)))
        (local.set $a (i32.add (local.get $a) (local.get $rowBytes)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $row))))

  ;; out[c] = Σ_r x[r][c] (out[c] + Σ_r … when accumulate): zeros first, then rows added in order.
  (func $columnSums (export "columnSums") (param $x i32) (param $out i32) (param $rows i32) (param $cols i32) (param $accumulate i32)
    (if (i32.eqz (local.get $accumulate))
      (then (memory.fill (local.get $out) (i32.const 0) (i32.shl (local.get $cols) (i32.const 2)))))
    (block $done
      (loop $row
        (br_if $done (i32.eqz (local.get $rows)))
        (call $addRow (local.get $out) (local.get $x) (local.get $cols))
        (local.set $x (i32.add (local.get $x) (i32.shl (local.get $cols) (i32.const 2))))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $row))))

  ;; θ[i] ← θ[i] − lr·g[i] in float32 arithmetic, for i < n: lr as a float32 (the caller rounds it),
  ;; the product rounded, then the difference: Keras's assign_sub(lr·g) on a float32 variable.
  (func $sgd (export "sgd") (param $theta i32) (param $g i32) (param $lr f32) (param $n i32)
    (local $end i32) (local $rate v128)
    (local.set $rate (f32x4.splat (local.get $lr)))
    (local.set $end (i32.add (local.get $theta) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $quad
        (br_if $done (i32.ge_u (local.get $theta) (local.get $end)))
        (v128.store (local.get $theta) (f32x4.sub (v128.load (local.get $theta)) (f32x4.mul (local.get $rate) (v128.load (local.get $g)))))
        (local.set $theta (i32.add (local.get $theta) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (br $quad)))
    (local.set $n (i32.and (local.get $n) (i32.const 3)))
    (block $tail
      (loop $one
        (br_if $tail (i32.eqz (local.get $n)))
        (f32.store (local.get $theta) (f32.sub (f32.load (local.get $theta)) (f32.mul (local.get $lr) (f32.load (local.get $g)))))
        (local.set $theta (i32.add (local.get $theta) (i32.const 4)))
        (local.set $g (i32.add (local.get $g) (i32.const 4)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $one))))

  ;; out[i] = bytes[i] / 255 for i < n: images scaled to [0, 1]. The float32 quotient of two exact
  ;; float32 values is the correctly rounded b / 255, the same float32 as rounding the float64
  ;; quotient (which the JavaScript loop does): float64 carries more than 2·24 + 2 bits, so its
  ;; rounding before float32's cannot move the result.
  (func $scaleBytes (export "scaleBytes") (param $bytes i32) (param $n i32) (param $out i32)
    (local $end i32) (local $v v128) (local $w v128) (local $scale v128)
    (local.set $scale (v128.const f32x4 255 255 255 255))
    (local.set $end (i32.add (local.get $bytes) (i32.and (local.get $n) (i32.const -16))))
    (block $done
      (loop $sixteen
        (br_if $done (i32.ge_u (local.get $bytes) (local.get $end)))
        (local.set $v (v128.load (local.get $bytes)))
        (local.set $w (i16x8.extend_low_i8x16_u (local.get $v)))
        (v128.store (local.get $out) (f32x4.div (f32x4.convert_i32x4_u (i32x4.extend_low_i16x8_u (local.get $w))) (local.get $scale)))
        (v128.store offset=16 (local.get $out) (f32x4.div (f32x4.convert_i32x4_u (i32x4.extend_high_i16x8_u (local.get $w))) (local.get $scale)))
        (local.set $w (i16x8.extend_high_i8x16_u (local.get $v)))
        (v128.store offset=32 (local.get $out) (f32x4.div (f32x4.convert_i32x4_u (i32x4.extend_low_i16x8_u (local.get $w))) (local.get $scale)))
        (v128.store offset=48 (local.get $out) (f32x4.div (f32x4.convert_i32x4_u (i32x4.extend_high_i16x8_u (local.get $w))) (local.get $scale)))
        (local.set $bytes (i32.add (local.get $bytes) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 64)))
        (br $sixteen)))
    (local.set $n (i32.and (local.get $n) (i32.const 15)))
    (block $tail
      (loop $one
        (br_if $tail (i32.eqz (local.get $n)))
        (f32.store (local.get $out) (f32.div (f32.convert_i32_u (i32.load8_u (local.get $bytes))) (f32.const 255)))
        (local.set $bytes (i32.add (local.get $bytes) (i32.const 1)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $one))))

  ;; out[r][j] = bytes[order[r]·rowBytes + j] / 255 for r < rows, j < rowBytes: a batch of images
  ;; picked by the i32 indices at $order (the data set lives in this memory), each row as scaleBytes.
  (func $gatherScale (export "gatherScale") (param $bytes i32) (param $rowBytes i32) (param $order i32) (param $rows i32)
                     (param $out i32)
    (local $outRow i32)
    (local.set $outRow (i32.shl (local.get $rowBytes) (i32.const 2)))
    (block $done
      (loop $row
        (br_if $done (i32.eqz (local.get $rows)))
        (call $scaleBytes (i32.add (local.get $bytes) (i32.mul (i32.load (local.get $order)) (local.get $rowBytes)))
                          (local.get $rowBytes) (local.get $out))
        (local.set $order (i32.add (local.get $order) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (local.get $outRow)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $row))))

  ;; The logistic sigmoid a = 1 / (1 + e^−z) of four lanes, with e^x in float32 as Cephes expf:
  ;;   x clamped to [−87.3, 88]   (e^x stays a normal float; past the clamp a is 1, or 6e−39 and flushed)
  ;;   k = floor(x·log2(e) + 1/2),   r = x − k·C1 − k·C2   (C1 + C2 = ln 2, C1 exact in few bits)
  ;;   e^r = 1 + r + r²·P(r),        P of degree 5 (Cephes coefficients)
  ;;   e^x = e^r · 2^k               (2^k built in the exponent bits: (k + 127) << 23)
  ;; Within 2 ulp of the float64 formula the JavaScript loop rounds (not the same bits: that is
  ;; Math.exp); every lane and the tail use this one function, so the bits do not depend on position.
  ;; A result below the smallest normal float32 becomes 0, as in the loop (../elementwise.ts: a
  ;; subnormal operand slows every product that reads it ~100×).
  (func $sigmoid4 (param $z v128) (result v128)
    (local $x v128) (local $k v128) (local $r v128) (local $p v128)
    (local.set $x (f32x4.neg (local.get $z)))
    (local.set $x (f32x4.min (f32x4.max (local.get $x) (v128.const f32x4 -87.3 -87.3 -87.3 -87.3))
                             (v128.const f32x4 88 88 88 88)))
    (local.set $k (f32x4.floor (f32x4.add (f32x4.mul (local.get $x) (v128.const f32x4 1.44269504088896341 1.44269504088896341 1.44269504088896341 1.44269504088896341))
                                          (v128.const f32x4 0.5 0.5 0.5 0.5))))
    (local.set $r (f32x4.sub (local.get $x) (f32x4.mul (local.get $k) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375))))
    (local.set $r (f32x4.sub (local.get $r) (f32x4.mul (local.get $k) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))))
    (local.set $p (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1)))
    (local.set $p (f32x4.add (f32x4.add (f32x4.mul (local.get $p) (f32x4.mul (local.get $r) (local.get $r))) (local.get $r))
                             (v128.const f32x4 1 1 1 1)))
    (local.set $p (f32x4.mul (local.get $p)
                             (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $k)) (v128.const i32x4 127 127 127 127)) (i32.const 23))))
    (local.set $p (f32x4.div (v128.const f32x4 1 1 1 1) (f32x4.add (v128.const f32x4 1 1 1 1) (local.get $p))))
    ;; below the smallest normal float32 (2^-126): 0, as the loop (a NaN fails the test and stays)
    (v128.andnot (local.get $p) (f32x4.lt (local.get $p) (v128.const f32x4 1.17549435e-38 1.17549435e-38 1.17549435e-38 1.17549435e-38))))

  ;; dz = dy·a·(1 − a) as the loop computes it: (dy·a)·(1 − a) in float64 (1 − a is exact there),
  ;; rounded to float32, and 0 where that is below the smallest normal float32 in magnitude.
  (func $sigmoidDelta4 (param $a v128) (param $dy v128) (result v128)
    (local $d v128)
    (local.set $d
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
        (f32x4.demote_f64x2_zero
          (f64x2.mul (f64x2.mul (f64x2.promote_low_f32x4 (local.get $dy)) (f64x2.promote_low_f32x4 (local.get $a)))
                     (f64x2.sub (v128.const f64x2 1 1) (f64x2.promote_low_f32x4 (local.get $a)))))
        (f32x4.demote_f64x2_zero
          (f64x2.mul (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $dy) (local.get $dy)))
                                (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $a) (local.get $a))))
                     (f64x2.sub (v128.const f64x2 1 1)
                                (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $a) (local.get $a))))))))
    (v128.andnot (local.get $d)
                 (f32x4.lt (f32x4.abs (local.get $d)) (v128.const f32x4 1.17549435e-38 1.17549435e-38 1.17549435e-38 1.17549435e-38))))

  ;; dz[i] = dy[i]·a[i]·(1 − a[i]) for i < n (see $sigmoidDelta4), the tail through the same function.
  (func $sigmoidBackward (export "sigmoidBackward") (param $a i32) (param $dy i32) (param $dz i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $a) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $quad
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (v128.store (local.get $dz) (call $sigmoidDelta4 (v128.load (local.get $a)) (v128.load (local.get $dy))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
        (local.set $dz (i32.add (local.get $dz) (i32.const 16)))
        (br $quad)))
    (local.set $n (i32.and (local.get $n) (i32.const 3)))
    (block $tail
      (loop $one
        (br_if $tail (i32.eqz (local.get $n)))
        (f32.store (local.get $dz)
                   (f32x4.extract_lane 0 (call $sigmoidDelta4 (v128.load32_zero (local.get $a)) (v128.load32_zero (local.get $dy)))))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
        (local.set $dz (i32.add (local.get $dz) (i32.const 4)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $one))))

  ;; a[i] = 1 / (1 + e^−z[i]) for i < n (see $sigmoid4); a NaN z gives NaN.
  (func $sigmoid (export "sigmoid") (param $z i32) (param $a i32) (param $n i32)
    (local $end i32) (local $v v128)
    (local.set $end (i32.add (local.get $z) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $quad
        (br_if $done (i32.ge_u (local.get $z) (local.get $end)))
        (v128.store (local.get $a) (call $sigmoid4 (v128.load (local.get $z))))
        (local.set $z (i32.add (local.get $z) (i32.const 16)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (br $quad)))
    (local.set $n (i32.and (local.get $n) (i32.const 3)))
    (if (i32.eqz (local.get $n)) (then (return)))
    ;; 1 to 3 left: through the same four-lane function
    (local.set $v (v128.load32_zero (local.get $z)))
    (if (i32.gt_u (local.get $n) (i32.const 1))
      (then (local.set $v (f32x4.replace_lane 1 (local.get $v) (f32.load offset=4 (local.get $z))))))
    (if (i32.gt_u (local.get $n) (i32.const 2))
      (then (local.set $v (f32x4.replace_lane 2 (local.get $v) (f32.load offset=8 (local.get $z))))))
    (local.set $v (call $sigmoid4 (local.get $v)))
    (f32.store (local.get $a) (f32x4.extract_lane 0 (local.get $v)))
    (if (i32.gt_u (local.get $n) (i32.const 1))
      (then (f32.store offset=4 (local.get $a) (f32x4.extract_lane 1 (local.get $v)))))
    (if (i32.gt_u (local.get $n) (i32.const 2))
      (then (f32.store offset=8 (local.get $a) (f32x4.extract_lane 2 (local.get $v))))))
