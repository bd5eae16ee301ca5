/* SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the hooks authors
 *
 * hookprobe -- a hook script that records what it was given.
 *
 * Installed (copied or linked) as a hook, it writes into its working
 * directory, which is the host's, files named after its own basename:
 *   NAME.argv   argv, one element a line, escaped (see esc)
 *   NAME.env    environ, in order, one entry a line, escaped
 *   NAME.stdin  the bytes read from stdin until end of file
 *   NAME.fds    each open fd: number, type, access mode
 *   NAME.sig    blocked and ignored signals
 * The fds and the signals are the kernel's view where /proc/self has it
 * (/proc/self/fd, and SigBlk and SigIgn of /proc/self/status): the C
 * library hides some (glibc refuses to report its own signals, 32 and
 * 33), and sysconf(_SC_OPEN_MAX) is no bound for an inherited fd.
 *   NAME.proc   umask and working directory
 * and exits 0, or 99 if it cannot record.
 */
/* NetBSD declares dirfd() (POSIX.1-2008) only with _NETBSD_SOURCE. */
#if defined(__NetBSD__) && !defined(_NETBSD_SOURCE)
#define _NETBSD_SOURCE 1
#endif
/* 64-bit off_t and ino_t on 32-bit glibc, as in hooks.c: its stat() and
 * readdir() fail with EOVERFLOW on 64-bit inode numbers or directory
 * offsets without them. */
#ifndef _FILE_OFFSET_BITS
#define _FILE_OFFSET_BITS 64
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(NSIG)
#define PROBE_NSIG NSIG
#elif defined(_NSIG)
#define PROBE_NSIG _NSIG
#else
#define PROBE_NSIG 129
#endif

extern char **environ;

static const char *name;
static char fdtext[65536];

static void die(const char *what)
{
    fprintf(stderr, "hookprobe: %s: %s\n", what, strerror(errno));
    exit(99);
}

/* Printable ASCII stays, backslash doubles, every other byte is \xNN, so
 * each element is one line and no byte is lost. */
static void esc(FILE *f, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\\')
            fputs("\\\\", f);
        else if (c >= 0x20 && c < 0x7f)
            putc(c, f);
        else
            fprintf(f, "\\x%02x", c);
    }
    putc('\n', f);
}

static FILE *out(const char *ext)
{
    char path[4096];
    FILE *f;

    snprintf(path, sizeof(path), "%s.%s", name, ext);
    f = fopen(path, "w");
    if (!f)
        die(path);
    return f;
}

static void done(FILE *f)
{
    if (fclose(f) != 0)
        die("write");
}

/* One line for fd: its number, type and access mode. */
static size_t describe_fd(long fd, size_t len)
{
    struct stat st, null;
    int fl = fcntl((int)fd, F_GETFL);
    const char *type = "other", *mode;

    if (fl < 0 || len > sizeof(fdtext) - 64)
        return len;
    if (stat("/dev/null", &null) != 0)
        die("/dev/null");
    if (fstat((int)fd, &st) != 0)
        die("fstat");
    if (S_ISFIFO(st.st_mode))
        type = "fifo";
    else if (S_ISCHR(st.st_mode))
        type = st.st_rdev == null.st_rdev ? "null" : "chr";
    else if (S_ISREG(st.st_mode))
        type = "reg";
    else if (S_ISSOCK(st.st_mode))
        type = "sock";
    else if (S_ISDIR(st.st_mode))
        type = "dir";
    mode = (fl & O_ACCMODE) == O_RDONLY ? "r"
         : (fl & O_ACCMODE) == O_WRONLY ? "w" : "rw";
    return len + (size_t)snprintf(fdtext + len, sizeof(fdtext) - len,
                                  "%ld %s %s\n", fd, type, mode);
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return x < y ? -1 : x > y;
}

/* Taken before this program opens anything of its own (but the listing
 * of /proc/self/fd, which is left out). */
static void scan_fds(void)
{
    static long fds[4096];
    size_t n = 0, i, len = 0;
    DIR *d = opendir("/proc/self/fd");
    struct dirent *de;
    long fd, max;

    if (d) {
        while ((de = readdir(d)) != NULL && n < 4096)
            if (de->d_name[0] != '.'
                && (fd = atol(de->d_name)) != (long)dirfd(d))
                fds[n++] = fd;
        closedir(d);
        qsort(fds, n, sizeof(fds[0]), cmp_long);
        for (i = 0; i < n; i++)
            len = describe_fd(fds[i], len);
        return;
    }
    max = sysconf(_SC_OPEN_MAX);
    for (fd = 0; fd < max; fd++)
        len = describe_fd(fd, len);
}

/* The signals set in a mask of /proc/self/status ("SigBlk:\t00...0a"),
 * as " N" each; 0 if the kernel does not say. */
static int kernel_mask(const char *field, char *out, size_t size)
{
    char line[256];
    unsigned long long m = 0;
    size_t k = strlen(field), len = 0;
    FILE *f = fopen("/proc/self/status", "r");
    int found = 0, sig;

    if (!f)
        return 0;
    while (!found && fgets(line, sizeof(line), f))
        if (strncmp(line, field, k) == 0 && line[k] == ':') {
            m = strtoull(line + k + 1, NULL, 16);
            found = 1;
        }
    fclose(f);
    out[0] = '\0';
    for (sig = 1; found && sig <= 64 && len < size - 8; sig++)
        if (m & (1ULL << (sig - 1)))
            len += (size_t)snprintf(out + len, size - len, " %d", sig);
    return found;
}

int main(int argc, char **argv)
{
    char buf[65536], cwd[4096], blk[512], ign[512];
    sigset_t mask;
    struct sigaction sa;
    FILE *f;
    ssize_t n;
    mode_t um;
    int i;

    (void)argc;
    scan_fds();
    name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];

    f = out("argv");
    for (i = 0; argv[i]; i++)
        esc(f, argv[i]);
    done(f);

    f = out("env");
    for (i = 0; environ[i]; i++)
        esc(f, environ[i]);
    done(f);

    f = out("fds");
    fputs(fdtext, f);
    done(f);

    f = out("sig");
    if (kernel_mask("SigBlk", blk, sizeof(blk))
        && kernel_mask("SigIgn", ign, sizeof(ign))) {
        fprintf(f, "blocked:%s\nignored:%s\n", blk, ign);
    } else {
        sigprocmask(SIG_SETMASK, NULL, &mask);
        fputs("blocked:", f);
        for (i = 1; i < PROBE_NSIG; i++)
            if (sigismember(&mask, i) == 1)
                fprintf(f, " %d", i);
        fputs("\nignored:", f);
        for (i = 1; i < PROBE_NSIG; i++)
            if (sigaction(i, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)
                fprintf(f, " %d", i);
        fputs("\n", f);
    }
    done(f);

    f = out("proc");
    um = umask(0);
    fprintf(f, "umask %03o\ncwd %s\n", (unsigned)um,
            getcwd(cwd, sizeof(cwd)) ? cwd : "?");
    done(f);

    f = out("stdin");
    while ((n = read(0, buf, sizeof(buf))) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            die("read stdin");
        if (fwrite(buf, 1, (size_t)n, f) != (size_t)n)
            die("write stdin copy");
    }
    done(f);
    return 0;
}
