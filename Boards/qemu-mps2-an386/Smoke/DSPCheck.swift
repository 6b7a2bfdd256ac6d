import KinuDSP

/// The KinuDSP kernels as built for the M4 (DSP instructions) against plain Swift
/// loops or their portable C bodies, on random and extreme values in the ranges the
/// core gives them: the host runs the portable bodies, so this is where the SIMD
/// bodies are proven equal.
/// Each kernel family has its own check; all draw their inputs from one seeded generator.
struct DSPCheck {
    private(set) var cases = 0, mismatches = 0
    private var state: UInt32 = 12345

    static func run() -> (cases: Int, mismatches: Int) {
        var check = DSPCheck()
        check.templateDTW()
        check.coarseStage()
        check.sumAndDCT()
        check.rhythm()
        let twiddles = check.twiddles()
        check.copyAndWindowFFT(twiddles)
        check.slide()
        check.fftAndSplit(twiddles)
        return (check.cases, check.mismatches)
    }

    /// Values in -limit...limit, a quarter of them at the extremes.
    private mutating func next(_ limit: Int32) -> Int16 {
        state = state &* 1_664_525 &+ 1_013_904_223
        switch state >> 29 {
        case 0: return Int16(limit)
        case 1: return Int16(-limit)
        default: return Int16(Int32(bitPattern: state >> 8) % (limit + 1))
        }
    }

    /// The template DTW: random templates (a quarter of the values at -128 or 127),
    /// both views, run to the end and stopped at half the distance.
    private mutating func templateDTW() {
        var x = [Int8](repeating: 0, count: 192), y = x
        var xa = [UInt32](repeating: 0, count: 16 * Int(KINU_QUERY_VIEW_WORDS)), xb = xa
        var ya = [UInt32](repeating: 0, count: 16 * Int(KINU_EXAMPLE_VIEW_WORDS)), yb = ya
        for _ in 0..<100 {
            for i in x.indices { x[i] = Int8(max(-128, next(127) - (next(1) & 1))); y[i] = Int8(max(-128, next(127))) }
            kinu_query_views(x, &xa, &xb)
            kinu_example_views(y, &ya, &yb)
            let fullA = kinu_warp_a_portable(xa, ya, Int32.max), fullB = kinu_warp_b_portable(xb, yb, Int32.max)
            for limit in [Int32.max, fullA / 2] {
                cases += 1
                if kinu_warp_a(xa, ya, limit) != kinu_warp_a_portable(xa, ya, limit) { mismatches += 1 }
            }
            for limit in [Int32.max, fullB / 2] {
                cases += 1
                if kinu_warp_b(xb, yb, limit) != kinu_warp_b_portable(xb, yb, limit) { mismatches += 1 }
            }
        }
    }

    /// The first stage: coarse views and distances, every fourth slot empty; and the
    /// statistics distances over the same templates, and the nearest of them.
    private mutating func coarseStage() {
        var templates = [Int8](repeating: 0, count: 8 * Int(KINU_TEMPLATE_BYTES)), sequences = [UInt8](repeating: 0, count: 8 * 4)
        var view = [UInt32](repeating: 0, count: Int(KINU_COARSE_WORDS)), viewPortable = view
        var coarse = [Int32](repeating: 0, count: 8), coarsePortable = coarse
        // The query's statistics are random words (every byte of them is compared).
        var statisticsQuery = [UInt32](repeating: 0, count: Int(KINU_TEMPLATE_STATISTICS) / 4)
        for round in 0..<20 {
            for i in templates.indices { templates[i] = Int8(max(-128, next(127) - (next(1) & 1))) }
            for n in 0..<8 { sequences[4 * n + (n + round) % 4] = n % 4 == 3 ? 0 : UInt8(1 + round) }
            kinu_coarse_view(templates, &view)
            kinu_coarse_view_portable(templates, &viewPortable)
            cases += 1
            if view != viewPortable { mismatches += 1 }
            kinu_coarse_distances(view, templates, sequences, 8, &coarse)
            kinu_coarse_distances_portable(view, templates, sequences, 8, &coarsePortable)
            cases += 8
            for n in 0..<8 where coarse[n] != coarsePortable[n] { mismatches += 1 }
            for i in statisticsQuery.indices { statisticsQuery[i] = UInt32(truncatingIfNeeded: next(32767)) &* 0x2F71 }
            kinu_statistics_distances(statisticsQuery, templates, sequences, 8, &coarse)
            kinu_statistics_distances_portable(statisticsQuery, templates, sequences, 8, &coarsePortable)
            cases += 8
            for n in 0..<8 where coarse[n] != coarsePortable[n] { mismatches += 1 }
            // The nearest of them outside a range of slots (a class), against the portable ones.
            let skip = round % 8 ..< min(8, round % 8 + 3)
            var nearest = Int32.max
            for n in 0..<8 where !skip.contains(n) { nearest = min(nearest, coarsePortable[n]) }
            cases += 1
            if kinu_nearest_statistics(statisticsQuery, templates, sequences, 8, Int32(skip.lowerBound), Int32(skip.upperBound)) != nearest {
                mismatches += 1
            }
        }
    }

