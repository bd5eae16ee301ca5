/* SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the hooks authors
 *
 * preload.c -- a library for the tests to preload (LD_PRELOAD, Linux):
 * execve(), dup2(), dup3(), open(), open64(), openat(), openat64(),
 * setpgid(), sigprocmask() and _exit() that first use 64 KiB of stack,
 * then call the C library's own.  A child made by clone(CLONE_VM) that
 * called one of them on its small stack, a part of its parent's, would
 * write below it, over the parent's frames: the clone child must make raw
 * system calls only, as glibc's own posix_spawn child does.  Built
 * without the build's CFLAGS (a sanitizer's runtime is the program's).
 * Elsewhere it is an empty library.
 */
#if defined(__linux__)
#define _GNU_SOURCE 1
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

static void deep(void)
{
    volatile char stack[65536];
    size_t i;

    for (i = 0; i < sizeof(stack); i += 256)
        stack[i] = 1;
}

/* The next definition of NAME: the C library's. */
static void *next(const char *name)
{
    deep();
    return dlsym(RTLD_NEXT, name);
}

/* A function pointer from dlsym(): ISO C has no cast from void * to a
 * function pointer, POSIX has one by copying the bytes. */
#define NEXT(type, name, var) \
    type var; \
    void *var##_p = next(name); \
    copy_ptr(&var, &var##_p, sizeof(var))

static void copy_ptr(void *to, void *const *from, size_t n)
{
    const unsigned char *f = (const unsigned char *)from;
    unsigned char *t = to;
    size_t i;

    for (i = 0; i < n; i++)
        t[i] = f[i];
}

typedef int (*execve_fn)(const char *, char *const[], char *const[]);
typedef int (*dup2_fn)(int, int);
typedef int (*dup3_fn)(int, int, int);
typedef int (*openat_fn)(int, const char *, int, ...);
typedef int (*setpgid_fn)(pid_t, pid_t);
typedef int (*sigprocmask_fn)(int, const sigset_t *, sigset_t *);
typedef void (*exit_fn)(int);

int execve(const char *path, char *const argv[], char *const envp[])
{
    NEXT(execve_fn, "execve", f);
    return f(path, argv, envp);
}

int dup2(int from, int to)
{
    NEXT(dup2_fn, "dup2", f);
    return f(from, to);
}

int dup3(int from, int to, int flags)
{
    NEXT(dup3_fn, "dup3", f);
    return f(from, to, flags);
}

static int opener(const char *name, int dir, const char *path, int flags,
                  va_list ap)
{
    mode_t mode = (flags & O_CREAT) ? (mode_t)va_arg(ap, int) : 0;
    NEXT(openat_fn, name, f);
    return f(dir, path, flags, mode);
}

int open(const char *path, int flags, ...)
{
    va_list ap;
    int r;

    va_start(ap, flags);
    r = opener("openat", AT_FDCWD, path, flags, ap);
    va_end(ap);
    return r;
}

int openat(int dir, const char *path, int flags, ...)
{
    va_list ap;
    int r;

    va_start(ap, flags);
    r = opener("openat", dir, path, flags, ap);
    va_end(ap);
    return r;
}

/* glibc has 64-bit variants of its own; musl names them open and openat
 * (macros under _GNU_SOURCE). */
#ifdef __GLIBC__
int open64(const char *path, int flags, ...)
{
    va_list ap;
    int r;

    va_start(ap, flags);
    r = opener("openat64", AT_FDCWD, path, flags, ap);
    va_end(ap);
    return r;
}

int openat64(int dir, const char *path, int flags, ...)
{
    va_list ap;
    int r;

    va_start(ap, flags);
    r = opener("openat64", dir, path, flags, ap);
    va_end(ap);
    return r;
}
#endif

int setpgid(pid_t pid, pid_t pgid)
{
    NEXT(setpgid_fn, "setpgid", f);
    return f(pid, pgid);
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
    NEXT(sigprocmask_fn, "sigprocmask", f);
    return f(how, set, old);
}

void _exit(int status)
{
    NEXT(exit_fn, "_exit", f);
    f(status);
    for (;;)
        ;
}
#else
typedef int hooks_preload_empty;    /* ISO C: no empty translation unit */
#endif
