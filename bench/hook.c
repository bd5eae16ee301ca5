/* SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the hooks authors
 *
 * hook.c -- the benchmark's working hook, a static program that does what
 * its operation (argv[2]) says:
 *
 *   stdin   read stdin to its end, then say on stderr how much came
 *   flood   write argv[4] MiB of 'x' to stderr
 *   fds     write to the file argv[4] how many fds were open when it
 *           started (0, 1 and 2 among them); then, if argv[3] is "stdin",
 *           what stdin does
 *
 * and anything else: exit 0.  Plain read() and write(), no stdio, so that
 * the bytes moved are the only work. */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char buf[65536];

static int put(int fd, const char *p, size_t n)
{
    ssize_t w;

    while (n > 0) {
        w = write(fd, p, n);
        if (w < 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* words, then the number, then a newline */
static int put_number(int fd, const char *words, unsigned long long v)
{
    char line[64], *p = line + sizeof(line);
    size_t n = strlen(words);

    /* the digits, right to left, then the words before them */
    *--p = '\n';
    do
        *--p = (char)('0' + v % 10);
    while ((v /= 10) > 0);
    memcpy(p -= n, words, n);
    return put(fd, p, (size_t)(line + sizeof(line) - p));
}

static int read_stdin(void)
{
    unsigned long long total = 0;
    ssize_t n;

    while ((n = read(0, buf, sizeof(buf))) > 0)
        total += (unsigned long long)n;
    if (n < 0)
        return 1;
    return put_number(2, "hook: read ", total) < 0;
}

/* The fds open now: from the listing of /proc/self/fd, less the
 * listing's own; where there is none, every fd up to the limit tried. */
static unsigned long long open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    unsigned long long n = 0;
    long fd, max;

    if (d) {
        while (readdir(d))
            n++;
        closedir(d);
        return n - 3;           /* ".", ".." and the listing's fd */
    }
    max = sysconf(_SC_OPEN_MAX);
    for (fd = 0; fd < (max > 0 && max < (1L << 20) ? max : 1L << 20); fd++)
        n += fcntl((int)fd, F_GETFD) != -1;
    return n;
}

static int fds(char **argv)
{
    unsigned long long n = open_fds();
    int fd = open(argv[4], O_WRONLY | O_CREAT | O_TRUNC, 0644);

    if (fd < 0 || put_number(fd, "", n) < 0 || close(fd) < 0)
        return 1;
    return strcmp(argv[3], "stdin") == 0 ? read_stdin() : 0;
}

int main(int argc, char **argv)
{
    unsigned long long left;
    ssize_t n;

    if (argc < 5)
        return 2;
    if (strcmp(argv[2], "stdin") == 0)
        return read_stdin();
    if (strcmp(argv[2], "fds") == 0)
        return fds(argv);
    if (strcmp(argv[2], "flood") == 0) {
        memset(buf, 'x', sizeof(buf));
        for (left = strtoull(argv[4], NULL, 10) << 20; left > 0;
             left -= n) {
            n = left < sizeof(buf) ? (ssize_t)left : (ssize_t)sizeof(buf);
            if (put(2, buf, (size_t)n) < 0)
                return 1;
        }
    }
    return 0;
}
