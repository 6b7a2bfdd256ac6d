# Code generation for every Cortex-M4F board (STM32F407, nRF52840, MPS2 AN386): Swift and C
# must agree on the float ABI (hard) and the FPU (FPv4-SP, single precision).
BOARD_SWIFT_TARGET := armv7em-none-none-eabi
BOARD_CPUFLAGS     := -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16
BOARD_SWIFTFLAGS   := -target $(BOARD_SWIFT_TARGET) -Xcc -mcpu=cortex-m4 \
                      -Xcc -mfloat-abi=hard -Xcc -mfpu=fpv4-sp-d16
BOARD_CFLAGS       := --target=armv7em-none-eabi $(BOARD_CPUFLAGS)
