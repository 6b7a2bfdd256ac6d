// swift-tools-version: 6.3
// Kinu: a learning sound device. One package builds the host side (simulator, benchmarks,
// tests); the firmware builds the same Firmware/ sources in Embedded Swift (see Makefile).
import PackageDescription

let package = Package(
    name: "Kinu",
    products: [
        .library(name: "KinuCore", targets: ["KinuCore"]),
        .executable(name: "kinu-sim", targets: ["KinuSim"]),
        .executable(name: "kinu-run", targets: ["KinuRun"]),
        .executable(name: "kinu-bench", targets: ["KinuBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // ---- Shared with the firmware (Embedded Swift compiles these very folders) ----

        // The inner loops that use the Cortex-M4's DSP instructions, in C (Swift cannot
        // emit them), each with a portable body that gives the same bits on the host.
        .target(name: "KinuDSP", path: "Firmware/DSP"),
        // Fixed-point DSP and learning. No platform code, no floating point, no Foundation.
        .target(name: "KinuCore", dependencies: ["KinuDSP"], path: "Firmware/Core"),
        // The device contract (pads, MODE, LEDs, log, storage), generic over the board.
        .target(name: "KinuDevice", dependencies: ["KinuCore"], path: "Firmware/Device"),
        // Board drivers, layered: chip-independent parts (register bus, A/B model storage
        // over flash, PDM decimator, the parts a board is made of), the Cortex-M core, and
        // one module per chip. All build on the host, where tests run the register
        // sequences against fake register files.
        .target(name: "KinuDrivers", dependencies: ["KinuCore"], path: "Firmware/Drivers/Common"),
        .target(name: "KinuCortexM", dependencies: ["KinuDrivers"], path: "Firmware/Drivers/CortexM"),
        .target(name: "KinuSTM32F4", dependencies: ["KinuDrivers", "KinuCortexM"], path: "Firmware/Drivers/STM32F4"),
        .target(name: "KinuNRF52840", dependencies: ["KinuDrivers", "KinuCortexM"], path: "Firmware/Drivers/NRF52840"),
        // The board every real board is a description of: buttons, LEDs, storage, log.
        .target(name: "KinuBoard", dependencies: ["KinuDevice", "KinuDrivers"], path: "Boards/common/Swift"),

        // ---- Host side ----

        // WAV files, resampling, labelled data sets.
        .target(name: "KinuHostKit", path: "HostSim/Kit"),
        // The system ALSA library (libasound2-dev), imported through a module map.
        .systemLibrary(name: "CALSA", path: "HostSim/CALSA", pkgConfig: "alsa", providers: [.apt(["libasound2-dev"])]),
        // ALSA capture as 16 kHz mono Int16 blocks, and the list of capture devices.
        .target(name: "KinuHostAudio", dependencies: ["CALSA", "KinuHostKit"], path: "HostSim/Audio"),
        // The device's board on the host (audio source, buttons, model file, log).
        .target(name: "KinuHostDevice", dependencies: ["KinuDevice", "KinuCore", "KinuHostKit"], path: "HostSim/HostDevice"),
        // Double-precision reference of every core stage, for tests and benchmarks.
        .target(name: "KinuReference", dependencies: ["KinuCore"], path: "Tests/KinuReference"),
        // The few-shot protocol, shared by kinu-bench and `kinu-sim eval`.
        .target(name: "KinuEval", dependencies: ["KinuCore", "KinuHostKit", "KinuReference"], path: "HostSim/Eval"),

        // `make sim` / `make demo`: microphone (ALSA), keys and LEDs in the terminal.
        .executableTarget(name: "KinuSim", dependencies: [
            "KinuHostAudio", "KinuHostDevice", "KinuEval", "KinuDevice", "KinuCore", "KinuHostKit",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], path: "HostSim/Sim"),
        // `make run BOARD=host`: the device on a WAV file and a button script.
        .executableTarget(name: "KinuRun", dependencies: ["KinuDevice", "KinuCore", "KinuHostKit", "KinuHostDevice"],
                          path: "HostSim/Runner"),
        // `make bench`: accuracy and host cost of the core.
        .executableTarget(name: "KinuBench", dependencies: ["KinuCore", "KinuHostKit", "KinuReference", "KinuEval"],
                          path: "HostSim/Bench"),

        // ---- Tests ----
        .testTarget(name: "KinuCoreTests", dependencies: ["KinuCore", "KinuDSP", "KinuReference"], path: "Tests/KinuCoreTests"),
        .testTarget(name: "KinuDeviceTests", dependencies: ["KinuDevice", "KinuCore"], path: "Tests/KinuDeviceTests"),
        .testTarget(name: "KinuDriversTests", dependencies: ["KinuDrivers", "KinuCortexM", "KinuSTM32F4", "KinuNRF52840", "KinuCore"],
                    path: "Tests/KinuDriversTests"),
        .testTarget(name: "KinuBoardTests", dependencies: ["KinuBoard", "KinuDevice", "KinuDrivers"], path: "Tests/KinuBoardTests"),
        .testTarget(name: "KinuHostKitTests", dependencies: ["KinuHostKit", "KinuCore"], path: "Tests/KinuHostKitTests"),
        // Tests on real recordings (../shared/data); they skip when the data is absent.
        .testTarget(name: "KinuIntegrationTests", dependencies: ["KinuCore", "KinuHostKit", "KinuReference", "KinuEval"],
                    path: "Tests/KinuIntegrationTests"),
        .testTarget(name: "KinuSimTests", dependencies: ["KinuHostAudio", "KinuHostDevice", "KinuEval", "KinuHostKit", "KinuCore"],
                    path: "Tests/KinuSimTests"),
    ]
)
