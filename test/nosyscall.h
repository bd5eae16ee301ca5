/* SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the hooks authors
 *
 * nosyscall.h -- does a piece of code make a system call?  Shared by
 * test/apitest.c ("apitest nosyscall") and bench/bench.c, which ask it of
 * nosyscall_nohook() below.
 *
 * On Linux, strict seccomp mode leaves a process read(), write(), _exit()
 * and sigreturn() and kills it with SIGKILL on any other system call.  The
 * code runs n times in a forked child in that mode and then writes one
 * byte home; if the byte arrives, none of the n runs made a system call
 * other than read or write (and a call that made even one would not have
 * got there).  fn returns 0 when its run gave the expected result.
 *
 * Strict mode kills only the thread that made the call: where a runtime
 * has a thread of its own in the child (ThreadSanitizer's), the child
 * lives on and holds the pipe, so the parent waits at most
 * NOSYSCALL_WAIT seconds for the byte and then kills the child itself.
 *
 * Returns 'y' (no system call, every result right), 'n' (no system call,
 * some result wrong), 'k' (killed: a system call), or '?' (cannot tell:
 * not Linux, or the kernel refused strict mode). */
#ifndef HOOKS_NOSYSCALL_H
#define HOOKS_NOSYSCALL_H

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef __linux__
#include <sys/prctl.h>
#ifndef SECCOMP_MODE_STRICT     /* linux/seccomp.h, absent under musl-gcc */
#define SECCOMP_MODE_STRICT 1
#endif
#endif

#include "hooks.h"

#define NOSYSCALL_WAIT 60

static int nosyscall_check(int (*fn)(void *), void *arg, long n)
{
#if defined(__linux__) && defined(PR_SET_SECCOMP) \
    && defined(SECCOMP_MODE_STRICT)
    int p[2], st = 0, bad = 0, r;
    struct pollfd pfd;
    char c = '?';
    long i;
    pid_t pid;

    if (pipe(p) < 0)
        return '?';
    pid = fork();
    if (pid < 0) {
        close(p[0]);
        close(p[1]);
        return '?';
    }
    if (pid == 0) {
        close(p[0]);
        bad = fn(arg) != 0;     /* first use: lazy binding, allocations */
        if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0) == 0) {
            for (i = 0; i < n; i++)
                bad |= fn(arg) != 0;
            c = bad ? 'n' : 'y';
        }
        while (write(p[1], &c, 1) < 0 && errno == EINTR)
            ;
        _exit(0);           /* in strict mode, exit_group means SIGKILL */
    }
    close(p[1]);
    c = 'k';
    pfd.fd = p[0];
    pfd.events = POLLIN;
    while ((r = poll(&pfd, 1, NOSYSCALL_WAIT * 1000)) < 0 && errno == EINTR)
        ;
    if (r == 1)
        while (read(p[0], &c, 1) < 0 && errno == EINTR)
            ;
    close(p[0]);
    kill(pid, SIGKILL);     /* whatever of it is left */
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    return c;
#else
    (void)fn;
    (void)arg;
    (void)n;
    return '?';
#endif
}

/* One typed call for a driver that ctx (a hooks_ctx) has no script for:
 * 0 when it says HOOKS_NO_HOOK. */
static int nosyscall_nohook(void *ctx)
{
    hooks_result res;
    hooks_status st = hooks_run((hooks_ctx *)ctx, HOOKS_DRIVER_QEMU, "vm",
                                HOOKS_OP_START, HOOKS_SUBOP_BEGIN, NULL,
                                NULL, &res);

    hooks_result_free(&res);
    return st != HOOKS_NO_HOOK;
}

#endif
