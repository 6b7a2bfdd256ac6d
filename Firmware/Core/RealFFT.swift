/// 512-point real FFT in fixed point (block floating point with a fixed schedule).
///
/// The 512 real samples are packed as 256 complex values z[n] = x[2n] + i x[2n+1],
/// transformed by a radix-2 decimation-in-time FFT, and split into the spectrum of the
/// real input (bins 0...256).
///
/// Scaling: every butterfly stage halves (|a'|, |b'| <= max(|a|, |b|)), and so does the
/// split, so no stage can overflow as long as the input is below 2^30 in magnitude. The
/// output is X[k] / 2^9, where X is the exact 512-point DFT of the input. The caller
/// normalises its input into [2^29, 2^30) first, so even quiet sounds keep ~29 bits.
/// Twiddles are Q31; `multiplyHigh` with a Q31 twiddle yields the product already halved,
/// which is the stage's scaling for free.
struct RealFFT {
    static let size = 512
    static let bins = size / 2 + 1
    static let outputShift = 9

    /// Real and imaginary parts, 256 complex points. After `transform` bins 0...256 live
    /// in `spectrumReal`/`spectrumImaginary`.
    private(set) var real = [Int32](repeating: 0, count: 256)
    private(set) var imaginary = [Int32](repeating: 0, count: 256)
    private(set) var spectrumReal = [Int32](repeating: 0, count: bins)
    private(set) var spectrumImaginary = [Int32](repeating: 0, count: bins)

    /// Stores real input sample `n` (0..<512) in bit-reversed packed order (tests load
    /// arbitrary inputs with it; the front end uses `loadWindowed`).
    @inline(__always)
    mutating func setInput(_ n: Int, _ value: Int32) {
        let slot = Int(bitReversed256[n >> 1])
        if n & 1 == 0 { real[slot] = value } else { imaginary[slot] = value }
    }

    /// Loads a centred window: x[n] << shift (or >> -shift) times the Hann window (Q15),
    /// in bit-reversed packed order, zero padded to 512. |x << shift| < 2^15, so every
    /// input is below 2^30.
    mutating func loadWindowed(_ x: UnsafeBufferPointer<Int32>, shift: Int32) {
        real.withUnsafeMutableBufferPointer { re in
        imaginary.withUnsafeMutableBufferPointer { im in
        bitReversed256.withUnsafeBufferPointer { reversed in
        hannWindowQ15.withUnsafeBufferPointer { hann in
            let pairs = x.count / 2
            // Masking shifts (&<<, &>>): the amount is known to be in range, so no
            // over-shift handling per sample. shift is 0...14, or -1 for a rare DC frame.
            let left = shift >= 0 ? shift : 0, right: Int32 = shift >= 0 ? 0 : 0 &- shift
            for p in 0..<pairs {
                let slot = Int(reversed[p])
                let even = (x[2 &* p] &<< left) &>> right
                let odd = (x[2 &* p &+ 1] &<< left) &>> right
                re[slot] = even &* Int32(hann[2 &* p])
                im[slot] = odd &* Int32(hann[2 &* p &+ 1])
            }
            for p in pairs..<256 {
                let slot = Int(reversed[p])
                re[slot] = 0
                im[slot] = 0
            }
        }}}}
    }

    mutating func transform() {
        complexTransform()
        splitRealSpectrum()
    }

