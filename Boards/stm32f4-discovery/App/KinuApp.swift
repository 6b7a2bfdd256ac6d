import KinuBoard
import KinuCortexM
import KinuDevice
import KinuDrivers
import KinuSTM32F4

/// The Kinu device on the STM32F4-Discovery: bring the board up, then run the device
/// on the microphone forever. `make firmware BOARD=stm32f4-discovery`.
@main
struct KinuApp {
    static func main() {
        var bus = MMIOBus()
        if let failure = STM32F4Clock.configure(&bus) {
            // Say why on the console, then stop with the red LED on. Unless only PLLI2S
            // failed, the core still runs on the 16 MHz internal clock: undo the APB1
            // divider so the baud rate is right.
            var apb1Hz = STM32F4Clock.apb1Hz
            if failure != .pllI2SDidNotLock {
                bus.modify(STM32F4.RCC.cfgr, clearing: STM32F4.RCC.cfgrPPRE1.mask)
                apb1Hz = 16_000_000
            }
            STM32F4USART2.start(&bus, clockHz: apb1Hz)
            Console.write("kinu: clock start-up failed: ")
            Console.line(failure.message)
            halt()
        }
        STM32F4Clock.startMillisecondTick(&bus)
        STM32F4USART2.start(&bus)

        var device = Device(board: Discovery.board())
        device.start()
        while device.step() {}   // the microphone never ends
        device.stop()
    }
}