    /// Sums, the encoder's floored DCT and band-group levels against plain loops.
    private mutating func sumAndDCT() {
        var a = [Int16](repeating: 0, count: 40), b = [Int16](repeating: 0, count: 12 * 40)
        for round in 0..<200 {
            for i in a.indices { a[i] = next(16_383) }
            // Log-mel values (< 2^14), DCT weights (< 2^9); sums of 2 to 40 terms. Row i of the
            // DCT is antisymmetric about the middle band for even i and symmetric for odd i,
            // as the rows of c1, c2, ... are (the M4 body folds the frame by it).
            for i in 0..<12 {
                for k in 0..<20 {
                    let w = next(511)
                    b[i * 40 + k] = w
                    b[i * 40 + 39 - k] = i % 2 == 0 ? -w : w
                }
            }
            let count = 2 + 2 * (round % 20)
            // Sums, and the encoder's floored DCT (12 coefficients of 40 bands) against
            // plain loops, the floor anywhere from below every value to above them all.
            var sum: Int32 = 0
            for k in 0..<count { sum += Int32(a[k]) }
            cases += 1
            if kinu_sum_int16(a, Int32(count)) != sum { mismatches += 1 }
            let floor = next(16_383)
            var dct = [Int32](repeating: 0, count: 12)
            kinu_floored_dct(a, floor, b, 40, 12, &dct)
            for i in 0..<12 {
                var plain: Int32 = 0
                for k in 0..<40 { plain += Int32(max(a[k], floor)) * Int32(b[i * 40 + k]) }
                cases += 1
                if dct[i] != (plain + 32768) >> 16 { mismatches += 1 }
            }
            // The encoder's band-group levels: sums of five floored bands.
            var levels = [Int32](repeating: 0, count: 8)
            kinu_group_levels(a, 1, floor, &levels)
            for g in 0..<8 {
                var plain: Int32 = 0
                for k in 5 * g ..< 5 * g + 5 { plain += Int32(max(a[k], floor)) }
                cases += 1
                if levels[g] != plain { mismatches += 1 }
            }
        }
    }

    /// The loudness rhythm's energies against the portable body, for every event length
    /// from 2 to 100 frames, loudness anywhere in the Int16 range and cosines up to 2^21.
    private mutating func rhythm() {
        var loudness = [Int16](repeating: 0, count: 100)
        var cosines = [Int32](repeating: 0, count: 6 * 100)
        var scratch = [Int32](repeating: 0, count: 151), simd = [Int64](repeating: 0, count: 6)
        var portable = simd
        // `next` draws 0...limit or its extremes; a second draw gives each value its sign.
        func signed(_ limit: Int32) -> Int32 { let v = Int32(next(limit)); return next(1) & 1 == 0 ? v : -v }
        for count in 2...100 {
            for i in 0..<count { loudness[i] = Int16(signed(32_767)) }
            for i in cosines.indices { cosines[i] = signed(32_767) &* 64 }
            kinu_rhythm_energies(loudness, Int32(count), cosines, 100, &scratch, &simd)
            kinu_rhythm_energies_portable(loudness, Int32(count), cosines, 100, &scratch, &portable)
            for o in 0..<6 {
                cases += 1
                if simd[o] != portable[o] { mismatches += 1 }
            }
        }
    }

    /// Twiddles for the FFT kernels. W512^k from a Q15 quarter-wave table would need
    /// floating point here; these are arbitrary words with |w| <= 1 instead, which is
    /// all the kernels assume.
    private mutating func twiddles() -> [UInt32] {
        var twiddles = [UInt32](repeating: 0, count: 257)
        for k in 0...256 {
            let c = Int32(next(23_170)), s = Int32(next(23_170))
            twiddles[k] = UInt32(UInt16(truncatingIfNeeded: c)) | UInt32(UInt16(truncatingIfNeeded: s)) << 16
        }
        return twiddles
    }

