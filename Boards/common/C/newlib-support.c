/*
 * libc hooks for Embedded Swift on newlib-nano, shared by every board: the heap (_sbrk
 * over the linker script's fixed .heap region, so running out is a clean allocation
 * failure, not a collision with the stack), posix_memalign (newlib-nano lacks it; the
 * Embedded Swift runtime allocates with it), the malloc/free wrappers Boards/firmware.mk
 * links with --wrap, and a fixed-seed arc4random_buf. The wrappers count allocations,
 * for the "no heap allocation in steady state" check and the RAM figures.
 */
#include <stddef.h>
#include <stdint.h>

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

/* Hash seeds (Set, Dictionary): fixed, so runs are reproducible. */
void arc4random_buf(void *buf, size_t n) {
    uint32_t x = 0x9E3779B9u;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        ((uint8_t *)buf)[i] = (uint8_t)x;
    }
}

/* newlib-nano's reentrancy block (pulled in by malloc) points stdin/stdout/stderr at
   these through weak references; without stdio they would stay undefined (address 0),
   which the image check rejects. Nothing uses stdio here: zeroed stand-ins, sized
   generously for a FILE. */
__attribute__((aligned(8))) char __sf_fake_stdin[128], __sf_fake_stdout[128], __sf_fake_stderr[128];
