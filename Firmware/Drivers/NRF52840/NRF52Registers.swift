import KinuCortexM
import KinuDrivers

// nRF52840 register addresses and fields used by Kinu, from the nRF52840 Product
// Specification v1.7: memory map §4.2.4 / instantiation table §4.6, CLOCK §5.4.4,
// NVMC §4.3.9, GPIO §6.9.2, PDM §6.16.9, UART §6.33.10, UARTE §6.34.9.

public enum NRF52 {
    public enum Clock {   // §5.4.4 (base 0x4000_0000)
        public static let tasksHFCLKStart = Register(0x4000_0000)
        public static let eventsHFCLKStarted = Register(0x4000_0100)
        public static let hfclkStat = Register(0x4000_040C)
        /// HFCLKSTAT: SRC (bit 0) = 1 crystal, STATE (bit 16) = 1 running.
        public static let hfclkStatCrystalRunning: UInt32 = 1 << 16 | 1
    }

    public enum NVMC {   // §4.3.9 (base 0x4001_E000)
        public static let ready = Register(0x4001_E400)
        public static let config = Register(0x4001_E504)
        public static let erasePage = Register(0x4001_E508)
        public static let configReadOnly: UInt32 = 0, configWrite: UInt32 = 1, configErase: UInt32 = 2
        public static let pageSize: UInt32 = 4096
    }

    public struct Pin: Equatable, Sendable {   // §6.9: P0.00-P0.31 at 0x5000_0000, P1.00-P1.15 at 0x5000_0300
        public let port: UInt32
        public let pin: UInt32
        public init(_ port: UInt32, _ pin: UInt32) { self.port = port; self.pin = pin }
        var base: UInt32 { port == 0 ? 0x5000_0000 : 0x5000_0300 }
        public var outSet: Register { Register(base + 0x508) }
        public var outClear: Register { Register(base + 0x50C) }
        public var input: Register { Register(base + 0x510) }
        public var configuration: Register { Register(base + 0x700 + 4 * pin) }
        /// PIN_CNF fields (§6.9.2.10).
        public enum Direction: UInt32 { case input = 0, output = 1 }
        public enum InputBuffer: UInt32 { case connect = 0, disconnect = 1 }
        public enum Pull: UInt32 { case none = 0, down = 1, up = 3 }
        public static let direction = NamedField<Direction>(0, width: 1)
        public static let inputBuffer = NamedField<InputBuffer>(1, width: 1)
        public static let pull = NamedField<Pull>(2, width: 2)
        public var bit: UInt32 { 1 << pin }
        /// The value PSEL registers take: pin number, port in bit 5, CONNECT (bit 31) = 0.
        public var select: UInt32 { port << 5 | pin }
    }

    public enum PDM {   // §6.16.9 (base 0x4001_D000)
        static let base: UInt32 = 0x4001_D000
        public static let tasksStart = Register(base + 0x000)
        public static let tasksStop = Register(base + 0x004)
        public static let eventsStarted = Register(base + 0x100)
        public static let eventsEnd = Register(base + 0x108)
        public static let enable = Register(base + 0x500)
        public static let clockControl = Register(base + 0x504)
        public static let mode = Register(base + 0x508)
        public static let gainLeft = Register(base + 0x518)
        public static let gainRight = Register(base + 0x51C)
        public static let ratio = Register(base + 0x520)
        public static let selectClock = Register(base + 0x540)
        public static let selectData = Register(base + 0x544)
        public static let samplePointer = Register(base + 0x560)
        public static let sampleCount = Register(base + 0x564)
        /// PDMCLKCTRL = 0x0A00_0000: 1.280 MHz; with RATIO = 1 (80) that is 16 kHz exactly.
        public static let clock1280kHz: UInt32 = 0x0A00_0000
        public static let ratio80: UInt32 = 1
        /// MODE: OPERATION (bit 0) = 1 mono, EDGE (bit 1) = 0 left channel on the falling edge.
        public static let modeMonoLeftFalling: UInt32 = 1
        /// GAIN: 0x28 = 0 dB, 0.5 dB per step, 0x00-0x50 (-20...+20 dB).
        public static func gain(decibels: Int) -> UInt32 { UInt32(0x28 + 2 * min(max(decibels, -20), 20)) }
    }

    public enum UART {   // §6.33.10 UART0 (base 0x4000_2000), the legacy non-DMA mode
        static let base: UInt32 = 0x4000_2000
        public static let tasksStartRX = Register(base + 0x000)
        public static let tasksStopRX = Register(base + 0x004)
        public static let tasksStartTX = Register(base + 0x008)
        public static let tasksStopTX = Register(base + 0x00C)
        public static let eventsRXDReady = Register(base + 0x108)
        public static let eventsTXDReady = Register(base + 0x11C)
        /// RXTO (UARTE, §6.34.9): the receiver has stopped after STOPRX.
        public static let eventsRXTimeout = Register(base + 0x144)
        public static let enable = Register(base + 0x500)
        public static let selectTX = Register(base + 0x50C)
        public static let selectRX = Register(base + 0x514)
        public static let rxd = Register(base + 0x518)
        public static let txd = Register(base + 0x51C)
        public static let baudrate = Register(base + 0x524)
        public static let config = Register(base + 0x56C)
        /// ENABLE: 0 disabled, 4 UART (legacy, this driver), 8 UARTE (the bootloader's).
        public static let enableDisabled: UInt32 = 0, enableUART: UInt32 = 4, enableUARTE: UInt32 = 8
        public static let baud115200: UInt32 = 0x01D7_E000
    }
}