    /// In-place radix-2 DIT FFT over 256 points, input already bit-reversed, done two
    /// stages per pass ("radix-2 squared"): each pass reads four points, runs the
    /// butterflies of stage `half` and of stage `2 half` on them in registers, and writes
    /// them back, so memory is touched half as often. The arithmetic, and so every bit of
    /// the result, is that of the plain radix-2 stages (a test keeps them equal).
    mutating func complexTransform() {
        real.withUnsafeMutableBufferPointer { realBuffer in
        imaginary.withUnsafeMutableBufferPointer { imaginaryBuffer in
        twiddleCosQ31.withUnsafeBufferPointer { cosine in
        twiddleSinQ31.withUnsafeBufferPointer { sine in
            // Plain pointers held in locals: through the closures' buffer arguments the
            // compiler reloads each base address after every store.
            let re = realBuffer.baseAddress!, im = imaginaryBuffer.baseAddress!
            let cos = cosine.baseAddress!, sin = sine.baseAddress!
            var half = 1
            while half < 256 {
                let first = 256 / half, second = 128 / half      // twiddle strides of the two stages
                for j in 0..<half {
                    let c1 = cos[j &* first], s1 = sin[j &* first]
                    let c2 = cos[j &* second], s2 = sin[j &* second]
                    let c3 = cos[j &* second &+ 128], s3 = sin[j &* second &+ 128]   // (j + half) * second
                    var i0 = j
                    while i0 < 256 {
                        let i1 = i0 &+ half, i2 = i1 &+ half, i3 = i2 &+ half
                        // Stage `half`: (0, 1) and (2, 3), twiddle W^(j first).
                        let (a0r, a0i, a1r, a1i) = Self.butterfly(re[i0], im[i0], re[i1], im[i1], c1, s1)
                        let (a2r, a2i, a3r, a3i) = Self.butterfly(re[i2], im[i2], re[i3], im[i3], c1, s1)
                        // Stage `2 half`: (0, 2) with W^(j second), (1, 3) with W^((j + half) second).
                        let (b0r, b0i, b2r, b2i) = Self.butterfly(a0r, a0i, a2r, a2i, c2, s2)
                        let (b1r, b1i, b3r, b3i) = Self.butterfly(a1r, a1i, a3r, a3i, c3, s3)
                        re[i0] = b0r; im[i0] = b0i
                        re[i1] = b1r; im[i1] = b1i
                        re[i2] = b2r; im[i2] = b2i
                        re[i3] = b3r; im[i3] = b3i
                        i0 = i0 &+ 4 &* half
                    }
                }
                half *= 4
            }
        }}}}
    }

    /// One scaled butterfly: t = b (c - i s) / 2, returns (a/2 + t, a/2 - t).
    @inline(__always)
    static func butterfly(_ ar: Int32, _ ai: Int32, _ br: Int32, _ bi: Int32, _ c: Int32, _ s: Int32)
        -> (Int32, Int32, Int32, Int32) {
        let tr = multiplyHigh(br, c) &+ multiplyHigh(bi, s)
        let ti = multiplyHigh(bi, c) &- multiplyHigh(br, s)
        let hr = ar >> 1, hi = ai >> 1
        return (hr &+ tr, hi &+ ti, hr &- tr, hi &- ti)
    }

    /// X[k]/2 = Xe[k]/2 + W^k Xo[k]/2 with Xe = (Z[k] + Z*[256-k])/2 and
    /// Xo = (Z[k] - Z*[256-k])/(2i).
    private mutating func splitRealSpectrum() {
        real.withUnsafeBufferPointer { re in
        imaginary.withUnsafeBufferPointer { im in
        spectrumReal.withUnsafeMutableBufferPointer { outReal in
        spectrumImaginary.withUnsafeMutableBufferPointer { outImaginary in
        twiddleCosQ31.withUnsafeBufferPointer { cosine in
        twiddleSinQ31.withUnsafeBufferPointer { sine in
            for k in 0...256 {
                let a = k & 255, b = (256 - k) & 255
                let ar = re[a] >> 1, ai = im[a] >> 1
                let br = re[b] >> 1, bi = 0 &- (im[b] >> 1)   // conjugate
                let evenReal = ar &+ br, evenImaginary = ai &+ bi
                let diffReal = ar &- br, diffImaginary = ai &- bi
                // Xo = diff / i = (diffImaginary, -diffReal)
                let oddReal = diffImaginary, oddImaginary = 0 &- diffReal
                let c: Int32 = k < 256 ? cosine[k] : Int32.min     // W^256 = -1
                let s: Int32 = k < 256 ? sine[k] : 0
                let rotatedReal = multiplyHigh(oddReal, c) &+ multiplyHigh(oddImaginary, s)
                let rotatedImaginary = multiplyHigh(oddImaginary, c) &- multiplyHigh(oddReal, s)
                outReal[k] = (evenReal >> 1) &+ rotatedReal
                outImaginary[k] = (evenImaginary >> 1) &+ rotatedImaginary
            }
        }}}}}}
    }
}
