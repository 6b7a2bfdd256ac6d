// The ALSA API as Swift sees it, plus what Swift cannot express itself.
#include <alsa/asoundlib.h>

// ALSA prints its own diagnostics on stderr (e.g. "cannot find card '0'") before
// returning an error code; kinu-sim explains errors itself, so they are silenced. The
// handler is C-variadic, which Swift cannot define, hence these few lines of C.
static void kinu_alsa_quiet_handler(const char *file, int line, const char *function, int err, const char *fmt, ...) {
    (void)file; (void)line; (void)function; (void)err; (void)fmt;
}

static inline void kinu_alsa_silence_errors(void) {
    snd_lib_error_set_handler(kinu_alsa_quiet_handler);
}
