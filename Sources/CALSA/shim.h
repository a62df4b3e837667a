#include <alsa/asoundlib.h>

/* alsa-lib prints its own errors ("ALSA lib pcm.c:...") to stderr by default; Earshot reports every
   failure itself, naming the device and the reason, so those lines are only noise. A variadic C
   handler cannot be written in Swift, hence this shim. */
static inline void earshot_alsa_quiet_handler(const char *file, int line, const char *function, int err, const char *fmt, ...) {
    (void)file; (void)line; (void)function; (void)err; (void)fmt;
}

static inline void earshot_alsa_quiet_errors(void) {
    snd_lib_error_set_handler(earshot_alsa_quiet_handler);
}
