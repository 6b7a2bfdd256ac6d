import KinuCortexM
import KinuDrivers

/// The Discovery's MP45DT02 PDM microphone on I2S2 (clock PB10, data PC3), read by
/// DMA1 stream 3 (channel 0 = SPI2_RX, RM0090 §10.3.3 Table 42) in double-buffer mode
/// into two halves of PDM words; `PDMDecimator` turns each half into 16 kHz PCM.
///
/// Bit clock: I2S2 in master receive, 16-bit frames, MCLK off:
/// bit clock = I2SxCLK / (2 * I2SDIV + ODD) (RM0090 §28.4.4) = 128 MHz / 125 = 1.024 MHz,
/// so 64 bits make one 16 kHz sample.
public enum STM32F4Microphone {
    public static let clockPin = STM32F4Pin(.b, 10)   // I2S2_CK, AF5
    public static let dataPin = STM32F4Pin(.c, 3)     // I2S2_SD, AF5
    static let i2sDivider: UInt32 = 62, i2sOdd = true
    public static var bitClockHz: UInt32 {
        STM32F4Clock.i2sClockHz / (2 * i2sDivider + (i2sOdd ? 1 : 0))
    }

    /// PDM words (16 bits) per DMA buffer for `samples` PCM samples.
    public static func words(forSamples samples: Int) -> Int { samples * PDMDecimator.bitsPerSample / 16 }

    /// Sets up the pins, I2S2 and DMA, and starts capturing into `buffer0`/`buffer1`
    /// (addresses of `wordCount` UInt16 each, in SRAM: the DMA cannot reach CCM RAM).
    public static func start<Bus: RegisterBus>(_ bus: inout Bus, buffer0: UInt32, buffer1: UInt32, wordCount: Int) {
        typealias R = STM32F4.RCC
        typealias D = STM32F4.DMA1
        typealias S = STM32F4.SPI2
        clockPin.makeAlternate(&bus, function: 5)
        dataPin.makeAlternate(&bus, function: 5)
        bus.modify(R.ahb1enr, setting: R.dma1Enable)
        bus.modify(R.apb1enr, setting: R.spi2Enable)

        // I2S off while configuring; MSB-justified, clock idle high, 16-bit data in
        // 16-bit frames (the framing does not matter: the PDM bits are one long stream).
        bus.write(S.i2scfgr, 0)
        bus.write(S.i2spr, S.i2sprDiv(i2sDivider) | (i2sOdd ? S.i2sprOdd : 0))
        bus.write(S.i2scfgr, S.i2sMode | S.i2sConfiguration(.masterReceive) | S.i2sStandard(.msbJustified)
            | S.i2sClockPolarityHigh)
        bus.write(S.cr2, S.cr2RxDMA)

        // DMA stream 3 must be disabled (EN reads 0) before it can be programmed (§10.3.17).
        bus.modify(D.s3cr, clearing: D.crEnable)
        _ = bus.wait(D.s3cr, mask: D.crEnable, equals: 0)
        bus.write(D.lifcr, D.s3AllFlags)
        bus.write(D.s3par, S.dr.address)
        bus.write(D.s3m0ar, buffer0)
        bus.write(D.s3m1ar, buffer1)
        bus.write(D.s3ndtr, UInt32(wordCount))
        bus.write(D.s3fcr, 0)   // direct mode: one half-word at a time
        bus.write(D.s3cr, D.crChannel(0) | D.crPriority(.high) | D.crMSIZE(.halfWord) | D.crPSIZE(.halfWord)
            | D.crMemoryIncrement | D.crCircular | D.crDoubleBuffer)   // DIR = 00: peripheral to memory
        bus.modify(D.s3cr, setting: D.crEnable)
        bus.modify(S.i2scfgr, setting: S.i2sEnable)
    }

    /// Which buffer (0 or 1) the DMA has just filled, or nil if none since the last call.
    /// After a transfer-complete the DMA has switched targets (CT), so the full one is
    /// the other. Also reports a DMA transfer error.
    public static func takeFilledBuffer<Bus: RegisterBus>(_ bus: inout Bus) -> (buffer: Int, error: Bool)? {
        typealias D = STM32F4.DMA1
        let flags = bus.read(D.lisr)
        guard flags & (D.s3TransferComplete | D.s3TransferError) != 0 else { return nil }
        bus.write(D.lifcr, flags & D.s3AllFlags)
        let current = bus.read(D.s3cr) & D.crCurrentTarget != 0 ? 1 : 0
        return (1 - current, flags & D.s3TransferError != 0)
    }
}

/// The microphone as a polled block source: owns the two DMA halves (allocated once, in
/// SRAM) and the decimator; each full half becomes one block of 16 kHz samples.
public struct STM32F4PolledMicrophone<Bus: RegisterBus>: PolledMicrophone {
    public var bus: Bus
    private let words: Int
    private let buffers: UnsafeMutablePointer<UInt16>
    private var decimator: PDMDecimator

    /// `gainShift`: extra decimator gain as a left shift (3 = +18 dB).
    public init(bus: Bus, samplesPerBlock: Int, gainShift: Int) {
        self.bus = bus
        words = STM32F4Microphone.words(forSamples: samplesPerBlock)
        buffers = .allocate(capacity: 2 * words)
        buffers.initialize(repeating: 0, count: 2 * words)
        decimator = PDMDecimator(gainShift: gainShift)
        STM32F4Microphone.start(&self.bus, buffer0: UInt32(UInt(bitPattern: buffers)),
                                buffer1: UInt32(UInt(bitPattern: buffers + words)), wordCount: words)
    }

    public mutating func poll(into block: UnsafeMutableBufferPointer<Int16>) -> Int? {
        guard let filled = STM32F4Microphone.takeFilledBuffer(&bus) else { return nil }
        return decimator.process(UnsafeBufferPointer(start: buffers + filled.buffer * words, count: words), into: block)
    }
}
