;; HMAC-SHA-512 of an 8-byte HOTP counter with precomputed pads, for src/hmac-key.ts.
;;
;; Spec: SHA-512 compression, FIPS 180-4 §6.4.2 (functions §4.1.3, constants §4.2.3, initial
;; value §5.3.5); HMAC with precomputed inner and outer chaining values, RFC 2104 §4; the HOTP
;; message (the 8-byte counter C, RFC 4226 §5.2) padded per FIPS 180-4 §5.1.2; dynamic
;; truncation, RFC 4226 §5.3. WebAssembly 1.0 (MVP) only: i64 arithmetic is why this file
;; exists (JavaScript has no fast 64-bit integers). No imports; one page of memory, never grown.
;;
;; This text is the source of truth. test/core/sha512-wasm.test.ts assembles it with wabt and
;; checks that the bytes embedded in src/internal/sha512-wasm.ts are exactly the result
;; (UPDATE_WASM=1 rewrites that file).
;;
;; Memory layout (byte offsets; every 64-bit word in host order, little-endian, except KEY):
;;      0  K       80 round constants, written by $init at instantiation
;;    640  W       message schedule, 80 words
;;   1280  PADS    inner chaining value (8 words), then outer (8 words): 128 bytes
;;   1408  KEY     one 128-byte block as bytes (big-endian words): the key, or a test block
;;   1536  IV      SHA-512 initial value, 8 words, written by $init
;;   1600  DIGEST  8 words
;;   1664  STATE   8 words, chaining value for the exported test entry point compressBlock
;;
;; Exports:
;;   prepare()          KEY (the key zero-padded to 128 bytes) → PADS; then wipes KEY and W.
;;   truncate(hi, lo)   PADS, C = hi · 2^32 + lo → RFC 4226 §5.3 Snum (31 bits); then wipes PADS.
;;   compressBlock()    STATE ← compress(STATE, block at KEY); for the cross-check tests.
(module
  (memory (export "memory") 1)

  ;; Reverses the byte order of a 64-bit word (big-endian bytes → host order).
  (func $bswap (param $x i64) (result i64)
    (local.set $x
      (i64.or
        (i64.and (i64.shr_u (local.get $x) (i64.const 8)) (i64.const 0x00ff00ff00ff00ff))
        (i64.shl (i64.and (local.get $x) (i64.const 0x00ff00ff00ff00ff)) (i64.const 8))))
    (local.set $x
      (i64.or
        (i64.and (i64.shr_u (local.get $x) (i64.const 16)) (i64.const 0x0000ffff0000ffff))
        (i64.shl (i64.and (local.get $x) (i64.const 0x0000ffff0000ffff)) (i64.const 16))))
    (i64.rotl (local.get $x) (i64.const 32)))

  ;; One compression (FIPS 180-4 §6.4.2): the block is W[0..15] (already in host order);
  ;; the 8-word chaining value is read at $from and the result written at $to (may be $from).
  (func $compress (param $from i32) (param $to i32)
    (local $a i64) (local $b i64) (local $c i64) (local $d i64)
    (local $e i64) (local $f i64) (local $g i64) (local $h i64)
    (local $t1 i64) (local $t2 i64) (local $x i64) (local $p i32)
    ;; Step 1, t = 16..79: W[t] = σ1(W[t−2]) + W[t−7] + σ0(W[t−15]) + W[t−16], with $p the
    ;; address of W[t−16]: W[t−15] at +8, W[t−7] at +72, W[t−2] at +112, W[t] at +128.
    ;; σ0(x) = ROTR1 ^ ROTR8 ^ SHR7, σ1(x) = ROTR19 ^ ROTR61 ^ SHR6 (§4.1.3).
    (local.set $p (i32.const 640))
    (loop $schedule
      (local.set $x (i64.load offset=112 (local.get $p)))
      (local.set $t1
        (i64.xor
          (i64.xor (i64.rotr (local.get $x) (i64.const 19)) (i64.rotr (local.get $x) (i64.const 61)))
          (i64.shr_u (local.get $x) (i64.const 6))))
      (local.set $x (i64.load offset=8 (local.get $p)))
      (local.set $t2
        (i64.xor
          (i64.xor (i64.rotr (local.get $x) (i64.const 1)) (i64.rotr (local.get $x) (i64.const 8)))
          (i64.shr_u (local.get $x) (i64.const 7))))
      (i64.store offset=128 (local.get $p)
        (i64.add
          (i64.add (local.get $t1) (i64.load offset=72 (local.get $p)))
          (i64.add (local.get $t2) (i64.load (local.get $p)))))
      (local.set $p (i32.add (local.get $p) (i32.const 8)))
      (br_if $schedule (i32.lt_u (local.get $p) (i32.const 1152))))
    ;; Step 2: working variables from the chaining value.
    (local.set $a (i64.load offset=0 (local.get $from)))
    (local.set $b (i64.load offset=8 (local.get $from)))
    (local.set $c (i64.load offset=16 (local.get $from)))
    (local.set $d (i64.load offset=24 (local.get $from)))
    (local.set $e (i64.load offset=32 (local.get $from)))
    (local.set $f (i64.load offset=40 (local.get $from)))
    (local.set $g (i64.load offset=48 (local.get $from)))
    (local.set $h (i64.load offset=56 (local.get $from)))
    ;; Step 3, t = 0..79, eight rounds per pass (j = 0..9) with $p = 64j: K[t] at $p + 8(t − 8j),
    ;; W[t] at $p + 640 + 8(t − 8j). T1 = h + Σ1(e) + Ch(e, f, g) + K[t] + W[t],
    ;; T2 = Σ0(a) + Maj(a, b, c), where Σ0(a) = ROTR28 ^ ROTR34 ^ ROTR39,
    ;; Σ1(e) = ROTR14 ^ ROTR18 ^ ROTR41, Ch(e, f, g) = g ^ (e & (f ^ g)),
    ;; Maj(a, b, c) = (a & b) | (c & (a | b)). Instead of moving every variable each round
    ;; (h = g, g = f, …), the roles rotate: the local playing "d" becomes d + T1 (the next "e"),
    ;; the one playing "h" becomes T1 + T2 (the next "a"); after eight rounds the roles are back
    ;; where they started. Each round's comment names the local playing each role.
    (local.set $p (i32.const 0))
    (loop $rounds
      ;; Round t = 8j + 0: (a, b, c, d, e, f, g, h) = ($a, $b, $c, $d, $e, $f, $g, $h).
      (local.set $t1
        (i64.add
          (i64.add
            (i64.add (local.get $h)
              (i64.xor
                (i64.xor (i64.rotr (local.get $e) (i64.const 14)) (i64.rotr (local.get $e) (i64.const 18)))
                (i64.rotr (local.get $e) (i64.const 41))))
            (i64.xor (local.get $g) (i64.and (local.get $e) (i64.xor (local.get $f) (local.get $g)))))
          (i64.add (i64.load offset=0 (local.get $p)) (i64.load offset=640 (local.get $p)))))
      (local.set $d (i64.add (local.get $d) (local.get $t1)))
      (local.set $h
        (i64.add (local.get $t1)
          (i64.add
            (i64.xor
              (i64.xor (i64.rotr (local.get $a) (i64.const 28)) (i64.rotr (local.get $a) (i64.const 34)))
              (i64.rotr (local.get $a) (i64.const 39)))
            (i64.or
              (i64.and (local.get $a) (local.get $b))
              (i64.and (local.get $c) (i64.or (local.get $a) (local.get $b)))))))
      ;; Round t = 8j + 1: (a, b, c, d, e, f, g, h) = ($h, $a, $b, $c, $d, $e, $f, $g).
      (local.set $t1
        (i64.add
          (i64.add
            (i64.add (local.get $g)
              (i64.xor
                (i64.xor (i64.rotr (local.get $d) (i64.const 14)) (i64.rotr (local.get $d) (i64.const 18)))
                (i64.rotr (local.get $d) (i64.const 41))))
            (i64.xor (local.get $f) (i64.and (local.get $d) (i64.xor (local.get $e) (local.get $f)))))
          (i64.add (i64.load offset=8 (local.get $p)) (i64.load offset=648 (local.get $p)))))
      (local.set $c (i64.add (local.get $c) (local.get $t1)))
      (local.set $g
        (i64.add (local.get $t1)
          (i64.add
            (i64.xor
              (i64.xor (i64.rotr (local.get $h) (i64.const 28)) (i64.rotr (local.get $h) (i64.const 34)))
              (i64.rotr (local.get $h) (i64.const 39)))
            (i64.or
              (i64.and (local.get $h) (local.get $a))
              (i64.and (local.get $b) (i64.or (local.get $h) (local.get $a)))))))
      ;; Round t = 8j + 2: (a, b, c, d, e, f, g, h) = ($g, $h, $a, $b, $c, $d, $e, $f).
      (local.set $t1
        (i64.add
          (i64.add
            (i64.add (local.get $f)
              (i64.xor
                (i64.xor (i64.rotr (local.get $c) (i64.const 14)) (i64.rotr (local.get $c) (i64.const 18)))
                (i64.rotr (local.get $c) (i64.const 41))))
            (i64.xor (local.get $e) (i64.and (local.get $c) (i64.xor (local.get $d) (local.get $e)))))
          (i64.add (i64.load offset=16 (local.get $p)) (i64.load offset=656 (local.get $p)))))
      (local.set $b (i64.add (local.get $b) (local.get $t1)))
      (local.set $f
        (i64.add (local.get $t1)
          (i64.add
            (i64.xor
              (i64.xor (i64.rotr (local.get $g) (i64.const 28)) (i64.rotr (local.get $g) (i64.const 34)))
              (i64.rotr (local.get $g) (i64.const 39)))
            (i64.or
              (i64.and (local.get $g) (local.get $h))
              (i64.and (local.get $a) (i64.or (local.get $g) (local.get $h)))))))
      ;; Round t = 8j + 3: (a, b, c, d, e, f, g, h) = ($f, $g, $h, $a, $b, $c, $d, $e).
      (local.set $t1
        (i64.add
          (i64.add
            (i64.add (local.get $e)
              (i64.xor
                (i64.xor (i64.rotr (local.get $b) (i64.const 14)) (i64.rotr (local.get $b) (i64.const 18)))
                (i64.rotr (local.get $b) (i64.const 41))))
            (i64.xor (local.get $d) (i64.and (local.get $b) (i64.xor (local.get $c) (local.get $d)))))
          (i64.add (i64.load offset=24 (local.get $p)) (i64.load offset=664 (local.get $p)))))
      (local.set $a (i64.add (local.get $a) (local.get $t1)))
      (local.set $e
        (i64.add (local.get $t1)
          (i64.add
            (i64.xor
              (i64.xor (i64.rotr (local.get $f) (i64.const 28)) (i64.rotr (local.get $f) (i64.const 34)))
              (i64.rotr (local.get $f) (i64.const 39)))
            (i64.or
              (i64.and (local.get $f) (local.get $g))
              (i64.and (local.get $h) (i64.or (local.get $f) (local.get $g)))))))
      ;; Round t = 8j + 4: (a, b, c, d, e, f, g, h) = ($e, $f, $g, $h, $a, $b, $c, $d).
      (local.set $t1
        (i64.add
          (i64.add
            (i64.add (local.get $d)
              (i64.xor
                (i64.xor (i64.rotr (local.get $a) (i64.const 14)) (i64.rotr (local.get $a) (i64.const 18)))
                (i64.rotr (local.get $a) (i64.const 41))))
            (i64.xor (local.get $c) (i64.and (local.get $a) (i64.xor (local.get $b) (local.get $c)))))
          (i64.add (i64.load offset=32 (local.get $p)) (i64.load offset=672 (local.get $p)))))
      (local.set $h (i64.add (local.get $h) (local.get $t1)))
      (local.set $d
        (i64.add (local.get $t1)
          (i64.add
            (i64.xor
              (i64.xor (i64.rotr (local.get $e) (i64.const 28)) (i64.rotr (local.get $e) (i64.const 34)))
              (i64.rotr (local.get $e) (i64.const 39)))
            (i64.or
              (i64.and (local.get $e) (local.get $f))
              (i64.and (local.get $g) (i64.or (local.get $e) (local.get $f)))))))
      ;; Round t = 8j + 5: (a, b, c, d, e, f, g, h) = ($d, $e, $f, $g, $h, $a, $b, $c).
      (local.set $t1
        (i64.add
          (i64.add
            (i64.add (local.get $c)
              (i64.xor
                (i64.xor (i64.rotr (local.get $h) (i64.const 14)) (i64.rotr (local.get $h) (i64.const 18)))
                (i64.rotr (local.get $h) (i64.const 41))))
            (i64.xor (local.get $b) (i64.and (local.get $h) (i64.xor (local.get $a) (local.get $b)))))
          (i64.add (i64.load offset=40 (local.get $p)) (i64.load offset=680 (local.get $p)))))
      (local.set $g (i64.add (local.get $g) (local.get $t1)))
      (local.set $c
        (i64.add (local.get $t1)
          (i64.add
            (i64.xor
              (i64.xor (i64.rotr (local.get $d) (i64.const 28)) (i64.rotr (local.get $d) (i64.const 34)))
              (i64.rotr (local.get $d) (i64.const 39)))
            (i64.or
              (i64.and (local.get $d) (local.get $e))
              (i64.and (local.get $f) (i64.or (local.get $d) (local.get $e)))))))
      ;; Round t = 8j + 6: (a, b, c, d, e, f, g, h) = ($c, $d, $e, $f, $g, $h, $a, $b).
      (local.set $t1
        (i64.add
          (i64.add
            (i64.add (local.get $b)
              (i64.xor
                (i64.xor (i64.rotr (local.get $g) (i64.const 14)) (i64.rotr (local.get $g) (i64.const 18)))
                (i64.rotr (local.get $g) (i64.const 41))))
            (i64.xor (local.get $a) (i64.and (local.get $g) (i64.xor (local.get $h) (local.get $a)))))
          (i64.add (i64.load offset=48 (local.get $p)) (i64.load offset=688 (local.get $p)))))
      (local.set $f (i64.add (local.get $f) (local.get $t1)))
      (local.set $b
        (i64.add (local.get $t1)
          (i64.add
            (i64.xor
              (i64.xor (i64.rotr (local.get $c) (i64.const 28)) (i64.rotr (local.get $c) (i64.const 34)))
              (i64.rotr (local.get $c) (i64.const 39)))
            (i64.or
              (i64.and (local.get $c) (local.get $d))
              (i64.and (local.get $e) (i64.or (local.get $c) (local.get $d)))))))
      ;; Round t = 8j + 7: (a, b, c, d, e, f, g, h) = ($b, $c, $d, $e, $f, $g, $h, $a).
      (local.set $t1
        (i64.add
          (i64.add
            (i64.add (local.get $a)
              (i64.xor
                (i64.xor (i64.rotr (local.get $f) (i64.const 14)) (i64.rotr (local.get $f) (i64.const 18)))
                (i64.rotr (local.get $f) (i64.const 41))))
            (i64.xor (local.get $h) (i64.and (local.get $f) (i64.xor (local.get $g) (local.get $h)))))
          (i64.add (i64.load offset=56 (local.get $p)) (i64.load offset=696 (local.get $p)))))
      (local.set $e (i64.add (local.get $e) (local.get $t1)))
      (local.set $a
        (i64.add (local.get $t1)
          (i64.add
            (i64.xor
              (i64.xor (i64.rotr (local.get $b) (i64.const 28)) (i64.rotr (local.get $b) (i64.const 34)))
              (i64.rotr (local.get $b) (i64.const 39)))
            (i64.or
              (i64.and (local.get $b) (local.get $c))
              (i64.and (local.get $d) (i64.or (local.get $b) (local.get $c)))))))
      (local.set $p (i32.add (local.get $p) (i32.const 64)))
      (br_if $rounds (i32.lt_u (local.get $p) (i32.const 640))))
    ;; Step 4: the new chaining value.
    (i64.store offset=0 (local.get $to) (i64.add (local.get $a) (i64.load offset=0 (local.get $from))))
    (i64.store offset=8 (local.get $to) (i64.add (local.get $b) (i64.load offset=8 (local.get $from))))
    (i64.store offset=16 (local.get $to) (i64.add (local.get $c) (i64.load offset=16 (local.get $from))))
    (i64.store offset=24 (local.get $to) (i64.add (local.get $d) (i64.load offset=24 (local.get $from))))
    (i64.store offset=32 (local.get $to) (i64.add (local.get $e) (i64.load offset=32 (local.get $from))))
    (i64.store offset=40 (local.get $to) (i64.add (local.get $f) (i64.load offset=40 (local.get $from))))
    (i64.store offset=48 (local.get $to) (i64.add (local.get $g) (i64.load offset=48 (local.get $from))))
    (i64.store offset=56 (local.get $to) (i64.add (local.get $h) (i64.load offset=56 (local.get $from)))))

  ;; W[0..15] = the block at KEY, big-endian words to host order, each XORed with $pad.
  (func $loadBlock (param $pad i64)
    (local $p i32)
    (loop $words
      (i64.store offset=640 (local.get $p)
        (i64.xor (call $bswap (i64.load offset=1408 (local.get $p))) (local.get $pad)))
      (local.set $p (i32.add (local.get $p) (i32.const 8)))
      (br_if $words (i32.lt_u (local.get $p) (i32.const 128)))))

  ;; Zeroes $words 64-bit words from $at.
  (func $wipe (param $at i32) (param $words i32)
    (loop $zero
      (i64.store (local.get $at) (i64.const 0))
      (local.set $at (i32.add (local.get $at) (i32.const 8)))
      (local.set $words (i32.sub (local.get $words) (i32.const 1)))
      (br_if $zero (local.get $words))))

  ;; RFC 2104 §4: PADS = compress(IV, K ⊕ ipad) ‖ compress(IV, K ⊕ opad), ipad = 0x36…,
  ;; opad = 0x5c…; then KEY (K) and W (its schedule) are zeroed.
  (func (export "prepare")
    (call $loadBlock (i64.const 0x3636363636363636))
    (call $compress (i32.const 1536) (i32.const 1280))
    (call $loadBlock (i64.const 0x5c5c5c5c5c5c5c5c))
    (call $compress (i32.const 1536) (i32.const 1344))
    (call $wipe (i32.const 1408) (i32.const 16))
    (call $wipe (i32.const 640) (i32.const 80)))

  ;; HMAC-SHA-512(K, C) from PADS, then RFC 4226 §5.3 dynamic truncation.
  ;; Inner block: C ‖ 0x80 ‖ zeros ‖ bit length (128 + 8) · 8 = 1088.
  ;; Outer block: inner digest (8 words) ‖ 0x80 ‖ zeros ‖ bit length (128 + 64) · 8 = 1536.
  (func (export "truncate") (param $hi i32) (param $lo i32) (result i32)
    (local $s i64) (local $first i64) (local $second i64)
    (i64.store offset=640 (i32.const 0)
      (i64.or
        (i64.shl (i64.extend_i32_u (local.get $hi)) (i64.const 32))
        (i64.extend_i32_u (local.get $lo))))
    (i64.store offset=648 (i32.const 0) (i64.const 0x8000000000000000))
    (call $wipe (i32.const 656) (i32.const 13))
    (i64.store offset=760 (i32.const 0) (i64.const 1088))
    (call $compress (i32.const 1280) (i32.const 1600))
    (i64.store offset=640 (i32.const 0) (i64.load offset=1600 (i32.const 0)))
    (i64.store offset=648 (i32.const 0) (i64.load offset=1608 (i32.const 0)))
    (i64.store offset=656 (i32.const 0) (i64.load offset=1616 (i32.const 0)))
    (i64.store offset=664 (i32.const 0) (i64.load offset=1624 (i32.const 0)))
    (i64.store offset=672 (i32.const 0) (i64.load offset=1632 (i32.const 0)))
    (i64.store offset=680 (i32.const 0) (i64.load offset=1640 (i32.const 0)))
    (i64.store offset=688 (i32.const 0) (i64.load offset=1648 (i32.const 0)))
    (i64.store offset=696 (i32.const 0) (i64.load offset=1656 (i32.const 0)))
    (i64.store offset=704 (i32.const 0) (i64.const 0x8000000000000000))
    (call $wipe (i32.const 712) (i32.const 6))
    (i64.store offset=760 (i32.const 0) (i64.const 1536))
    (call $compress (i32.const 1344) (i32.const 1600))
    ;; The caller copies the pads in for each call: zero them, so none stay behind.
    (call $wipe (i32.const 1280) (i32.const 16))
    ;; Offset o = low 4 bits of the digest's last byte, the low byte of word 7. The 4 bytes at
    ;; o lie in words o >> 3 and o >> 3 + 1 (o ≤ 15): shift that pair left by 8 · (o & 7) bits
    ;; and keep the top 32. Written (second >> 1) >> (63 − s) so that s = 0 gives 0, not second.
    (local.set $s (i64.load offset=1656 (i32.const 0)))
    (local.set $first (i64.load offset=1600 (i32.const 0)))
    (local.set $second (i64.load offset=1608 (i32.const 0)))
    (if (i64.ne (i64.and (local.get $s) (i64.const 8)) (i64.const 0))
      (then
        (local.set $first (local.get $second))
        (local.set $second (i64.load offset=1616 (i32.const 0)))))
    (local.set $s (i64.shl (i64.and (local.get $s) (i64.const 7)) (i64.const 3)))
    (i32.and
      (i32.wrap_i64
        (i64.shr_u
          (i64.or
            (i64.shl (local.get $first) (local.get $s))
            (i64.shr_u (i64.shr_u (local.get $second) (i64.const 1)) (i64.sub (i64.const 63) (local.get $s))))
          (i64.const 32)))
      (i32.const 0x7fffffff)))

  ;; STATE = compress(STATE, block at KEY): the bare compression function, for tests.
  (func (export "compressBlock")
    (call $loadBlock (i64.const 0))
    (call $compress (i32.const 1664) (i32.const 1664)))

  ;; Constants: K (FIPS 180-4 §4.2.3, ∛ of the first 80 primes, fractional 64 bits) at 0 and
  ;; the initial value H(0) (§5.3.5, √ of the first 8 primes, fractional 64 bits) at 1536.
  (func $init
    (i64.store offset=0 (i32.const 0) (i64.const 0x428a2f98d728ae22))
    (i64.store offset=8 (i32.const 0) (i64.const 0x7137449123ef65cd))
    (i64.store offset=16 (i32.const 0) (i64.const 0xb5c0fbcfec4d3b2f))
    (i64.store offset=24 (i32.const 0) (i64.const 0xe9b5dba58189dbbc))
    (i64.store offset=32 (i32.const 0) (i64.const 0x3956c25bf348b538))
    (i64.store offset=40 (i32.const 0) (i64.const 0x59f111f1b605d019))
    (i64.store offset=48 (i32.const 0) (i64.const 0x923f82a4af194f9b))
    (i64.store offset=56 (i32.const 0) (i64.const 0xab1c5ed5da6d8118))
    (i64.store offset=64 (i32.const 0) (i64.const 0xd807aa98a3030242))
    (i64.store offset=72 (i32.const 0) (i64.const 0x12835b0145706fbe))
    (i64.store offset=80 (i32.const 0) (i64.const 0x243185be4ee4b28c))
    (i64.store offset=88 (i32.const 0) (i64.const 0x550c7dc3d5ffb4e2))
    (i64.store offset=96 (i32.const 0) (i64.const 0x72be5d74f27b896f))
    (i64.store offset=104 (i32.const 0) (i64.const 0x80deb1fe3b1696b1))
    (i64.store offset=112 (i32.const 0) (i64.const 0x9bdc06a725c71235))
    (i64.store offset=120 (i32.const 0) (i64.const 0xc19bf174cf692694))
    (i64.store offset=128 (i32.const 0) (i64.const 0xe49b69c19ef14ad2))
    (i64.store offset=136 (i32.const 0) (i64.const 0xefbe4786384f25e3))
    (i64.store offset=144 (i32.const 0) (i64.const 0x0fc19dc68b8cd5b5))
    (i64.store offset=152 (i32.const 0) (i64.const 0x240ca1cc77ac9c65))
    (i64.store offset=160 (i32.const 0) (i64.const 0x2de92c6f592b0275))
    (i64.store offset=168 (i32.const 0) (i64.const 0x4a7484aa6ea6e483))
    (i64.store offset=176 (i32.const 0) (i64.const 0x5cb0a9dcbd41fbd4))
    (i64.store offset=184 (i32.const 0) (i64.const 0x76f988da831153b5))
    (i64.store offset=192 (i32.const 0) (i64.const 0x983e5152ee66dfab))
    (i64.store offset=200 (i32.const 0) (i64.const 0xa831c66d2db43210))
    (i64.store offset=208 (i32.const 0) (i64.const 0xb00327c898fb213f))
    (i64.store offset=216 (i32.const 0) (i64.const 0xbf597fc7beef0ee4))
    (i64.store offset=224 (i32.const 0) (i64.const 0xc6e00bf33da88fc2))
    (i64.store offset=232 (i32.const 0) (i64.const 0xd5a79147930aa725))
    (i64.store offset=240 (i32.const 0) (i64.const 0x06ca6351e003826f))
    (i64.store offset=248 (i32.const 0) (i64.const 0x142929670a0e6e70))
    (i64.store offset=256 (i32.const 0) (i64.const 0x27b70a8546d22ffc))
    (i64.store offset=264 (i32.const 0) (i64.const 0x2e1b21385c26c926))
    (i64.store offset=272 (i32.const 0) (i64.const 0x4d2c6dfc5ac42aed))
    (i64.store offset=280 (i32.const 0) (i64.const 0x53380d139d95b3df))
    (i64.store offset=288 (i32.const 0) (i64.const 0x650a73548baf63de))
    (i64.store offset=296 (i32.const 0) (i64.const 0x766a0abb3c77b2a8))
    (i64.store offset=304 (i32.const 0) (i64.const 0x81c2c92e47edaee6))
    (i64.store offset=312 (i32.const 0) (i64.const 0x92722c851482353b))
    (i64.store offset=320 (i32.const 0) (i64.const 0xa2bfe8a14cf10364))
    (i64.store offset=328 (i32.const 0) (i64.const 0xa81a664bbc423001))
    (i64.store offset=336 (i32.const 0) (i64.const 0xc24b8b70d0f89791))
    (i64.store offset=344 (i32.const 0) (i64.const 0xc76c51a30654be30))
    (i64.store offset=352 (i32.const 0) (i64.const 0xd192e819d6ef5218))
    (i64.store offset=360 (i32.const 0) (i64.const 0xd69906245565a910))
    (i64.store offset=368 (i32.const 0) (i64.const 0xf40e35855771202a))
    (i64.store offset=376 (i32.const 0) (i64.const 0x106aa07032bbd1b8))
    (i64.store offset=384 (i32.const 0) (i64.const 0x19a4c116b8d2d0c8))
    (i64.store offset=392 (i32.const 0) (i64.const 0x1e376c085141ab53))
    (i64.store offset=400 (i32.const 0) (i64.const 0x2748774cdf8eeb99))
    (i64.store offset=408 (i32.const 0) (i64.const 0x34b0bcb5e19b48a8))
    (i64.store offset=416 (i32.const 0) (i64.const 0x391c0cb3c5c95a63))
    (i64.store offset=424 (i32.const 0) (i64.const 0x4ed8aa4ae3418acb))
    (i64.store offset=432 (i32.const 0) (i64.const 0x5b9cca4f7763e373))
    (i64.store offset=440 (i32.const 0) (i64.const 0x682e6ff3d6b2b8a3))
    (i64.store offset=448 (i32.const 0) (i64.const 0x748f82ee5defb2fc))
    (i64.store offset=456 (i32.const 0) (i64.const 0x78a5636f43172f60))
    (i64.store offset=464 (i32.const 0) (i64.const 0x84c87814a1f0ab72))
    (i64.store offset=472 (i32.const 0) (i64.const 0x8cc702081a6439ec))
    (i64.store offset=480 (i32.const 0) (i64.const 0x90befffa23631e28))
    (i64.store offset=488 (i32.const 0) (i64.const 0xa4506cebde82bde9))
    (i64.store offset=496 (i32.const 0) (i64.const 0xbef9a3f7b2c67915))
    (i64.store offset=504 (i32.const 0) (i64.const 0xc67178f2e372532b))
    (i64.store offset=512 (i32.const 0) (i64.const 0xca273eceea26619c))
    (i64.store offset=520 (i32.const 0) (i64.const 0xd186b8c721c0c207))
    (i64.store offset=528 (i32.const 0) (i64.const 0xeada7dd6cde0eb1e))
    (i64.store offset=536 (i32.const 0) (i64.const 0xf57d4f7fee6ed178))
    (i64.store offset=544 (i32.const 0) (i64.const 0x06f067aa72176fba))
    (i64.store offset=552 (i32.const 0) (i64.const 0x0a637dc5a2c898a6))
    (i64.store offset=560 (i32.const 0) (i64.const 0x113f9804bef90dae))
    (i64.store offset=568 (i32.const 0) (i64.const 0x1b710b35131c471b))
    (i64.store offset=576 (i32.const 0) (i64.const 0x28db77f523047d84))
    (i64.store offset=584 (i32.const 0) (i64.const 0x32caab7b40c72493))
    (i64.store offset=592 (i32.const 0) (i64.const 0x3c9ebe0a15c9bebc))
    (i64.store offset=600 (i32.const 0) (i64.const 0x431d67c49c100d4c))
    (i64.store offset=608 (i32.const 0) (i64.const 0x4cc5d4becb3e42b6))
    (i64.store offset=616 (i32.const 0) (i64.const 0x597f299cfc657e2a))
    (i64.store offset=624 (i32.const 0) (i64.const 0x5fcb6fab3ad6faec))
    (i64.store offset=632 (i32.const 0) (i64.const 0x6c44198c4a475817))
    (i64.store offset=1536 (i32.const 0) (i64.const 0x6a09e667f3bcc908))
    (i64.store offset=1544 (i32.const 0) (i64.const 0xbb67ae8584caa73b))
    (i64.store offset=1552 (i32.const 0) (i64.const 0x3c6ef372fe94f82b))
    (i64.store offset=1560 (i32.const 0) (i64.const 0xa54ff53a5f1d36f1))
    (i64.store offset=1568 (i32.const 0) (i64.const 0x510e527fade682d1))
    (i64.store offset=1576 (i32.const 0) (i64.const 0x9b05688c2b3e6c1f))
    (i64.store offset=1584 (i32.const 0) (i64.const 0x1f83d9abfb41bd6b))
    (i64.store offset=1592 (i32.const 0) (i64.const 0x5be0cd19137e2179)))
  (start $init))
