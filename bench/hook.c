/* SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the hooks authors
 *
 * hook.c -- the benchmark's working hook, a static program that does what
 * its operation (argv[2]) says:
 *
 *   stdin   read stdin to its end, then say on stderr how much came
 *   flood   write argv[4] MiB of 'x' to stderr
 *
 * and anything else: exit 0.  Plain read() and write(), no stdio, so that
 * the bytes moved are the only work. */
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

int main(int argc, char **argv)
{
    unsigned long long total = 0, left;
    ssize_t n;
    char line[64], *p;

    if (argc < 5)
        return 2;
    if (strcmp(argv[2], "stdin") == 0) {
        while ((n = read(0, buf, sizeof(buf))) > 0)
            total += (unsigned long long)n;
        if (n < 0)
            return 1;
        /* the digits, right to left, then the words around them */
        p = line + sizeof(line);
        *--p = '\n';
        do
            *--p = (char)('0' + total % 10);
        while ((total /= 10) > 0);
        memcpy(p -= 11, "hook: read ", 11);
        return put(2, p, (size_t)(line + sizeof(line) - p)) < 0;
    }
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
