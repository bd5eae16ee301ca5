/* SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the hooks authors
 *
 * hookcat -- the cheapest filter hook: copies stdin to stdout and writes
 * one line to stderr.  One exec per call, so that tests of many calls
 * measure the library, not a shell.
 *
 * It first checks that it holds no fd but 0, 1 and 2 (one poll() over the
 * whole fd table: a closed fd answers POLLNVAL), so that a pipe of another
 * call, leaked under concurrency, fails the call: it then says which fd on
 * stderr and exits 3.
 *
 * Run for the object "pipesize" (its first argument), it ends by writing
 * "stdout pipe: N bytes" to stderr, N the size of the pipe its stdout is
 * as it ends (Linux's F_GETPIPE_SZ; nothing elsewhere). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GETPIPE_SZ 1032             /* Linux's F_GETPIPE_SZ, every arch */

static int stray_fd(void)
{
    long max = sysconf(_SC_OPEN_MAX);
    struct pollfd *p;
    nfds_t n, i;
    int found = -1;

    if (max < 0 || max > 1 << 20)
        max = 1 << 20;
    n = (nfds_t)max;
    p = calloc(n, sizeof(*p));
    if (!p)
        return -2;
    for (i = 0; i < n; i++)
        p[i].fd = (int)i;
    if (poll(p, n, 0) < 0)
        found = -2;
    for (i = 3; found == -1 && i < n; i++)
        if (!(p[i].revents & POLLNVAL))
            found = (int)i;
    free(p);
    return found;
}

/* The size of stdout's pipe, on stderr (see above). */
static int pipe_size(void)
{
#ifdef __linux__
    fprintf(stderr, "stdout pipe: %d bytes\n", fcntl(1, GETPIPE_SZ));
#endif
    return 0;
}

int main(int argc, char **argv)
{
    char buf[65536];
    ssize_t n, w, off;
    int fd = stray_fd(), size = argc > 1 && strcmp(argv[1], "pipesize") == 0;

    if (fd != -1) {
        fprintf(stderr, fd < 0 ? "hookcat: cannot check fds\n"
                               : "hookcat: fd %d open\n", fd);
        return 3;
    }
    if (write(2, "progress\n", 9) != 9)
        return 1;
    for (;;) {
        n = read(0, buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? 1 : size ? pipe_size() : 0;
        for (off = 0; off < n; off += w) {
            w = write(1, buf + off, (size_t)(n - off));
            if (w < 0 && errno == EINTR)
                w = 0;
            else if (w < 0)
                return 1;
        }
    }
}
