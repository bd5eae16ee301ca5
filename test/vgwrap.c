/* SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the hooks authors
 *
 * vgwrap -- run one program of ours under valgrind memcheck, for
 * "make check-valgrind".  Built once per program, with
 *
 *   -DVG_BIN='"/usr/bin/valgrind"'   valgrind itself (see the Makefile)
 *   -DVG_REAL='"/abs/prog"'          the program run under it
 *   -DVG_LOGDIR='"/abs/dir"'         where the logs go
 *   -DVG_NAME='"prog"'               names this program's log directories
 *
 * and put in the program's place: the tests run it as they would run the
 * program.  It is not a shell script because a shell would change what the
 * program inherits (the environment's order, PWD); this only makes a
 * directory and execs, so the program keeps the caller's environment, fds,
 * signal mask and dispositions, umask, working directory and limits, and
 * its pid (the tests send signals to it).
 *
 * Each run logs into a fresh directory VG_LOGDIR/VG_NAME.PID.XXXXXX: the
 * program's own log is vg.PID there, and each process it forks writes
 * vg.CHILDPID beside it (valgrind's %p).  test/vgscan.sh reads them.
 */
/* macOS declares mkdtemp() (POSIX.1-2008) only outside _POSIX_C_SOURCE. */
#if defined(__APPLE__) && !defined(_DARWIN_C_SOURCE)
#define _DARWIN_C_SOURCE 1
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define VG_OPTIONS "--leak-check=full", "--errors-for-leak-kinds=all", \
    "--error-exitcode=1", "--track-fds=yes"

int main(int argc, char **argv)
{
    static const char *const opts[] = { VG_OPTIONS };
    enum { NOPT = sizeof(opts) / sizeof(opts[0]) };
    char dir[4096], logopt[4200];
    char **args;
    int i, n = 0;

    if (snprintf(dir, sizeof(dir), "%s/%s.%ld.XXXXXX", VG_LOGDIR, VG_NAME,
                 (long)getpid()) >= (int)sizeof(dir) || !mkdtemp(dir)) {
        perror("vgwrap: " VG_LOGDIR);
        return 125;
    }
    snprintf(logopt, sizeof(logopt), "--log-file=%s/vg.%%p", dir);
    args = malloc(((size_t)argc + NOPT + 3) * sizeof(*args));
    if (!args) {
        perror("vgwrap");
        return 125;
    }
    args[n++] = (char *)VG_BIN;
    for (i = 0; i < NOPT; i++)
        args[n++] = (char *)opts[i];
    args[n++] = logopt;
    args[n++] = (char *)VG_REAL;
    for (i = 1; i < argc; i++)
        args[n++] = argv[i];
    args[n] = NULL;
    execv(VG_BIN, args);
    perror("vgwrap: " VG_BIN);
    return 126;
}
