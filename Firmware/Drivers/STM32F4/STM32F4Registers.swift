import KinuCortexM
import KinuDrivers

// STM32F405/407 register addresses and fields used by Kinu, from RM0090 (Rev 19):
// memory map §2.3, RCC §7.3, FLASH §3.9, PWR §5.4, GPIO §8.4, DMA §10.5, SPI/I2S §28.5,
// USART §30.6; SysTick is in KinuCortexM.

public enum STM32F4 {
    public enum RCC {   // RM0090 §7.3 (base 0x4002_3800)
        static let base: UInt32 = 0x4002_3800
        public static let cr = Register(base + 0x00)
        public static let pllcfgr = Register(base + 0x04)
        public static let cfgr = Register(base + 0x08)
        public static let ahb1enr = Register(base + 0x30)
        public static let apb1enr = Register(base + 0x40)
        public static let plli2scfgr = Register(base + 0x84)

        public static let hseOn: UInt32 = 1 << 16, hseReady: UInt32 = 1 << 17
        public static let pllOn: UInt32 = 1 << 24, pllReady: UInt32 = 1 << 25
        public static let pllI2SOn: UInt32 = 1 << 26, pllI2SReady: UInt32 = 1 << 27
        /// CFGR SW (the system clock to switch to) and SWS (the one in use).
        public enum SystemClock: UInt32 { case hsi = 0b00, hse = 0b01, pll = 0b10 }
        public static let cfgrSW = NamedField<SystemClock>(0, width: 2), cfgrSWS = NamedField<SystemClock>(2, width: 2)
        public static let cfgrHPRE = Field(4, width: 4), cfgrPPRE1 = Field(10, width: 3), cfgrPPRE2 = Field(13, width: 3)
        public static let cfgrI2SSRC: UInt32 = 1 << 23
        // AHB1ENR / APB1ENR bits.
        public static func gpioEnable(_ port: GPIOPort) -> UInt32 { 1 << port.rawValue }
        public static let dma1Enable: UInt32 = 1 << 21
        public static let spi2Enable: UInt32 = 1 << 14
        public static let usart2Enable: UInt32 = 1 << 17
        public static let pwrEnable: UInt32 = 1 << 28
    }

    public enum Flash {   // RM0090 §3.9 (base 0x4002_3C00)
        static let base: UInt32 = 0x4002_3C00
        public static let acr = Register(base + 0x00)
        public static let keyr = Register(base + 0x04)
        public static let sr = Register(base + 0x0C)
        public static let cr = Register(base + 0x10)

        public static let acrLatency = Field(0, width: 3)
        public static let acrPrefetch: UInt32 = 1 << 8, acrICache: UInt32 = 1 << 9, acrDCache: UInt32 = 1 << 10
        public static let acrDCacheReset: UInt32 = 1 << 12
        public static let key1: UInt32 = 0x4567_0123, key2: UInt32 = 0xCDEF_89AB
        public static let srBusy: UInt32 = 1 << 16
        /// OPERR, WRPERR, PGAERR, PGPERR, PGSERR (write 1 to clear), and EOP.
        public static let srErrors: UInt32 = 0b1111_0010
        public static let srAll: UInt32 = srErrors | 1
        public static let crPG: UInt32 = 1 << 0, crSER: UInt32 = 1 << 1
        /// CR PSIZE: program/erase parallelism; x32 is allowed at 2.7-3.6 V (the Discovery runs at 3 V).
        public enum Parallelism: UInt32 { case x8 = 0b00, x16 = 0b01, x32 = 0b10, x64 = 0b11 }
        public static let crSNB = Field(3, width: 4), crPSIZE = NamedField<Parallelism>(8, width: 2)
        public static let crStart: UInt32 = 1 << 16, crLock: UInt32 = 1 << 31
    }

    public enum PWR {   // RM0090 §5.4.1
        public static let cr = Register(0x4000_7000)
        public static let voltageScale1: UInt32 = 1 << 14
    }

    public enum GPIOPort: UInt32, Sendable { case a = 0, b, c, d, e }