    /// The copy with statistics, and the window through the FFT (on the M4 the window
    /// feeds the first pass in assembly; the portable body windows, then transforms):
    /// samples quiet to full scale, with and without a DC offset (so both the left- and
    /// the right-shift paths run), past the window too (which the kernel must ignore);
    /// a window of random Q15 weights, zero from 480 on; the bit-reversal permutation.
    private mutating func copyAndWindowFFT(_ twiddles: [UInt32]) {
        var samples = [Int16](repeating: 0, count: 512), weights = [Int16](repeating: 0, count: 512)
        var reversal = [UInt8](repeating: 0, count: 256)
        for n in 0..<256 {
            var r = 0
            for bit in 0..<8 where n & (1 << bit) != 0 { r |= 1 << (7 - bit) }
            reversal[n] = UInt8(r)
        }
        for i in 0..<480 { weights[i] = Int16(abs(Int32(next(32_767)))) }
        var zWindow = [UInt32](repeating: 0, count: 256), zWindowPortable = zWindow
        for round in 0..<36 {
            let level: Int32 = [32_767, 16_383, 9_000, 1_000, 7, 0][round % 6]
            let offset: Int32 = round % 12 < 6 ? 0 : [0, 16_000, -20_000][round % 3]
            for i in samples.indices { samples[i] = Int16(max(-32_768, min(32_767, Int32(next(level)) + offset))) }
            // The statistics as the front end gathers them: copied in pieces of odd and even
            // lengths, by each body.
            var copy = samples, copyPortable = samples
            var stats = [kinu_sample_stats](repeating: kinu_sample_stats(sum: 0, high: 0, low: 0xFFFF_FFFF), count: 3)
            var statsPortable = stats
            let pieces = [(0, 77), (77, 83), (160, 160), (320, 1), (321, 159)]
            let blockOfPiece = [0, 0, 1, 2, 2]
            for p in pieces.indices {
                let (start, count) = pieces[p], block = blockOfPiece[p]
                samples.withUnsafeBufferPointer { x in
                copy.withUnsafeMutableBufferPointer { y in
                copyPortable.withUnsafeMutableBufferPointer { yPortable in
                    kinu_copy_samples(x.baseAddress! + start, y.baseAddress! + start, Int32(count), &stats[block])
                    kinu_copy_samples_portable(x.baseAddress! + start, yPortable.baseAddress! + start, Int32(count),
                                               &statsPortable[block])
                }}}
            }
            var statsDiffer = false
            for k in 0..<3 {
                statsDiffer = statsDiffer || stats[k].sum != statsPortable[k].sum || stats[k].high != statsPortable[k].high
                    || stats[k].low != statsPortable[k].low
            }
            if copy != samples || copyPortable != samples || statsDiffer { mismatches += 1 }
            var halvings: Int32 = 0, halvingsPortable: Int32 = 0
            let shift = samples.withUnsafeBufferPointer { x in
                kinu_window_fft256_q15(x.baseAddress!, 480, stats, 3, weights, reversal, twiddles, &zWindow, &halvings)
            }
            let shiftPortable = samples.withUnsafeBufferPointer { x in
                kinu_window_fft256_q15_portable(x.baseAddress!, 480, statsPortable, 3, weights, reversal, twiddles,
                                                &zWindowPortable, &halvingsPortable)
            }
            cases += 1
            if shift != shiftPortable || halvings != halvingsPortable || zWindow != zWindowPortable { mismatches += 1 }
        }
    }

    /// The window's slide by a hop (four words per LDM/STM on the M4, then single words).
    private mutating func slide() {
        for keep in [160, 158] {
            var buffer = [Int16](repeating: 0, count: 512)
            for i in buffer.indices { buffer[i] = Int16(truncatingIfNeeded: i &* 7919) }
            let before = buffer
            buffer.withUnsafeMutableBufferPointer { kinu_slide_window($0.baseAddress!, 480, Int32(keep)) }
            var wrong = false
            for i in 0..<512 { wrong = wrong || buffer[i] != (i < keep ? before[480 - keep + i] : before[i]) }
            cases += 1
            if wrong { mismatches += 1 }
        }
    }

    /// The Q15 FFT and split: the DSP-instruction bodies against the portable ones,
    /// on noise at several levels (so passes both halve and do not), a full-scale
    /// square wave and a lone impulse.
    private mutating func fftAndSplit(_ twiddles: [UInt32]) {
        var z = [UInt32](repeating: 0, count: 256), zPortable = z
        var power = [UInt32](repeating: 0, count: 257), powerPortable = power
        for round in 0..<24 {
            let level: Int32 = [16_383, 4_095, 1_000, 63, 7, 1][round % 6]
            for i in z.indices {
                switch round / 6 {
                case 0, 1: z[i] = UInt32(UInt16(bitPattern: next(level))) | UInt32(UInt16(bitPattern: next(level))) << 16
                case 2: z[i] = i % 2 == 0 ? 0x3FFF_3FFF : 0xC001_C001
                default: z[i] = i == round % 256 ? UInt32(UInt16(bitPattern: Int16(level))) : 0
                }
            }
            zPortable = z
            let halvings = kinu_fft256_q15(&z, twiddles)
            let halvingsPortable = kinu_fft256_q15_portable(&zPortable, twiddles)
            kinu_split_power_q15(z, twiddles, 0, 256, &power)
            kinu_split_power_q15_portable(zPortable, twiddles, 0, 256, &powerPortable)
            cases += 1
            if halvings != halvingsPortable || z != zPortable || power != powerPortable { mismatches += 1 }
        }
    }
}
