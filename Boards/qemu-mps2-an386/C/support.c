/*
 * Board services in C: the semihosting trap, the heap behind newlib-nano's malloc, the
 * libc hooks Embedded Swift needs that newlib-nano lacks, and usage counters for the
 * "no heap allocation in steady state" and stack-depth measurements.
 */
#include "board_c.h"

/* ---- Semihosting -------------------------------------------------------------------
   `bkpt 0xAB` with r0 = operation and r1 = argument is the Arm semihosting trap on
   M-profile; QEMU (-semihosting-config enable=on) performs the call on the host. */
uint32_t kinu_semihost(uint32_t op, const void *arg) {
    register uint32_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void kinu_exit(int status) {
    uint32_t block[2] = {KINU_ADP_APPLICATION_EXIT, (uint32_t)status};
    kinu_semihost(KINU_SYS_EXIT_EXTENDED, block);
    for (;;) __asm__ volatile("wfi");   /* only reached without semihosting */
}

/* ---- Heap ---------------------------------------------------------------------------
   newlib-nano's malloc grows its pool with _sbrk; the pool is the fixed .heap region
   of the linker script, so running out is a clean allocation failure, not a collision
   with the stack. */
extern char __heap_start[], __heap_end[];
static char *heap_break = __heap_start;

void *_sbrk(ptrdiff_t increment) {
    char *old = heap_break;
    if (increment > __heap_end - heap_break || increment < __heap_start - heap_break)
        return (void *)-1;               /* newlib-nano checks for exactly this value */
    heap_break += increment;
    return old;
}

/* Heap high-water mark: the break only grows (nano malloc never gives memory back). */
uint32_t kinu_heap_used(void) { return (uint32_t)(heap_break - __heap_start); }
uint32_t kinu_heap_size(void) { return (uint32_t)(__heap_end - __heap_start); }

/* Allocation counters. The Embedded Swift runtime allocates with posix_memalign, which
   newlib-nano does not have, so we provide it on top of memalign and count there;
   malloc and free are wrapped at link time (ld.lld --wrap=malloc --wrap=free). */
static volatile uint32_t heap_allocs, heap_frees;
uint32_t kinu_heap_allocs(void) { return heap_allocs; }
uint32_t kinu_heap_frees(void) { return heap_frees; }

void *memalign(size_t alignment, size_t size);
void *__real_malloc(size_t size);
void __real_free(void *p);

int posix_memalign(void **out, size_t alignment, size_t size) {
    if (alignment < sizeof(void *)) alignment = sizeof(void *);
    void *p = memalign(alignment, size);
    if (!p) return 12;                   /* ENOMEM */
    heap_allocs++;
    *out = p;
    return 0;
}

void *__wrap_malloc(size_t size) {
    void *p = __real_malloc(size);
    if (p) heap_allocs++;
    return p;
}

void __wrap_free(void *p) {
    if (p) heap_frees++;
    __real_free(p);
}

/* Embedded Swift seeds hashing (Set, Dictionary) from arc4random_buf. newlib's version
   wants an entropy source the board lacks; a fixed seed keeps runs reproducible. */
void arc4random_buf(void *buf, size_t n) {
    uint32_t x = 0x9E3779B9u;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;   /* xorshift32 */
        ((uint8_t *)buf)[i] = (uint8_t)x;
    }
}

/* ---- Stack high-water mark ---------------------------------------------------------
   Reset_Handler painted the stack; the deepest point ever reached is the first word
   from the bottom that no longer holds the paint. */
extern uint32_t __stack_bottom[], __stack_top[];

uint32_t kinu_stack_used(void) {
    uint32_t *p = __stack_bottom;
    while (p < __stack_top && *p == KINU_STACK_PAINT) p++;
    return (uint32_t)((char *)__stack_top - (char *)p);
}
uint32_t kinu_stack_size(void) { return (uint32_t)((char *)__stack_top - (char *)__stack_bottom); }
