// swift-tools-version: 6.1
// Kinu: a learning sound device. One package builds the host side (simulator, benchmarks,
// tests); the firmware builds the same Firmware/ sources in Embedded Swift (see Makefile).
import PackageDescription

let package = Package(
    name: "Kinu",
    products: [
        .library(name: "KinuCore", targets: ["KinuCore"]),
        .executable(name: "kinu-bench", targets: ["KinuBench"]),
        .executable(name: "kinu-run", targets: ["KinuRun"]),
    ],
    targets: [
        // Fixed-point DSP and learning. No platform code, no floating point, no Foundation:
        // the firmware compiles these very files in Embedded Swift.
        .target(name: "KinuCore", path: "Firmware/Core"),

        // Host-side tooling: WAV files, resampling, labelled data sets, evaluation.
        .target(name: "KinuHostKit", path: "HostSim/Kit"),

        // Double-precision reference of every core stage, for tests and benchmarks.
        .target(name: "KinuReference", dependencies: ["KinuCore"], path: "Tests/KinuReference"),

        // `make bench`: accuracy and host cost of the core.
        .executableTarget(name: "KinuBench", dependencies: ["KinuCore", "KinuHostKit", "KinuReference"], path: "HostSim/Bench"),

        // The device contract (pads, MODE, log, storage), generic over the board; the
        // firmware compiles these files in Embedded Swift too.
        .target(name: "KinuDevice", dependencies: ["KinuCore"], path: "Firmware/Device"),

        // `make run BOARD=host`: the device on a WAV file and a button script.
        .executableTarget(name: "KinuRun", dependencies: ["KinuDevice", "KinuCore", "KinuHostKit"], path: "HostSim/Runner"),

        .testTarget(name: "KinuDeviceTests", dependencies: ["KinuDevice", "KinuCore"], path: "Tests/KinuDeviceTests"),
        .testTarget(name: "KinuCoreTests", dependencies: ["KinuCore", "KinuReference"], path: "Tests/KinuCoreTests"),
        // Tests on real recordings (../shared/data); they skip when the data is absent.
        .testTarget(name: "KinuIntegrationTests", dependencies: ["KinuCore", "KinuHostKit", "KinuReference"], path: "Tests/KinuIntegrationTests"),
        .testTarget(name: "KinuHostKitTests", dependencies: ["KinuHostKit", "KinuCore"], path: "Tests/KinuHostKitTests"),
    ]
)
