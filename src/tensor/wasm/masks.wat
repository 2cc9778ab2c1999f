  ;; Element-wise kernels that choose between two values per element (the reference loops are in
  ;; ../elementwise.ts; each kernel here gives the same bits as its loop there):
  ;;
  ;;   leakyMask     out[i] = key[i] > 0 ? v[i] : α·v[i]     LeakyReLU forward (key = v = z) and
  ;;                                                         backward (key = z, v = dy); α·v in float64
  ;;   prelu         out[r][c] = x > 0 ? x : α[c]·x          PReLU forward
  ;;   preluBackward dx = x > 0 ? dy : x < 0 ? α[c]·dy : 0,  dα[c] += dy·x where x < 0, rows in order
  ;;   dropout       m[i] = u_i < keep·2³² ? scale : 0,       u_i the xoshiro128** stream of
  ;;                 y[i] = x[i]·m[i]                        tensor/rng.ts, state in and out
  ;;
  ;; Addresses are byte offsets.

  ;; The rectifiers with a slope below zero. Lanes are chosen with v128.bitselect: a scalar select
  ;; of floats compiles to a branch in V8, and random signs mispredict it half the time (measured
  ;; 5.6 ns per element, against 1.1 with all signs positive). LeakyReLU's α is a float64 (the loop
  ;; multiplies by the JavaScript number), so α·v is a float64 product rounded once to float32, as the
  ;; loop stores it; PReLU's α is float32, whose product with a float32 is exact in float64, so
  ;; f32x4.mul rounds it the same way. n mod 4 (cols mod 4) trailing elements go one at a time.

  ;; fl32(α·v) for four lanes, through two float64 halves.
  (func $scaleF64 (param $v v128) (param $alpha v128) (result v128)
    (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
      (f32x4.demote_f64x2_zero (f64x2.mul (local.get $alpha) (f64x2.promote_low_f32x4 (local.get $v))))
      (f32x4.demote_f64x2_zero
        (f64x2.mul (local.get $alpha)
                   (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))))

  ;; out[i] = key[i] > 0 ? v[i] : α·v[i]
  (func $leakyMask (export "leakyMask") (param $key i32) (param $v i32) (param $out i32) (param $n i32) (param $alpha f64)
    (local $end i32) (local $x v128) (local $alpha2 v128) (local $s f32)
    (local.set $alpha2 (f64x2.splat (local.get $alpha)))
    (local.set $end (i32.add (local.get $v) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $quad
        (br_if $done (i32.ge_u (local.get $v) (local.get $end)))
        (local.set $x (v128.load (local.get $v)))
        (v128.store (local.get $out)
                    (v128.bitselect (local.get $x) (call $scaleF64 (local.get $x) (local.get $alpha2))
                                    (f32x4.gt (v128.load (local.get $key)) (v128.const f32x4 0 0 0 0))))
        (local.set $key (i32.add (local.get $key) (i32.const 16)))
        (local.set $v (i32.add (local.get $v) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $quad)))
    (local.set $n (i32.and (local.get $n) (i32.const 3)))
    (block $tail
      (loop $one
        (br_if $tail (i32.eqz (local.get $n)))
        (local.set $s (f32.load (local.get $v)))
        (f32.store (local.get $out)
                   (select (local.get $s) (f32.demote_f64 (f64.mul (local.get $alpha) (f64.promote_f32 (local.get $s))))
                           (f32.gt (f32.load (local.get $key)) (f32.const 0))))
        (local.set $key (i32.add (local.get $key) (i32.const 4)))
        (local.set $v (i32.add (local.get $v) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $one))))

  ;; out[r][c] = x[r][c] > 0 ? x[r][c] : α[c]·x[r][c]
  (func $prelu (export "prelu") (param $x i32) (param $alpha i32) (param $out i32) (param $rows i32) (param $cols i32)
    (local $c i32) (local $quads i32) (local $v v128) (local $s f32)
    (local.set $quads (i32.and (local.get $cols) (i32.const -4)))
    (block $done
      (loop $row
        (br_if $done (i32.eqz (local.get $rows)))
        (local.set $c (i32.const 0))
        (block $quadsDone
          (loop $quad
            (br_if $quadsDone (i32.ge_u (local.get $c) (local.get $quads)))
            (local.set $v (v128.load (local.get $x)))
            (v128.store (local.get $out)
                        (v128.bitselect (local.get $v)
                                        (f32x4.mul (v128.load (i32.add (local.get $alpha) (i32.shl (local.get $c) (i32.const 2)))) (local.get $v))
                                        (f32x4.gt (local.get $v) (v128.const f32x4 0 0 0 0))))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (local.set $out (i32.add (local.get $out) (i32.const 16)))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $quad)))
        (block $rowDone
          (loop $one
            (br_if $rowDone (i32.ge_u (local.get $c) (local.get $cols)))
            (local.set $s (f32.load (local.get $x)))
            (f32.store (local.get $out)
                       (select (local.get $s)
                               (f32.mul (f32.load (i32.add (local.get $alpha) (i32.shl (local.get $c) (i32.const 2)))) (local.get $s))
                               (f32.gt (local.get $s) (f32.const 0))))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (local.set $out (i32.add (local.get $out) (i32.const 4)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $one)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $row))))

  ;; dα[c] + dy·x for four lanes as the loop adds it: float32 dα and the exact product dy·x added in
  ;; float64, rounded to float32.
  (func $accumulateF64 (param $d v128) (param $g v128) (param $v v128) (result v128)
    (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
      (f32x4.demote_f64x2_zero
        (f64x2.add (f64x2.promote_low_f32x4 (local.get $d))
                   (f64x2.mul (f64x2.promote_low_f32x4 (local.get $g)) (f64x2.promote_low_f32x4 (local.get $v)))))
      (f32x4.demote_f64x2_zero
        (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $d) (local.get $d)))
                   (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $g) (local.get $g)))
                              (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))))))

  ;; dx[r][c] = x > 0 ? dy : (x < 0 ? α[c]·dy : 0);  dα[c] += dy·x where x < 0, for r = 0, 1, … in
  ;; order (dα zeroed by the caller): the loop's order and roundings, so its bits.
  (func $preluBackward (export "preluBackward") (param $x i32) (param $alpha i32) (param $dy i32) (param $dx i32)
                       (param $dAlpha i32) (param $rows i32) (param $cols i32)
    (local $c i32) (local $quads i32) (local $v v128) (local $g v128) (local $negative v128) (local $at i32)
    (local $s f32) (local $h f32) (local $neg i32)
    (local.set $quads (i32.and (local.get $cols) (i32.const -4)))
    (block $done
      (loop $row
        (br_if $done (i32.eqz (local.get $rows)))
        (local.set $c (i32.const 0))
        (block $quadsDone
          (loop $quad
            (br_if $quadsDone (i32.ge_u (local.get $c) (local.get $quads)))
            (local.set $v (v128.load (local.get $x)))
            (local.set $g (v128.load (local.get $dy)))
            (local.set $negative (f32x4.lt (local.get $v) (v128.const f32x4 0 0 0 0)))
            (local.set $at (i32.shl (local.get $c) (i32.const 2)))
            (v128.store (local.get $dx)
                        (v128.bitselect (local.get $g)
                                        (v128.and (f32x4.mul (v128.load (i32.add (local.get $alpha) (local.get $at))) (local.get $g))
                                                  (local.get $negative))
                                        (f32x4.gt (local.get $v) (v128.const f32x4 0 0 0 0))))
            (local.set $at (i32.add (local.get $dAlpha) (local.get $at)))
            (v128.store (local.get $at)
                        (v128.bitselect (call $accumulateF64 (v128.load (local.get $at)) (local.get $g) (local.get $v))
                                        (v128.load (local.get $at))
                                        (local.get $negative)))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
            (local.set $dx (i32.add (local.get $dx) (i32.const 16)))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $quad)))
        (block $rowDone
          (loop $one
            (br_if $rowDone (i32.ge_u (local.get $c) (local.get $cols)))
            (local.set $s (f32.load (local.get $x)))
            (local.set $h (f32.load (local.get $dy)))
            (local.set $neg (f32.lt (local.get $s) (f32.const 0)))
            (f32.store (local.get $dx)
                       (select (local.get $h)
                               (select (f32.mul (f32.load (i32.add (local.get $alpha) (i32.shl (local.get $c) (i32.const 2)))) (local.get $h))
                                       (f32.const 0)
                                       (local.get $neg))
                               (f32.gt (local.get $s) (f32.const 0))))
            (local.set $at (i32.add (local.get $dAlpha) (i32.shl (local.get $c) (i32.const 2))))
            (f32.store (local.get $at)
                       (select (f32.demote_f64 (f64.add (f64.promote_f32 (f32.load (local.get $at)))
                                                        (f64.mul (f64.promote_f32 (local.get $h)) (f64.promote_f32 (local.get $s)))))
                               (f32.load (local.get $at))
                               (local.get $neg)))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
            (local.set $dx (i32.add (local.get $dx) (i32.const 4)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $one)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $row))))

  ;; Inverted dropout from the generator of tensor/rng.ts (xoshiro128**, Blackman & Vigna), whose
  ;; four state words are at $state (read, advanced n times, written back):
  ;;   u = rotl(s1·5, 7)·9;  t = s1 << 9;  s2 ^= s0;  s3 ^= s1;  s1 ^= s2;  s0 ^= s3;  s2 ^= t;  s3 = rotl(s3, 11)
  ;;   m[i] = u < bound ? scale : 0;   y[i] = x[i]·m[i]
  ;; bound = keep·2³² as a float64: u / 2³² < keep (rng.uniform() < keep, the loop's test) is exactly
  ;; u < keep·2³², both sides exact in float64. Same masks, same stream as the loop.
  (func $dropout (export "dropout") (param $state i32) (param $x i32) (param $m i32) (param $y i32) (param $n i32)
                 (param $bound f64) (param $scale f32)
    (local $s0 i32) (local $s1 i32) (local $s2 i32) (local $s3 i32) (local $t i32) (local $u i32) (local $v f32)
    (local.set $s0 (i32.load offset=0 (local.get $state)))
    (local.set $s1 (i32.load offset=4 (local.get $state)))
    (local.set $s2 (i32.load offset=8 (local.get $state)))
    (local.set $s3 (i32.load offset=12 (local.get $state)))
    (block $done
      (loop $each
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $u (i32.mul (i32.rotl (i32.mul (local.get $s1) (i32.const 5)) (i32.const 7)) (i32.const 9)))
        (local.set $t (i32.shl (local.get $s1) (i32.const 9)))
        (local.set $s2 (i32.xor (local.get $s2) (local.get $s0)))
        (local.set $s3 (i32.xor (local.get $s3) (local.get $s1)))
        (local.set $s1 (i32.xor (local.get $s1) (local.get $s2)))
        (local.set $s0 (i32.xor (local.get $s0) (local.get $s3)))
        (local.set $s2 (i32.xor (local.get $s2) (local.get $t)))
        (local.set $s3 (i32.rotl (local.get $s3) (i32.const 11)))
        (local.set $v (select (local.get $scale) (f32.const 0) (f64.lt (f64.convert_i32_u (local.get $u)) (local.get $bound))))
        (f32.store (local.get $m) (local.get $v))
        (f32.store (local.get $y) (f32.mul (f32.load (local.get $x)) (local.get $v)))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (local.set $m (i32.add (local.get $m) (i32.const 4)))
        (local.set $y (i32.add (local.get $y) (i32.const 4)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $each)))
    (i32.store offset=0 (local.get $state) (local.get $s0))
    (i32.store offset=4 (local.get $state) (local.get $s1))
    (i32.store offset=8 (local.get $state) (local.get $s2))
    (i32.store offset=12 (local.get $state) (local.get $s3)))

