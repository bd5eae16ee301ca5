/* SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the hooks authors
 *
 * gcov-dump.h -- forced into hooks.c by make coverage (-include).  A
 * forked child never returns from main(): it execs or _exits, and gcov
 * would lose what it ran there.  Dump the counters first. */
#include <unistd.h>

void __gcov_dump(void);
void __gcov_reset(void);
/* Not static: the posix_spawn path never calls them, and an unused static
 * function is a warning. */
int hooks_cov_execve(const char *path, char *const argv[],
                     char *const envp[]);
void hooks_cov_exit(int status);

/* gcov dumps once per process: after a failed exec, zero the counters
 * (already written) so that the dump at _exit() writes the rest. */
int hooks_cov_execve(const char *path, char *const argv[],
                     char *const envp[])
{
    int r;

    __gcov_dump();
    r = execve(path, argv, envp);
    __gcov_reset();
    return r;
}

void hooks_cov_exit(int status)
{
    __gcov_dump();
    _exit(status);
}

#define execve hooks_cov_execve
#define _exit hooks_cov_exit
