// libFuzzer's driver entry point (in the runtime that -sanitize=fuzzer links); declared here so the fuzz
// targets' own main can hand control to libFuzzer.
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
