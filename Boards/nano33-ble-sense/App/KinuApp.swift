import KinuBoard
import KinuCortexM
import KinuDevice
import KinuDrivers
import KinuNRF52840

/// The Kinu device on the Arduino Nano 33 BLE Sense: bring the board up, then run the
/// device on the microphone forever. `make firmware BOARD=nano33-ble-sense`.
@main
struct KinuApp {
    static func main() {
        var bus = MMIOBus()
        NRF52UART.start(&bus)
        if !NRF52Clock.startCrystal(&bus) {
            // The UART still works on the internal oscillator (a little off frequency).
            Console.line("kinu: the 32 MHz crystal (HFXO) did not start")
            halt()
        }
        NRF52Clock.startMillisecondTick(&bus)

        var device = Device(board: Nano.board())
        device.start()
        while device.step() {}   // the microphone never ends
        device.stop()
    }
}
