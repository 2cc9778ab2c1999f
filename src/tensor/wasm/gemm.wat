  ;; GEMM driver: the loop nest of BLIS (Van Zee & van de Geijn 2015) around the 4×8 micro-kernel.
  ;;
  ;;   C[i][j] = Σ_p op(A)[i][p] · op(B)[p][j]   (C[i][j] + … when accumulate)
  ;;   for i0 ≤ i < i1, j0 ≤ j < j1: one thread's share of C, m×n row-major at c.
  ;;
  ;;   for jc in [j0, j1) step NC               B block: KC×NC floats (512 KB, L2)
  ;;     for pc in [0, k) step KC               the k-blocks, always in the same order
  ;;       pack Bp ← op(B)[pc.., jc..]
  ;;       for ic in [i0, i1) step MC           A block: MC×KC floats (144 KB, L2)
  ;;         pack Ap ← op(A)[ic.., pc..]
  ;;         for jr step 8, ir step 4           Bp panel (8 KB) stays in L1 while Ap panels stream
  ;;           kernel: C[ic+ir..][jc+jr..] (+)= Ap panel · Bp panel
  ;;
  ;; The first k-block overwrites C unless accumulate; later ones add. Per element the order of the
  ;; sums is fixed by k alone, so splitting (i0, i1, j0, j1) between threads changes no bit.
  ;; All addresses are byte offsets into the shared memory; strides are in floats.
  (global $KC i32 (i32.const 256))
  (global $NC i32 (i32.const 512))
  (global $MC i32 (i32.const 144))

  ;; Bytes of private scratch one thread needs: tmp[4][8] (256 reserved), Ap (MC·KC·4), Bp (KC·NC·4),
  ;; and the step lists of Ap's MC/4 panels when skipping zeros (sparse.wat: (KC + 1)·4 bytes each).
  (func $scratchBytes (export "scratchBytes") (result i32)
    (i32.add (i32.add (i32.const 256) (i32.shl (i32.mul (global.get $KC) (i32.add (global.get $MC) (global.get $NC)))
                                               (i32.const 2)))
             (i32.mul (i32.shl (i32.add (global.get $KC) (i32.const 1)) (i32.const 2))
                      (i32.shr_u (global.get $MC) (i32.const 2)))))

  (func $ceilDiv (param $x i32) (param $y i32) (result i32)
    (i32.div_s (i32.add (local.get $x) (i32.sub (local.get $y) (i32.const 1))) (local.get $y)))

  (func $gemm (export "gemm")
    (param $a i32) (param $b i32) (param $c i32) (param $k i32) (param $n i32)
    (param $aRow i32) (param $aCol i32) (param $bRow i32) (param $bCol i32) (param $accumulate i32)
    (param $i0 i32) (param $i1 i32) (param $j0 i32) (param $j1 i32) (param $scratch i32)
    (local $tmp i32) (local $apBuf i32) (local $bpBuf i32)
    (local $jc i32) (local $nc i32) (local $pc i32) (local $kc i32) (local $ic i32) (local $mc i32)
    (local $jr i32) (local $ir i32) (local $add i32) (local $ldc i32) (local $bPanel i32) (local $kcBalanced i32)
    (local $skip i32) (local $lists i32) (local $listBytes i32) (local $aPanel i32)
    (if (i32.or (i32.ge_s (local.get $i0) (local.get $i1))
                (i32.or (i32.ge_s (local.get $j0) (local.get $j1)) (i32.le_s (local.get $k) (i32.const 0))))
      (then (return)))
    ;; accumulate: bit 0 adds to C; bit 1 skips the all-zero steps of A's panels (sparse.wat).
    (local.set $skip (i32.and (local.get $accumulate) (i32.const 2)))
    (local.set $accumulate (i32.and (local.get $accumulate) (i32.const 1)))
    (local.set $tmp (local.get $scratch))
    (local.set $apBuf (i32.add (local.get $scratch) (i32.const 256)))
    (local.set $bpBuf (i32.add (local.get $apBuf) (i32.shl (i32.mul (global.get $MC) (global.get $KC)) (i32.const 2))))
    (local.set $lists (i32.add (local.get $bpBuf) (i32.shl (i32.mul (global.get $KC) (global.get $NC)) (i32.const 2))))
    (local.set $listBytes (i32.shl (i32.add (global.get $KC) (i32.const 1)) (i32.const 2)))
    (local.set $ldc (i32.shl (local.get $n) (i32.const 2)))
    ;; k-blocks of equal depth ≤ KC (784 → 4 × 196, not 3 × 256 + 16): no short, overhead-bound block.
    (local.set $kcBalanced (call $ceilDiv (local.get $k) (call $ceilDiv (local.get $k) (global.get $KC))))
    (local.set $jc (local.get $j0))
    (loop $columnBlocks
      (local.set $nc (select (global.get $NC) (i32.sub (local.get $j1) (local.get $jc))
                             (i32.ge_s (i32.sub (local.get $j1) (local.get $jc)) (global.get $NC))))
      (local.set $pc (i32.const 0))
      (loop $depthBlocks
        (local.set $kc (select (local.get $kcBalanced) (i32.sub (local.get $k) (local.get $pc))
                               (i32.ge_s (i32.sub (local.get $k) (local.get $pc)) (local.get $kcBalanced))))
        (local.set $add (i32.or (local.get $accumulate) (i32.gt_s (local.get $pc) (i32.const 0))))
        (call $packB (local.get $b) (local.get $bpBuf) (local.get $pc) (local.get $kc) (local.get $jc) (local.get $nc)
                     (local.get $bRow) (local.get $bCol))
        (local.set $ic (local.get $i0))
        (loop $rowBlocks
          (local.set $mc (select (global.get $MC) (i32.sub (local.get $i1) (local.get $ic))
                                 (i32.ge_s (i32.sub (local.get $i1) (local.get $ic)) (global.get $MC))))
          (call $packA (local.get $a) (local.get $apBuf) (local.get $ic) (local.get $mc) (local.get $pc) (local.get $kc)
                       (local.get $aRow) (local.get $aCol))
          (if (local.get $skip)
            (then (call $compactPanels (local.get $apBuf) (call $ceilDiv (local.get $mc) (i32.const 4)) (local.get $kc)
                                       (local.get $lists))))
          (local.set $jr (i32.const 0))
          (loop $columnPanels
            (local.set $bPanel (i32.add (local.get $bpBuf) (i32.mul (local.get $jr) (i32.shl (local.get $kc) (i32.const 2)))))
            (local.set $ir (i32.const 0))
            (loop $rowPanels
              (local.set $aPanel (i32.add (local.get $apBuf) (i32.mul (local.get $ir) (i32.shl (local.get $kc) (i32.const 2)))))
              (if (local.get $skip)
                (then
                  (call $kernelSkip (local.get $aPanel) (local.get $bPanel)
                    (i32.add (local.get $lists) (i32.mul (i32.shr_u (local.get $ir) (i32.const 2)) (local.get $listBytes)))
                    (local.get $tmp)))
                (else (call $kernel (local.get $aPanel) (local.get $bPanel) (local.get $kc) (local.get $tmp))))
              (call $storeTile
                (local.get $tmp)
                (i32.add (local.get $c)
                         (i32.shl (i32.add (i32.mul (i32.add (local.get $ic) (local.get $ir)) (local.get $n))
                                           (i32.add (local.get $jc) (local.get $jr)))
                                  (i32.const 2)))
                (local.get $ldc)
                (select (i32.const 4) (i32.sub (local.get $mc) (local.get $ir))
                        (i32.ge_s (i32.sub (local.get $mc) (local.get $ir)) (i32.const 4)))
                (select (i32.const 8) (i32.sub (local.get $nc) (local.get $jr))
                        (i32.ge_s (i32.sub (local.get $nc) (local.get $jr)) (i32.const 8)))
                (local.get $add))
              (br_if $rowPanels (i32.lt_s (local.tee $ir (i32.add (local.get $ir) (i32.const 4))) (local.get $mc))))
            (br_if $columnPanels (i32.lt_s (local.tee $jr (i32.add (local.get $jr) (i32.const 8))) (local.get $nc))))
          (br_if $rowBlocks (i32.lt_s (local.tee $ic (i32.add (local.get $ic) (global.get $MC))) (local.get $i1))))
        (br_if $depthBlocks (i32.lt_s (local.tee $pc (i32.add (local.get $pc) (local.get $kcBalanced))) (local.get $k))))
      (br_if $columnBlocks (i32.lt_s (local.tee $jc (i32.add (local.get $jc) (global.get $NC))) (local.get $j1)))))
