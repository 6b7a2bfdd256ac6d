import KinuCortexM
import KinuDrivers

/// Code and constants read-only, as in a real board's flash (QEMU's SSRAM under them is
/// writable), so a stray write faults here too; the model flash stays writable.
enum CodeProtection {
    static func enable() {
        var bus = MMIOBus()
        MPU.setRegion(&bus, 0, base: 0, size: 4 << 20, access: .readOnly)
        MPU.setRegion(&bus, 1, base: HostFileFlash.base, size: 1 << 20, access: .readWrite)
        MPU.enable(&bus)
    }
}