    public enum GPIO {   // RM0090 §8.4 (port n at 0x4002_0000 + n * 0x400)
        static func base(_ port: GPIOPort) -> UInt32 { 0x4002_0000 + port.rawValue * 0x400 }
        public static func moder(_ p: GPIOPort) -> Register { Register(base(p) + 0x00) }
        public static func ospeedr(_ p: GPIOPort) -> Register { Register(base(p) + 0x08) }
        public static func pupdr(_ p: GPIOPort) -> Register { Register(base(p) + 0x0C) }
        public static func idr(_ p: GPIOPort) -> Register { Register(base(p) + 0x10) }
        public static func bsrr(_ p: GPIOPort) -> Register { Register(base(p) + 0x18) }
        public static func afr(_ p: GPIOPort, pin: Int) -> Register { Register(base(p) + (pin < 8 ? 0x20 : 0x24)) }
        /// MODER, OSPEEDR and PUPDR: two bits per pin.
        public enum Mode: UInt32 { case input = 0b00, output = 0b01, alternate = 0b10, analog = 0b11 }
        public enum Speed: UInt32 { case low = 0b00, medium = 0b01, fast = 0b10, high = 0b11 }
        public static func mode(pin: Int) -> NamedField<Mode> { NamedField(UInt32(2 * pin), width: 2) }
        public static func speed(pin: Int) -> NamedField<Speed> { NamedField(UInt32(2 * pin), width: 2) }
    }

    public enum DMA1 {   // RM0090 §10.5 (base 0x4002_6000); Kinu uses stream 3 only
        static let base: UInt32 = 0x4002_6000
        public static let lisr = Register(base + 0x00)
        public static let lifcr = Register(base + 0x08)
        static func stream(_ s: UInt32, _ offset: UInt32) -> Register { Register(base + 0x10 + 0x18 * s + offset) }
        public static let s3cr = stream(3, 0x00), s3ndtr = stream(3, 0x04), s3par = stream(3, 0x08)
        public static let s3m0ar = stream(3, 0x0C), s3m1ar = stream(3, 0x10), s3fcr = stream(3, 0x14)

        public static let crEnable: UInt32 = 1 << 0
        public static let crCircular: UInt32 = 1 << 8, crMemoryIncrement: UInt32 = 1 << 10
        public enum DataSize: UInt32 { case byte = 0b00, halfWord = 0b01, word = 0b10 }
        public enum Priority: UInt32 { case low = 0b00, medium = 0b01, high = 0b10, veryHigh = 0b11 }
        public static let crPSIZE = NamedField<DataSize>(11, width: 2), crMSIZE = NamedField<DataSize>(13, width: 2)
        public static let crPriority = NamedField<Priority>(16, width: 2)
        public static let crDoubleBuffer: UInt32 = 1 << 18, crCurrentTarget: UInt32 = 1 << 19
        public static let crChannel = Field(25, width: 3)
        /// Stream 3's flags in LISR/LIFCR: FEIF3 22, DMEIF3 24, TEIF3 25, HTIF3 26, TCIF3 27.
        public static let s3TransferComplete: UInt32 = 1 << 27
        public static let s3TransferError: UInt32 = 1 << 25
        public static let s3AllFlags: UInt32 = 0x0F40_0000
    }

    public enum SPI2 {   // RM0090 §28.5 (base 0x4000_3800), used as I2S2
        static let base: UInt32 = 0x4000_3800
        public static let cr2 = Register(base + 0x04)
        public static let sr = Register(base + 0x08)
        public static let dr = Register(base + 0x0C)
        public static let i2scfgr = Register(base + 0x1C)
        public static let i2spr = Register(base + 0x20)

        public static let cr2RxDMA: UInt32 = 1 << 0
        public static let i2sMode: UInt32 = 1 << 11, i2sEnable: UInt32 = 1 << 10
        public enum I2SConfiguration: UInt32 {
            case slaveTransmit = 0b00, slaveReceive = 0b01, masterTransmit = 0b10, masterReceive = 0b11
        }
        public enum I2SStandard: UInt32 { case philips = 0b00, msbJustified = 0b01, lsbJustified = 0b10, pcm = 0b11 }
        public static let i2sConfiguration = NamedField<I2SConfiguration>(8, width: 2)
        public static let i2sStandard = NamedField<I2SStandard>(4, width: 2)
        public static let i2sClockPolarityHigh: UInt32 = 1 << 3
        public static let i2sprOdd: UInt32 = 1 << 8
        public static let i2sprDiv = Field(0, width: 8)
    }

    public enum USART2 {   // RM0090 §30.6 (base 0x4000_4400)
        static let base: UInt32 = 0x4000_4400
        public static let sr = Register(base + 0x00)
        public static let dr = Register(base + 0x04)
        public static let brr = Register(base + 0x08)
        public static let cr1 = Register(base + 0x0C)
        public static let srTxEmpty: UInt32 = 1 << 7, srRxNotEmpty: UInt32 = 1 << 5
        public static let cr1Enable: UInt32 = 1 << 13, cr1Transmit: UInt32 = 1 << 3, cr1Receive: UInt32 = 1 << 2
    }
}
