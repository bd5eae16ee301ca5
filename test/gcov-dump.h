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
void hooks_cov_exit(int status) __attribute__((noreturn));

/* gcov dumps once per process, and the clone path's child runs on its
 * parent's memory, counters and "dumped" mark included: after each dump,
 * zero the counters (already written) and clear the mark, so that the
 * next dump, the parent's at exit or the child's at _exit(), writes the
 * rest and nothing twice. */
int hooks_cov_execve(const char *path, char *const argv[],
                     char *const envp[])
{
    __gcov_dump();
    __gcov_reset();
    return execve(path, argv, envp);
}

void hooks_cov_exit(int status)
{
    __gcov_dump();
    __gcov_reset();
    _exit(status);
}

#define execve hooks_cov_execve
#define _exit hooks_cov_exit
