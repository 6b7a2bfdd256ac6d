// Board runtime services implemented in C (C/support.c, and the start-up code and heap
// counters in Boards/common/C): exit, and the heap and stack usage
// counters. Declared here with @_extern(c) so no C module map is needed; the signatures
// must match those files.

@_extern(c, "kinu_exit") func kinu_exit(_ status: Int32)   // noreturn in C
@_extern(c, "kinu_semihost") func kinu_semihost(_ op: UInt32, _ arg: UnsafeRawPointer?) -> UInt32
@_extern(c, "kinu_heap_allocs") func kinu_heap_allocs() -> UInt32
@_extern(c, "kinu_heap_used") func kinu_heap_used() -> UInt32
@_extern(c, "kinu_stack_used") func kinu_stack_used() -> UInt32
@_extern(c, "kinu_stack_size") func kinu_stack_size() -> UInt32
@_extern(c, "kinu_systick_count") func kinu_systick_wraps() -> UInt32   // SysTick interrupts = wraps here

/// Whole-board actions and resource measurements.
enum BoardRuntime {
    /// Ends the QEMU run with `status` as the emulator's exit code.
    static func exit(_ status: Int32) -> Never {
        kinu_exit(status)
        while true {}   // not reached; C's noreturn cannot cross @_extern(c)
    }

    /// Number of heap allocations so far (posix_memalign + malloc). Compare two readings
    /// around a steady-state loop to prove it allocates nothing.
    static var heapAllocations: Int { Int(kinu_heap_allocs()) }
    /// Peak bytes taken from the heap region (the allocator never returns memory to it).
    static var heapPeakBytes: Int { Int(kinu_heap_used()) }

    /// Deepest stack use since reset, from the paint written by Reset_Handler.
    static var stackPeakBytes: Int { Int(kinu_stack_used()) }
    static var stackSizeBytes: Int { Int(kinu_stack_size()) }
}
