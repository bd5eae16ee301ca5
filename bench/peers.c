/* SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the hooks authors
 *
 * peers.c -- the plain POSIX peers of make bench (see peers.h): what a C
 * program without this library writes to run a hook.
 *
 *   system/popen   system() for a hook without stdin, popen(..., "w") for
 *                  one with; the shell sends stderr to a file, read after
 *                  the call (dash takes only one-digit fds in "2>&N", so a
 *                  pipe above fd 9 cannot be named there)
 *   libvirt        the way libvirt's virCommand runs a hook: every signal
 *                  blocked around fork(); in the child every signal reset
 *                  and unblocked, the pipes dup2()ed onto 0 and 2, every
 *                  other fd closed from a listing of /proc/self/fd, then
 *                  execve(); the parent feeds stdin and reads stderr with
 *                  poll(), then waits
 */
/* NetBSD declares dirfd() (POSIX.1-2008) only with XSI or _NETBSD_SOURCE. */
#if defined(__NetBSD__) && !defined(_NETBSD_SOURCE)
#define _NETBSD_SOURCE 1
#endif
#include "peers.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* The command line, each word in single quotes, stderr to the scratch
 * file. */
static void shell_line(const struct peer_job *j, char *out, size_t size)
{
    size_t n = 0;
    int i, w;

    for (i = 0; j->argv[i]; i++) {
        if (strchr(j->argv[i], '\''))
            bench_fail(j->argv[i], "a quote in a word for the shell");
        w = snprintf(out + n, size - n, "%s'%s'", i ? " " : "",
                     j->argv[i]);
        if (w < 0 || (size_t)w >= size - n)
            bench_fail(j->path, "command line too long");
        n += (size_t)w;
    }
    w = snprintf(out + n, size - n, " 2>'%s'", j->scratch);
    if (w < 0 || (size_t)w >= size - n || strchr(j->scratch, '\''))
        bench_fail(j->scratch, "cannot name it to the shell");
}

/* What the hook wrote to stderr, from the scratch file. */
static void check_scratch(const struct peer_job *j, const char *who)
{
    char buf[4096];
    ssize_t n;
    size_t len = 0;
    int fd = open(j->scratch, O_RDONLY);

    if (fd < 0)
        bench_fail(j->scratch, strerror(errno));
    while (len < sizeof(buf)
           && (n = read(fd, buf + len, sizeof(buf) - len)) != 0) {
        if (n < 0 && errno != EINTR)
            bench_fail(j->scratch, strerror(errno));
        if (n > 0)
            len += (size_t)n;
    }
    close(fd);
    bench_check_err(j, who, buf, len);
}

double peer_system(const struct peer_job *j)
{
    char cmd[8192];
    double t0 = bench_now();
    FILE *f;
    int st;

    shell_line(j, cmd, sizeof(cmd));
    if (!j->input) {
        st = system(cmd);
    } else if (!(f = popen(cmd, "w"))) {
        bench_fail("popen", strerror(errno));
        return 0;
    } else {
        if (fwrite(j->input, 1, j->input_len, f) != j->input_len)
            bench_fail("popen", "short write");
        st = pclose(f);
    }
    bench_check_status(j, j->input ? "popen" : "system", st);
    check_scratch(j, j->input ? "popen" : "system");
    return bench_now() - t0;
}

/* ---- libvirt-style fork -------------------------------------------- */

/* Close every fd from 3 up: from the listing of /proc/self/fd where
 * there is one (what libvirt does on Linux), else up to the limit. */
static void close_above_2(void)
{
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    long fd, max;

    if (d) {
        while ((e = readdir(d)) != NULL) {
            fd = strtol(e->d_name, NULL, 10);
            if (fd > 2 && fd != dirfd(d))
                close((int)fd);
        }
        closedir(d);
        return;
    }
    max = sysconf(_SC_OPEN_MAX);
    for (fd = 3; fd < (max > 0 ? max : 1024); fd++)
        close((int)fd);
}

/* The child: never returns.  Signals: NSIG is not POSIX; 64 covers
 * Linux's real-time signals, and sigaction() refuses what is not one. */
static void libvirt_child(const struct peer_job *j, int in, int err)
{
    struct sigaction dfl;
    sigset_t none;
    int i, null = in < 0 ? open("/dev/null", O_RDONLY) : in;

    memset(&dfl, 0, sizeof(dfl));
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    for (i = 1; i <= 64; i++)
        if (i != SIGKILL && i != SIGSTOP)
            sigaction(i, &dfl, NULL);
    sigemptyset(&none);
    pthread_sigmask(SIG_SETMASK, &none, NULL);
    if (null < 0 || dup2(null, 0) < 0 || dup2(err, 2) < 0)
        _exit(126);
    close_above_2();
    execve(j->path, j->argv, environ);
    _exit(127);
}

/* The parent's side: stdin written and stderr read as each is ready. */
static size_t libvirt_io(const struct peer_job *j, int in, int err,
                         char *buf, size_t size)
{
    struct pollfd p[2];
    size_t off = 0, len = 0;
    ssize_t n;

    p[0].fd = in;
    p[0].events = POLLOUT;
    p[1].fd = err;
    p[1].events = POLLIN;
    while (p[0].fd >= 0 || p[1].fd >= 0) {
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            bench_fail("poll", strerror(errno));
        }
        if (p[0].fd >= 0 && p[0].revents) {
            n = write(in, j->input + off, j->input_len - off);
            if (n < 0 && errno != EINTR && errno != EAGAIN)
                bench_fail("libvirt-style fork: write", strerror(errno));
            off += n > 0 ? (size_t)n : 0;
            if (off == j->input_len) {
                close(in);
                p[0].fd = -1;
            }
        }
        if (p[1].fd >= 0 && p[1].revents) {
            n = read(err, buf + len, size - len);
            if (n < 0 && errno != EINTR && errno != EAGAIN)
                bench_fail("libvirt-style fork: read", strerror(errno));
            len += n > 0 ? (size_t)n : 0;
            if (n == 0 || len == size) {
                close(err);
                p[1].fd = -1;
            }
        }
    }
    return len;
}

static void pipe_cloexec(int p[2], int nonblock_end)
{
    if (pipe(p) < 0)
        bench_fail("pipe", strerror(errno));
    fcntl(p[0], F_SETFD, FD_CLOEXEC);
    fcntl(p[1], F_SETFD, FD_CLOEXEC);
    fcntl(p[nonblock_end], F_SETFL, O_NONBLOCK);
}

double peer_libvirt(const struct peer_job *j)
{
    double t0 = bench_now();
    int in[2] = { -1, -1 }, err[2], st;
    char buf[4096];
    sigset_t all, old;
    size_t len;
    pid_t pid;

    if (j->input)
        pipe_cloexec(in, 1);
    pipe_cloexec(err, 0);
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    if ((pid = fork()) == 0)
        libvirt_child(j, in[0], err[1]);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (pid < 0)
        bench_fail("fork", strerror(errno));
    if (j->input)
        close(in[0]);
    close(err[1]);
    len = libvirt_io(j, in[1], err[0], buf, sizeof(buf));
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            bench_fail("waitpid", strerror(errno));
    bench_check_status(j, "libvirt-style fork", st);
    bench_check_err(j, "libvirt-style fork", buf, len);
    return bench_now() - t0;
}
