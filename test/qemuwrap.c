/* SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the hooks authors
 *
 * qemuwrap -- run one cross-built program of ours under qemu-user, for
 * "make check-cross".  Built natively once per program, with
 *
 *   -DQW_EMU='"/usr/bin/qemu-aarch64"'   the emulator
 *   -DQW_ROOT='"/usr/aarch64-linux-gnu"' the target's libraries (qemu -L)
 *   -DQW_REAL='"/abs/prog"'              the cross-built program
 *
 * and put in the program's place: the tests run it as they would run the
 * program.  As test/vgwrap.c, it is not a shell script, which would change
 * what the program inherits (the environment's order, PWD): it only execs,
 * so the emulated program keeps the caller's environment, fds, signal mask
 * and dispositions, umask, working directory, limits and pid (the tests
 * send signals to it), and its argv[0] (qemu -0).
 *
 * The emulator is given its settings as options, not as QEMU_* variables,
 * which the program would pass on to its hook scripts.  What the program
 * itself starts (the hook scripts: test/hookprobe, test/hookcat, sh) runs
 * natively: qemu-user hands a guest's execve() to the host kernel.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    char **args;
    int i, n = 0;

    args = malloc(((size_t)argc + 6) * sizeof(*args));
    if (!args) {
        perror("qemuwrap");
        return 125;
    }
    args[n++] = (char *)QW_EMU;
    args[n++] = (char *)"-L";
    args[n++] = (char *)QW_ROOT;
    args[n++] = (char *)"-0";
    args[n++] = argc > 0 ? argv[0] : (char *)QW_REAL;
    args[n++] = (char *)QW_REAL;
    for (i = 1; i < argc; i++)
        args[n++] = argv[i];
    args[n] = NULL;
    execv(QW_EMU, args);
    perror("qemuwrap: " QW_EMU);
    return 126;
}
