  ;; Packing: copy the blocks of op(A) and op(B) that the micro-kernel reads into contiguous panels,
  ;; so that its loads are sequential whatever the transposes.
  ;;
  ;;   Ap[panel][p][r] = op(A)[ic + 4·panel + r][pc + p]     r < 4
  ;;   Bp[panel][p][s] = op(B)[pc + p][jc + 8·panel + s]     s < 8
  ;;
  ;; op(X)[i][j] sits at x + 4·(i·xRow + j·xCol): (xRow, xCol) = (cols, 1) for X, (1, rows) for Xᵀ.
  ;; Each case that training uses has a SIMD path: contiguous copies when the values one step p
  ;; needs are contiguous (A of dW = xᵀ·dz, B of z = x·W), 4×4 transposes through shuffles when
  ;; they are strided (A of z = x·W and of dx = dz·Wᵀ, B of dx). Ragged panels take a scalar path;
  ;; their missing rows/columns keep stale values that the kernel computes with but never stores.

  ;; A 4×4 transpose in two rounds of i8x16.shuffle (the SSE unpcklps/unpckhps, movlhps/movhlps):
  ;;   t0 = (x0[0], x1[0], x0[1], x1[1])   t1 = (x0[2], x1[2], x0[3], x1[3])   (t2, t3 from x2, x3)
  ;;   column q of the block = (t0‖t2 or t1‖t3, low or high halves)
  ;; written out inline below: V8 in Node 20 does not inline wasm calls, and a call per shuffle
  ;; made the packing of x·W's A cost as much as a third of the whole product.

  ;; Scalar fallback: dst[p][r] = src[r·rowBytes + p·colBytes] for p < kc, r < rows; width floats per p.
  (func $packScalar (param $src i32) (param $dst i32) (param $kc i32) (param $rows i32) (param $width i32)
                    (param $rowBytes i32) (param $colBytes i32)
    (local $p i32) (local $r i32)
    (loop $steps
      (local.set $r (i32.const 0))
      (loop $lanes
        (f32.store (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 2)))
                   (f32.load (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $rowBytes)))))
        (br_if $lanes (i32.lt_u (local.tee $r (i32.add (local.get $r) (i32.const 1))) (local.get $rows))))
      (local.set $src (i32.add (local.get $src) (local.get $colBytes)))
      (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $width) (i32.const 2))))
      (br_if $steps (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 1))) (local.get $kc)))))

  ;; Ap ← op(A)[ic .. ic+mc][pc .. pc+kc] in panels of 4 rows.
  (func $packA (param $a i32) (param $dst i32) (param $ic i32) (param $mc i32) (param $pc i32) (param $kc i32)
               (param $aRow i32) (param $aCol i32)
    (local $ir i32) (local $rows i32) (local $src i32) (local $p i32) (local $rowBytes i32) (local $colBytes i32)
    (local $rowBytes2 i32) (local $rowBytes3 i32) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $rowBytes (i32.shl (local.get $aRow) (i32.const 2)))
    (local.set $colBytes (i32.shl (local.get $aCol) (i32.const 2)))
    (local.set $rowBytes2 (i32.shl (local.get $rowBytes) (i32.const 1)))
    (local.set $rowBytes3 (i32.add (local.get $rowBytes2) (local.get $rowBytes)))
    (loop $panels
      (local.set $rows (select (i32.const 4) (i32.sub (local.get $mc) (local.get $ir))
                               (i32.ge_s (i32.sub (local.get $mc) (local.get $ir)) (i32.const 4))))
      (local.set $src (i32.add (local.get $a) (i32.shl (i32.add (i32.mul (i32.add (local.get $ic) (local.get $ir)) (local.get $aRow))
                                                                (i32.mul (local.get $pc) (local.get $aCol))) (i32.const 2))))
      (local.set $p (i32.const 0))
      (if (i32.and (i32.eq (local.get $rows) (i32.const 4)) (i32.eq (local.get $aCol) (i32.const 1)))
        (then ;; rows strided, p contiguous (A of x·W and dz·Wᵀ): transpose 4 steps at a time
          (block $done
            (loop $quads
              (br_if $done (i32.gt_s (i32.add (local.get $p) (i32.const 4)) (local.get $kc)))
              (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (v128.load (local.get $src)) (v128.load (i32.add (local.get $src) (local.get $rowBytes)))))
              (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (v128.load (local.get $src)) (v128.load (i32.add (local.get $src) (local.get $rowBytes)))))
              (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (v128.load (i32.add (local.get $src) (local.get $rowBytes2))) (v128.load (i32.add (local.get $src) (local.get $rowBytes3)))))
              (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (v128.load (i32.add (local.get $src) (local.get $rowBytes2))) (v128.load (i32.add (local.get $src) (local.get $rowBytes3)))))
              (v128.store offset=0 (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
              (v128.store offset=16 (local.get $dst) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
              (v128.store offset=32 (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
              (v128.store offset=48 (local.get $dst) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
              (local.set $src (i32.add (local.get $src) (i32.const 16)))
              (local.set $dst (i32.add (local.get $dst) (i32.const 64)))
              (local.set $p (i32.add (local.get $p) (i32.const 4)))
              (br $quads)))))
      (if (i32.and (i32.eq (local.get $rows) (i32.const 4)) (i32.eq (local.get $aRow) (i32.const 1)))
        (then ;; the 4 rows contiguous at each step (A of xᵀ·dz): one 16-byte copy
          (if (i32.lt_s (local.get $p) (local.get $kc))
            (then
              (loop $steps
                (v128.store (local.get $dst) (v128.load (local.get $src)))
                (local.set $src (i32.add (local.get $src) (local.get $colBytes)))
                (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
                (br_if $steps (i32.lt_s (local.tee $p (i32.add (local.get $p) (i32.const 1))) (local.get $kc))))))))
      (if (i32.lt_s (local.get $p) (local.get $kc))
        (then
          (call $packScalar (local.get $src) (local.get $dst) (i32.sub (local.get $kc) (local.get $p)) (local.get $rows)
                            (i32.const 4) (local.get $rowBytes) (local.get $colBytes))
          (local.set $dst (i32.add (local.get $dst) (i32.shl (i32.sub (local.get $kc) (local.get $p)) (i32.const 4))))))
      (br_if $panels (i32.lt_s (local.tee $ir (i32.add (local.get $ir) (i32.const 4))) (local.get $mc)))))

  ;; Bp ← op(B)[pc .. pc+kc][jc .. jc+nc] in panels of 8 columns.
  (func $packB (param $b i32) (param $dst i32) (param $pc i32) (param $kc i32) (param $jc i32) (param $nc i32)
               (param $bRow i32) (param $bCol i32)
    (local $jr i32) (local $cols i32) (local $src i32) (local $p i32) (local $rowBytes i32) (local $colBytes i32)
    (local $colBytes2 i32) (local $colBytes3 i32) (local $src4 i32) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $rowBytes (i32.shl (local.get $bRow) (i32.const 2)))
    (local.set $colBytes (i32.shl (local.get $bCol) (i32.const 2)))
    (local.set $colBytes2 (i32.shl (local.get $colBytes) (i32.const 1)))
    (local.set $colBytes3 (i32.add (local.get $colBytes2) (local.get $colBytes)))
    (loop $panels
      (local.set $cols (select (i32.const 8) (i32.sub (local.get $nc) (local.get $jr))
                               (i32.ge_s (i32.sub (local.get $nc) (local.get $jr)) (i32.const 8))))
      (local.set $src (i32.add (local.get $b) (i32.shl (i32.add (i32.mul (local.get $pc) (local.get $bRow))
                                                                (i32.mul (i32.add (local.get $jc) (local.get $jr)) (local.get $bCol)))
                                                       (i32.const 2))))
      (local.set $p (i32.const 0))
      (if (i32.and (i32.eq (local.get $cols) (i32.const 8)) (i32.eq (local.get $bRow) (i32.const 1)))
        (then ;; columns strided, p contiguous (B of dz·Wᵀ): transpose 4 steps at a time (columns 0–3, 4–7)
          (local.set $src4 (i32.add (local.get $src) (i32.shl (local.get $colBytes) (i32.const 2))))
          (block $done
            (loop $quads
              (br_if $done (i32.gt_s (i32.add (local.get $p) (i32.const 4)) (local.get $kc)))
              (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (v128.load (local.get $src)) (v128.load (i32.add (local.get $src) (local.get $colBytes)))))
              (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (v128.load (local.get $src)) (v128.load (i32.add (local.get $src) (local.get $colBytes)))))
              (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (v128.load (i32.add (local.get $src) (local.get $colBytes2))) (v128.load (i32.add (local.get $src) (local.get $colBytes3)))))
              (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (v128.load (i32.add (local.get $src) (local.get $colBytes2))) (v128.load (i32.add (local.get $src) (local.get $colBytes3)))))
              (v128.store offset=0 (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
              (v128.store offset=32 (local.get $dst) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
              (v128.store offset=64 (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
              (v128.store offset=96 (local.get $dst) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
              (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (v128.load (local.get $src4)) (v128.load (i32.add (local.get $src4) (local.get $colBytes)))))
              (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (v128.load (local.get $src4)) (v128.load (i32.add (local.get $src4) (local.get $colBytes)))))
              (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (v128.load (i32.add (local.get $src4) (local.get $colBytes2))) (v128.load (i32.add (local.get $src4) (local.get $colBytes3)))))
              (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (v128.load (i32.add (local.get $src4) (local.get $colBytes2))) (v128.load (i32.add (local.get $src4) (local.get $colBytes3)))))
              (v128.store offset=16 (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
              (v128.store offset=48 (local.get $dst) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
              (v128.store offset=80 (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
              (v128.store offset=112 (local.get $dst) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
              (local.set $src4 (i32.add (local.get $src4) (i32.const 16)))
              (local.set $src (i32.add (local.get $src) (i32.const 16)))
              (local.set $dst (i32.add (local.get $dst) (i32.const 128)))
              (local.set $p (i32.add (local.get $p) (i32.const 4)))
              (br $quads)))))
      (if (i32.and (i32.eq (local.get $cols) (i32.const 8)) (i32.eq (local.get $bCol) (i32.const 1)))
        (then ;; the 8 columns contiguous at each step: two 16-byte copies
          (if (i32.lt_s (local.get $p) (local.get $kc))
            (then
              (loop $steps
                (v128.store (local.get $dst) (v128.load (local.get $src)))
                (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $src)))
                (local.set $src (i32.add (local.get $src) (local.get $rowBytes)))
                (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
                (br_if $steps (i32.lt_s (local.tee $p (i32.add (local.get $p) (i32.const 1))) (local.get $kc))))))))
      (if (i32.lt_s (local.get $p) (local.get $kc))
        (then
          (call $packScalar (local.get $src) (local.get $dst) (i32.sub (local.get $kc) (local.get $p)) (local.get $cols)
                            (i32.const 8) (local.get $colBytes) (local.get $rowBytes))
          (local.set $dst (i32.add (local.get $dst) (i32.mul (i32.sub (local.get $kc) (local.get $p)) (i32.const 32))))))
      (br_if $panels (i32.lt_s (local.tee $jr (i32.add (local.get $jr) (i32.const 8))) (local.get $nc)))))
