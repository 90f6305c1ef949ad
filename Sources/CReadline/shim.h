#ifndef CREADLINE_SHIM_H
#define CREADLINE_SHIM_H
/* GNU readline for the attend REPL (executable target only; AttendCore has no terminal code).
   No pkgConfig in Package.swift: readline.pc pulls tinfo.pc's -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=600,
   which SwiftPM reports as prohibited flags. `link "readline"` in module.modulemap is enough. */
#include <stdio.h>          /* readline.h uses FILE without including stdio.h */
#include <readline/readline.h>
#include <readline/history.h>
/* Not in readline.h but exported by libreadline since 6.0: true while characters readline has
   already read from the terminal (typeahead, a paste) wait in its input buffer. */
extern int _rl_pushed_input_available(void);
/* The C library's stdout as a function: Swift 6 flags every reference to the `stdout` global
   unless the one import it is found through is @preconcurrency, and with several modules
   re-exporting stdio.h which one it is found through depends on how the compiler batches the
   files. A function is not shared mutable state. */
static inline FILE *attend_stdout(void) { return stdout; }
#endif
