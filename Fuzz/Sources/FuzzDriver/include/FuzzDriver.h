#ifndef ATTEND_FUZZ_DRIVER_H
#define ATTEND_FUZZ_DRIVER_H

/// Runs libFuzzer's driver on the target's LLVMFuzzerTestOneInput, with the process's
/// arguments. SwiftPM renames a Swift executable's entry point, so libFuzzer's own main
/// cannot be used; the Swift entry point calls this instead.
int attend_fuzz_main(int argc, char **argv);

#endif
