/* bench.c -- what a hook call costs, against plain POSIX baselines
 * measured in the same run (make bench).
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the hooks authors
 *
 *   bench BINDIR HOOKRUN [DATAFILE]
 *
 * BINDIR holds the static helpers "true" and "hook" (bench/true.c,
 * bench/hook.c); HOOKRUN is the hookrun to measure.  Each figure and its
 * baseline run interleaved (A B, then B A, ...) after a warm-up, so that
 * the machine's drift falls on both alike; the table gives medians with
 * the 25th and 75th percentiles, and the ratio of the medians.  DATAFILE
 * gets one line per figure for bench/chart.gp.  The exit status is 0 when
 * every target is met, 1 when one is not, 2 when the benchmark could not
 * run.  HOOKS_BENCH_ONLY, if set and not empty, names the figures to run,
 * separated by blanks: trivial stdin big-host no-hook cat flood dir.
 */
/* macOS declares mkdtemp() (POSIX.1-2008) and ru_maxrss (not POSIX) only
 * outside _POSIX_C_SOURCE; NetBSD declares symlink() (POSIX.1-2008) only
 * with XSI or _NETBSD_SOURCE. */
#if defined(__APPLE__) && !defined(_DARWIN_C_SOURCE)
#define _DARWIN_C_SOURCE 1
#endif
#if defined(__NetBSD__) && !defined(_NETBSD_SOURCE)
#define _NETBSD_SOURCE 1
#endif
#include "hooks.h"
#include "../test/nosyscall.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

extern char **environ;

#define MIB ((size_t)1 << 20)
#define BIG_HEAP ((size_t)4 << 30)      /* the big host's touched heap */
#define CAT_BYTES (256 * MIB)           /* through the cat filter */
#define FLOOD_MIB "1024"                /* on stderr */
#define DIR_SCRIPTS 20

static char top[PATH_MAX];              /* our temporary directory */
static char bindir[PATH_MAX];
static const char *hookrun;
static FILE *data;
static int rows, missed;                /* targets, and those not met */
static pid_t bench_pid;                 /* children must not exit() */

static void quit(int status)
{
    if (getpid() == bench_pid)
        exit(status);
    _exit(status);
}

static void die(const char *what)
{
    fprintf(stderr, "bench: %s: %s\n", what, strerror(errno));
    quit(2);
}

/* fork, with nothing buffered that the child could write again */
static pid_t fork_or_die(void)
{
    pid_t pid;

    fflush(NULL);
    if ((pid = fork()) < 0)
        die("fork");
    return pid;
}

/* Peak RSS in KiB: ru_maxrss counts KiB on Linux and the BSDs, bytes on
 * macOS. */
static long peak_rss_kib(const struct rusage *ru)
{
#ifdef __APPLE__
    return ru->ru_maxrss / 1024;
#else
    return ru->ru_maxrss;
#endif
}

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static pid_t reap(pid_t pid, int *st)
{
    pid_t r;

    while ((r = waitpid(pid, st, 0)) < 0 && errno == EINTR)
        ;
    return r;
}

static void path_in(char *out, const char *dir, const char *name)
{
    if (snprintf(out, PATH_MAX, "%s/%s", dir, name) >= PATH_MAX) {
        errno = ENAMETOOLONG;
        die(dir);
    }
}

/* ---- samples -------------------------------------------------------- */

struct sample {
    double v[1000];
    int n;
};

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The q-quantile (0..1), interpolated between neighbours; sorts s. */
static double quantile(struct sample *s, double q)
{
    double at;
    int i;

    qsort(s->v, (size_t)s->n, sizeof(s->v[0]), cmp_double);
    at = q * (s->n - 1);
    i = (int)at;
    return i + 1 < s->n ? s->v[i] + (at - i) * (s->v[i + 1] - s->v[i])
                        : s->v[i];
}

typedef double (*bench_fn)(void *);

/* n interleaved runs of a and b after a warm-up of each; the order
 * alternates so that neither always runs on a machine the other has just
 * warmed. */
static void interleave(int n, bench_fn a, void *aa, struct sample *sa,
                       bench_fn b, void *ba, struct sample *sb)
{
    int i;

    for (i = 0; i < 3; i++) {
        a(aa);
        b(ba);
    }
    sa->n = sb->n = 0;
    for (i = 0; i < n; i++) {
        if (i & 1) {
            sb->v[sb->n++] = b(ba);
            sa->v[sa->n++] = a(aa);
        } else {
            sa->v[sa->n++] = a(aa);
            sb->v[sb->n++] = b(ba);
        }
    }
}

/* ---- the table ------------------------------------------------------ */

static void header(void)
{
    printf("%-50s %-22s %-22s %7s %9s  %s\n", "figure", "measured",
           "baseline", "ratio", "target", "met");
}

static void print_dist(struct sample *s, double scale, const char *unit)
{
    char buf[64];

    snprintf(buf, sizeof(buf), "%.3g %s [%.3g, %.3g]",
             quantile(s, 0.5) * scale, unit, quantile(s, 0.25) * scale,
             quantile(s, 0.75) * scale);
    printf(" %-22s", buf);
}

/* One line of the table and of the data file.  value is compared with
 * limit (value <= limit is met); shown is how value reads in the table;
 * label is the chart's. */
static void verdict(double value, double limit, const char *shown,
                    const char *target, const char *label)
{
    int met = value <= limit;

    rows++;
    missed += !met;
    printf(" %7s %9s  %s\n", shown, target, met ? "yes" : "NO");
    if (data)
        fprintf(data, "\"%s\" %.4f \"%s\"\n", label, value / limit, shown);
}

/* A ratio row: a against baseline b, in milliseconds. */
static void ratio_row(const char *name, const char *label,
                      struct sample *a, struct sample *b, double limit)
{
    char shown[32], target[32];
    double r = quantile(a, 0.5) / quantile(b, 0.5);

    printf("%-50s", name);
    print_dist(a, 1e3, "ms");
    print_dist(b, 1e3, "ms");
    snprintf(shown, sizeof(shown), "%.3f", r);
    snprintf(target, sizeof(target), "<= %.2f", limit);
    verdict(r, limit, shown, target, label);
}

/* A row for contrast: no target. */
static void contrast_row(const char *name, struct sample *a, struct sample *b)
{
    char shown[32];

    printf("%-50s", name);
    print_dist(a, 1e3, "ms");
    print_dist(b, 1e3, "ms");
    snprintf(shown, sizeof(shown), "%.2f", quantile(a, 0.5)
                                           / quantile(b, 0.5));
    printf(" %7s %9s  %s\n", shown, "-", "-");
}

/* ---- baselines: plain POSIX ----------------------------------------- */

struct spawn_job {
    const char *path;
    char *const *argv;
    const char *input;          /* NULL: inherit stdin */
    size_t input_len;
};

static void spawn_or_die(pid_t *pid, const char *path,
                         const posix_spawn_file_actions_t *fa,
                         char *const *argv)
{
    int e = posix_spawn(pid, path, fa, NULL, argv, environ);

    if (e != 0) {
        errno = e;
        die(path);
    }
}

static void wait_ok(pid_t pid, const char *what)
{
    int st;

    if (reap(pid, &st) < 0)
        die("waitpid");
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        fprintf(stderr, "bench: %s failed (status %d)\n", what, st);
        quit(2);
    }
}

/* posix_spawn + waitpid. */
static double run_spawn(void *arg)
{
    const struct spawn_job *j = arg;
    double t0 = now();
    pid_t pid;

    spawn_or_die(&pid, j->path, NULL, j->argv);
    wait_ok(pid, j->path);
    return now() - t0;
}

static void write_all(int fd, const char *p, size_t n)
{
    ssize_t w;

    while (n > 0) {
        w = write(fd, p, n);
        if (w < 0 && errno != EINTR)
            die("write");
        if (w > 0) {
            p += w;
            n -= (size_t)w;
        }
    }
}

/* Start j with a pipe to its stdin and one from its fd outfd; *to and
 * *from get our ends. */
static pid_t spawn_piped(const struct spawn_job *j, int outfd, int *to,
                         int *from)
{
    posix_spawn_file_actions_t fa;
    int in[2], out[2];
    pid_t pid;

    if (pipe(in) < 0 || pipe(out) < 0)
        die("pipe");
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], outfd);
    posix_spawn_file_actions_addclose(&fa, in[0]);
    posix_spawn_file_actions_addclose(&fa, in[1]);
    posix_spawn_file_actions_addclose(&fa, out[0]);
    posix_spawn_file_actions_addclose(&fa, out[1]);
    spawn_or_die(&pid, j->path, &fa, j->argv);
    posix_spawn_file_actions_destroy(&fa);
    close(in[0]);
    close(out[1]);
    *to = in[1];
    *from = out[0];
    return pid;
}

/* posix_spawn with a pipe to stdin and one from stderr, in the simplest
 * correct way for a hook that reads all of stdin before it writes a line:
 * write everything, close, read stderr to its end, wait. */
static double run_spawn_pipes(void *arg)
{
    const struct spawn_job *j = arg;
    static char err[65536];
    double t0 = now();
    int to, from;
    ssize_t n;
    pid_t pid = spawn_piped(j, 2, &to, &from);

    write_all(to, j->input, j->input_len);
    close(to);
    while ((n = read(from, err, sizeof(err))) != 0)
        if (n < 0 && errno != EINTR)
            die("read");
    close(from);
    wait_ok(pid, j->path);
    return now() - t0;
}

/* fork + execve + waitpid: the classic way, whose fork copies the
 * parent's page tables. */
static double run_fork(void *arg)
{
    const struct spawn_job *j = arg;
    double t0 = now();
    pid_t pid = fork_or_die();

    if (pid == 0) {
        execve(j->path, j->argv, environ);
        _exit(127);
    }
    wait_ok(pid, j->path);
    return now() - t0;
}

/* ---- hook calls ----------------------------------------------------- */

struct hook_job {
    hooks_ctx *ctx;
    const char *op;             /* the hook's mode: see bench/hook.c */
    const char *extra;
    hooks_opts opts;
    int calls;                  /* in a row (1 if 0) */
};

static double run_hook(void *arg)
{
    const struct hook_job *j = arg;
    double t0 = now();
    hooks_result res;
    int i;

    for (i = 0; i < (j->calls ? j->calls : 1); i++) {
        if (hooks_run_args(j->ctx, HOOKS_DRIVER_QEMU, "bench", j->op,
                           "begin", j->extra, &j->opts, &res) != HOOKS_OK) {
            fprintf(stderr, "bench: hook call failed: %s\n",
                    res.message ? res.message : hooks_status_name(res.status));
            quit(2);
        }
        hooks_result_free(&res);
    }
    return now() - t0;
}

/* ---- the hook trees ------------------------------------------------- */

static void mkdir_or_die(const char *p)
{
    if (mkdir(p, 0755) < 0)
        die(p);
}

/* TOP/NAME/libvirt/hooks; hooks gets the hook's path, sc SYSCONFDIR. */
static void make_tree(const char *name, char *sc, char *hooks)
{
    char p[PATH_MAX];

    path_in(sc, top, name);
    mkdir_or_die(sc);
    path_in(p, sc, "libvirt");
    mkdir_or_die(p);
    path_in(hooks, p, "hooks");
    mkdir_or_die(hooks);
}

static void link_or_die(const char *target, const char *link)
{
    if (symlink(target, link) < 0)
        die(link);
}

/* A context whose qemu hook is target (a symlink to it); *hook gets the
 * hook's path. */
static hooks_ctx *tree_with(const char *name, const char *target, char *hook)
{
    char sc[PATH_MAX], hooks[PATH_MAX];
    hooks_ctx *ctx;

    make_tree(name, sc, hooks);
    path_in(hook, hooks, "qemu");
    link_or_die(target, hook);
    if (hooks_ctx_new(sc, 0, &ctx) != HOOKS_OK)
        die("hooks_ctx_new");
    return ctx;
}

/* ---- the figures ---------------------------------------------------- */

static char true_bin[PATH_MAX], hook_bin[PATH_MAX];

static void bench_trivial(void)
{
    char hook[PATH_MAX];
    struct hook_job h = { 0 };
    struct spawn_job s = { 0 };
    char *argv[] = { hook, "bench", "start", "begin", "-", NULL };
    static struct sample a, b;

    h.ctx = tree_with("trivial", true_bin, hook);
    h.op = "start";
    h.extra = "-";
    s.path = hook;
    s.argv = argv;
    interleave(400, run_hook, &h, &a, run_spawn, &s, &b);
    ratio_row("trivial hook, no stdin (n=400)", "trivial hook", &a, &b,
              1.10);
    hooks_ctx_free(h.ctx);
}

/* A domain whose <description> pads it out to the size wanted. */
static const char xml_head[] = "<domain type='kvm'>\n  <name>bench</name>\n"
                               "  <description>";
static const char xml_tail[] = "</description>\n</domain>\n";
#define XML_HEAD (sizeof(xml_head) - 1)
#define XML_TAIL (sizeof(xml_tail) - 1)

static void xml_pad(char *p, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        p[i] = "abcdefghijklmnopqrstuvwxyz \n"[i % 28];
}

/* The document of exactly n bytes, in memory. */
static char *make_xml(size_t n)
{
    char *x = n >= XML_HEAD + XML_TAIL ? malloc(n) : NULL;

    if (!x) {
        die("malloc");
    } else {
        memcpy(x, xml_head, XML_HEAD);
        xml_pad(x + XML_HEAD, n - XML_HEAD - XML_TAIL);
        memcpy(x + n - XML_TAIL, xml_tail, XML_TAIL);
    }
    return x;
}

/* The document of exactly n bytes, in a new file. */
static void write_xml(const char *file, size_t n)
{
    static char pad[65536];
    size_t left = n - XML_HEAD - XML_TAIL;
    int fd = open(file, O_WRONLY | O_CREAT | O_EXCL, 0644);

    if (fd < 0)
        die(file);
    xml_pad(pad, sizeof(pad));
    write_all(fd, xml_head, XML_HEAD);
    for (; left > 0; left -= left < sizeof(pad) ? left : sizeof(pad))
        write_all(fd, pad, left < sizeof(pad) ? left : sizeof(pad));
    write_all(fd, xml_tail, XML_TAIL);
    if (close(fd) < 0)
        die(file);
}

static void bench_stdin(void)
{
    char hook[PATH_MAX];
    struct hook_job h = { 0 };
    struct spawn_job s = { 0 };
    char *argv[] = { hook, "bench", "stdin", "begin", "-", NULL };
    static struct sample a, b;
    char *xml = make_xml(4096);

    h.ctx = tree_with("stdin", hook_bin, hook);
    h.op = "stdin";
    h.extra = "-";
    h.opts.input = xml;
    h.opts.input_len = 4096;
    s.path = hook;
    s.argv = argv;
    s.input = xml;
    s.input_len = 4096;
    interleave(400, run_hook, &h, &a, run_spawn_pipes, &s, &b);
    ratio_row("4 KiB XML on stdin, stderr captured (n=400)", "4 KiB stdin",
              &a, &b, 1.10);
    hooks_ctx_free(h.ctx);
    free(xml);
}

/* A host of its own: a child that holds heap bytes of touched memory and
 * makes one call ('h': a hook call, 'f': fork + exec) per request,
 * answering with the seconds it took. */
struct host {
    pid_t pid;
    int cmd, reply;
    char what;
};

static void host_main(int cmd, int reply, size_t heap, hooks_ctx *ctx,
                      const struct spawn_job *s)
{
    struct hook_job h = { 0 };
    long page = sysconf(_SC_PAGESIZE);
    char *mem = NULL, c;
    double t;
    size_t i;

    h.ctx = ctx;
    h.op = "start";
    h.extra = "-";
    if (heap && (mem = malloc(heap)) != NULL)
        for (i = 0; i < heap; i += (size_t)page)
            mem[i] = 1;
    t = heap && !mem ? -1 : 0;
    write_all(reply, (char *)&t, sizeof(t));
    while (read(cmd, &c, 1) == 1) {
        t = c == 'h' ? run_hook(&h) : run_fork((void *)s);
        write_all(reply, (char *)&t, sizeof(t));
    }
    free(mem);
    _exit(0);
}

static double host_read(struct host *h)
{
    double t;
    size_t got = 0;
    ssize_t n;

    while (got < sizeof(t)) {
        n = read(h->reply, (char *)&t + got, sizeof(t) - got);
        if (n == 0 || (n < 0 && errno != EINTR)) {
            fprintf(stderr, "bench: a host process died\n");
            quit(2);
        }
        if (n > 0)
            got += (size_t)n;
    }
    return t;
}

static void host_start(struct host *h, size_t heap, hooks_ctx *ctx,
                       const struct spawn_job *s)
{
    int cmd[2], reply[2];

    if (pipe(cmd) < 0 || pipe(reply) < 0)
        die("pipe");
    h->pid = fork_or_die();
    if (h->pid == 0) {
        close(cmd[1]);
        close(reply[0]);
        host_main(cmd[0], reply[1], heap, ctx, s);
    }
    close(cmd[0]);
    close(reply[1]);
    h->cmd = cmd[1];
    h->reply = reply[0];
    if (host_read(h) < 0) {
        fprintf(stderr, "bench: no memory for a %zu MiB host\n", heap / MIB);
        quit(2);
    }
}

static double host_call(void *arg)
{
    struct host *h = arg;

    write_all(h->cmd, &h->what, 1);
    return host_read(h);
}

static void host_stop(struct host *h)
{
    close(h->cmd);
    close(h->reply);
    wait_ok(h->pid, "host");
}

static void bench_big_host(void)
{
    char hook[PATH_MAX];
    char *argv[] = { hook, "bench", "start", "begin", "-", NULL };
    struct spawn_job s = { 0 };
    struct host small, big;
    static struct sample a, b;
    hooks_ctx *ctx = tree_with("host", true_bin, hook);
    double t0 = now();

    s.path = hook;
    s.argv = argv;
    host_start(&small, 0, ctx, &s);
    host_start(&big, BIG_HEAP, ctx, &s);
    fprintf(stderr, "bench: %zu MiB touched in %.1f s\n", BIG_HEAP / MIB,
            now() - t0);
    small.what = big.what = 'h';
    interleave(300, host_call, &big, &a, host_call, &small, &b);
    ratio_row("host with 4 GiB touched heap vs small (n=300)",
              "4 GiB host", &a, &b, 1.20);
    /* the same with fork(), for contrast: no target */
    small.what = big.what = 'f';
    interleave(40, host_call, &big, &a, host_call, &small, &b);
    contrast_row("  for contrast, fork+exec: 4 GiB vs small (n=40)", &a,
                 &b);
    host_stop(&big);            /* it holds copies of small's pipes */
    host_stop(&small);
    hooks_ctx_free(ctx);
}

static void bench_no_hook(void)
{
    char sc[PATH_MAX], hooks[PATH_MAX], target[32], shown[32];
    static struct sample a;
    hooks_ctx *ctx;
    double t0;
    int i, k, sys;

    make_tree("none", sc, hooks);
    if (hooks_ctx_new(sc, 0, &ctx) != HOOKS_OK)
        die("hooks_ctx_new");
    for (i = 0; i < 31; i++) {
        t0 = now();
        for (k = 0; k < 100000; k++)
            if (nosyscall_nohook(ctx) != 0)
                die("no hook");
        a.v[i] = (now() - t0) / 100000;
    }
    a.n = 31;
    printf("%-50s", "no hook present (31 x 100000 calls)");
    print_dist(&a, 1e9, "ns");
    sys = nosyscall_check(nosyscall_nohook, ctx, 100000);
    printf(" %-22s", sys == 'y' ? "0 system calls" : sys == '?'
                     ? "system calls unknown" : "system calls!");
    snprintf(shown, sizeof(shown), "%.0f ns", quantile(&a, 0.5) * 1e9);
    snprintf(target, sizeof(target), "< 1000 ns");
    /* with a system call, or unknown: shown as not met */
    verdict(sys == 'y' ? quantile(&a, 0.5) * 1e9 : 2000, 1000, shown, target,
            "no hook");
    hooks_ctx_free(ctx);
}

/* A command, or a pipeline of two (the second reading the first's
 * output), with stdout to /dev/null. */
struct cmdline {
    char *const *argv[2];       /* argv[1] NULL: one command */
    long rss;                   /* KiB: see run_measured */
};

static double run_cmdline(void *arg)
{
    const struct cmdline *m = arg;
    double t0 = now();
    int p[2], devnull, i, n = m->argv[1] ? 2 : 1;
    posix_spawn_file_actions_t fa;
    pid_t kids[2];

    if ((devnull = open("/dev/null", O_WRONLY)) < 0 || pipe(p) < 0)
        die("/dev/null or pipe");
    for (i = 0; i < n; i++) {
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, i == 0 && n == 2 ? p[1]
                                                              : devnull, 1);
        if (i == 1)
            posix_spawn_file_actions_adddup2(&fa, p[0], 0);
        posix_spawn_file_actions_addclose(&fa, p[0]);
        posix_spawn_file_actions_addclose(&fa, p[1]);
        posix_spawn_file_actions_addclose(&fa, devnull);
        spawn_or_die(&kids[i], m->argv[i][0], &fa, m->argv[i]);
        posix_spawn_file_actions_destroy(&fa);
    }
    close(p[0]);
    close(p[1]);
    close(devnull);
    for (i = 0; i < n; i++)
        wait_ok(kids[i], m->argv[i][0]);
    return now() - t0;
}

/* The same in a child of ours, whose getrusage(RUSAGE_CHILDREN) is then
 * the peak RSS of the command's largest process alone: m->rss, in KiB. */
static void run_measured(struct cmdline *m)
{
    struct rusage ru;
    long rss = -1;
    int rp[2];
    pid_t pid;

    if (pipe(rp) < 0)
        die("pipe");
    pid = fork_or_die();
    if (pid == 0) {
        close(rp[0]);
        run_cmdline(m);
        if (getrusage(RUSAGE_CHILDREN, &ru) == 0)
            rss = peak_rss_kib(&ru);
        write_all(rp[1], (char *)&rss, sizeof(rss));
        _exit(0);
    }
    close(rp[1]);
    if (read(rp[0], &rss, sizeof(rss)) != (ssize_t)sizeof(rss))
        rss = -1;
    close(rp[0]);
    wait_ok(pid, "measuring child");
    m->rss = rss;
}

/* What any host pays to hold 256 MiB it has not held before: fresh memory,
 * written once. */
static double run_fresh(void *arg)
{
    /* called through a volatile pointer, so that the compiler cannot
     * drop a write to memory that is freed unread */
    static void *(*volatile set)(void *, int, size_t) = memset;
    double t0 = now();
    char *p = malloc(CAT_BYTES);

    (void)arg;
    if (!p)
        die("malloc");
    set(p, 1, CAT_BYTES);
    free(p);
    return now() - t0;
}

/* A plain POSIX host that keeps what the script writes: posix_spawn with
 * two pipes, ours non-blocking, poll() to write stdin and read stdout
 * into a buffer that doubles.  What any host keeping the output pays. */
static double run_spawn_capture(void *arg)
{
    const struct spawn_job *j = arg;
    double t0 = now();
    int to, from;
    struct pollfd pfd[2];
    size_t off = 0, len = 0, cap = 65536;
    char *buf = malloc(cap), *p;
    ssize_t n;
    pid_t pid;

    if (!buf)
        die("malloc");
    pid = spawn_piped(j, 1, &to, &from);
    if (fcntl(to, F_SETFL, O_NONBLOCK) < 0
        || fcntl(from, F_SETFL, O_NONBLOCK) < 0)
        die("fcntl");
    pfd[0].fd = to;
    pfd[0].events = POLLOUT;
    pfd[1].fd = from;
    pfd[1].events = POLLIN;
    while (pfd[1].fd >= 0) {
        if (poll(pfd, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            die("poll");
        }
        if (pfd[0].fd >= 0 && pfd[0].revents) {
            n = write(to, j->input + off, j->input_len - off);
            if (n > 0)
                off += (size_t)n;
            if (off == j->input_len || (n < 0 && errno != EAGAIN)) {
                close(to);
                pfd[0].fd = -1;
            }
        }
        if (pfd[1].revents) {
            if (cap - len < 65536) {
                if (!(p = realloc(buf, cap * 2)))
                    die("realloc");
                buf = p;
                cap *= 2;
            }
            n = read(from, buf + len, cap - len);
            if (n > 0)
                len += (size_t)n;
            else if (n == 0 || errno != EAGAIN) {
                close(from);
                pfd[1].fd = -1;
            }
        }
    }
    if (pfd[0].fd >= 0)
        close(to);
    wait_ok(pid, j->path);
    if (len != j->input_len) {
        fprintf(stderr, "bench: the plain host kept %zu bytes\n", len);
        quit(2);
    }
    free(buf);
    return now() - t0;
}

static void bench_cat(void)
{
    char hook[PATH_MAX], file[PATH_MAX], sc[PATH_MAX], shown[32];
    char *run[] = { (char *)hookrun, "-c", sc, "-o", "-i", file,
                    "--max-stdout", "0", "qemu", "bench", "migrate", "begin",
                    "-", NULL };
    char *cat1[] = { "/bin/cat", file, NULL }, *cat2[] = { "/bin/cat", NULL };
    struct cmdline a_m = { { NULL, NULL }, 0 }, b_m = { { NULL, NULL }, 0 };
    struct hook_job h = { 0 };
    struct spawn_job s = { 0 };
    char script[PATH_MAX];
    char *argv[] = { script, "bench", "migrate", "begin", "-", NULL };
    static struct sample a, b, rss;
    int fd, i;

    /* the filter hook: a script that is cat; the document a domain of
     * 256 MiB */
    make_tree("cat", sc, hook);
    path_in(script, hook, "qemu");
    if ((fd = open(script, O_WRONLY | O_CREAT | O_EXCL, 0755)) < 0)
        die(script);
    write_all(fd, "#!/bin/sh\nexec cat\n", 19);
    if (close(fd) < 0)
        die(script);
    path_in(file, top, "big.xml");
    write_xml(file, CAT_BYTES);
    a_m.argv[0] = run;
    b_m.argv[0] = cat1;
    b_m.argv[1] = cat2;

    /* first, while we are small: the peak RSS of hookrun -o alone */
    for (i = 0; i < 3; i++) {
        run_measured(&a_m);
        rss.v[rss.n++] = (double)a_m.rss / 1024;
    }
    interleave(7, run_cmdline, &a_m, &a, run_cmdline, &b_m, &b);
    ratio_row("256 MiB through a cat filter: hookrun -o (n=7)",
              "256 MiB: hookrun -o", &a, &b, 1.5);
    printf("%-50s", "  peak RSS of that hookrun -o (n=3)");
    print_dist(&rss, 1, "MiB");
    printf(" %-22s", "-");
    snprintf(shown, sizeof(shown), "%.2fx", quantile(&rss, 1) / 256);
    verdict(quantile(&rss, 1) / 256, 2.5, shown, "<= 2.50x",
            "hookrun -o RSS");

    /* the library call, the document in our memory, the result kept */
    if (hooks_ctx_new(sc, 0, &h.ctx) != HOOKS_OK)
        die("hooks_ctx_new");
    h.op = "migrate";
    h.extra = "-";
    h.opts.input = make_xml(CAT_BYTES);
    h.opts.input_len = CAT_BYTES;
    h.opts.max_stdout = HOOKS_UNLIMITED;
    h.opts.filter = 1;          /* the output kept, as hooks_run does */
    s.path = script;
    s.argv = argv;
    s.input = h.opts.input;
    s.input_len = CAT_BYTES;
    interleave(7, run_hook, &h, &a, run_cmdline, &b_m, &b);
    ratio_row("  the same as a hooks call, in memory (n=7)",
              "256 MiB: hooks call", &a, &b, 1.5);
    h.op = "start";             /* no filter: stdout read and dropped */
    h.opts.filter = 0;
    interleave(7, run_hook, &h, &a, run_cmdline, &b_m, &b);
    contrast_row("  for contrast, that call keeping no stdout (n=7)", &a,
                 &b);
    interleave(7, run_fresh, NULL, &a, run_cmdline, &b_m, &b);
    contrast_row("  for contrast, 256 MiB of fresh memory (n=7)", &a, &b);
    interleave(7, run_spawn_capture, &s, &a, run_cmdline, &b_m, &b);
    contrast_row("  for contrast, a plain host keeping stdout (n=7)", &a,
                 &b);
    free((void *)h.opts.input);
    hooks_ctx_free(h.ctx);
    unlink(file);
}

/* 1 GiB on stderr, in a host of its own: how far its peak RSS grows. */
static double run_flood(void *arg)
{
    struct hook_job *h = arg;
    struct rusage before, after;
    double t, growth = -1;
    int rp[2];
    pid_t pid;

    if (pipe(rp) < 0)
        die("pipe");
    pid = fork_or_die();
    if (pid == 0) {
        h->extra = FLOOD_MIB;   /* the first call of this host */
        if (getrusage(RUSAGE_SELF, &before) == 0) {
            t = run_hook(h);
            if (getrusage(RUSAGE_SELF, &after) == 0)
                growth = (double)(peak_rss_kib(&after)
                                  - peak_rss_kib(&before)) / 1024;
            fprintf(stderr, "bench: %s MiB of stderr in %.2f s\n",
                    FLOOD_MIB, t);
        }
        write_all(rp[1], (char *)&growth, sizeof(growth));
        _exit(0);
    }
    close(rp[1]);
    if (read(rp[0], &growth, sizeof(growth)) != (ssize_t)sizeof(growth))
        growth = -1;
    close(rp[0]);
    wait_ok(pid, "flooded host");
    return growth;
}

static void bench_flood(void)
{
    char hook[PATH_MAX], shown[32];
    struct hook_job h = { 0 };
    static struct sample g;
    int i;

    h.ctx = tree_with("flood", hook_bin, hook);
    h.op = "flood";
    for (i = 0; i < 3; i++)
        if ((g.v[g.n++] = run_flood(&h)) < 0) {
            fprintf(stderr, "bench: the flooded host failed\n");
            quit(2);
        }
    printf("%-50s", "1 GiB on stderr: host peak RSS growth (n=3)");
    print_dist(&g, 1, "MiB");
    printf(" %-22s", "-");
    snprintf(shown, sizeof(shown), "%.2f MiB", quantile(&g, 1));
    verdict(quantile(&g, 1), 8 - 1e-9, shown, "< 8 MiB", "1 GiB stderr");
    hooks_ctx_free(h.ctx);
}

static void bench_dir(void)
{
    char sc[PATH_MAX], hooks[PATH_MAX], d[PATH_MAX], p[PATH_MAX], name[8];
    struct hook_job dir = { 0 }, one = { 0 };
    static struct sample a, b;
    int i;

    make_tree("dir", sc, hooks);
    path_in(d, hooks, "qemu.d");
    mkdir_or_die(d);
    for (i = 0; i < DIR_SCRIPTS; i++) {
        snprintf(name, sizeof(name), "%02d", i);
        path_in(p, d, name);
        link_or_die(true_bin, p);
    }
    if (hooks_ctx_new(sc, 0, &dir.ctx) != HOOKS_OK)
        die("hooks_ctx_new");
    dir.op = one.op = "start";
    dir.extra = one.extra = "-";
    one.ctx = tree_with("main", true_bin, p);
    one.calls = DIR_SCRIPTS;
    interleave(60, run_hook, &dir, &a, run_hook, &one, &b);
    ratio_row("qemu.d/ with 20 scripts vs 20 calls (n=60)", "20-script dir",
              &a, &b, 1.10);
    hooks_ctx_free(dir.ctx);
    hooks_ctx_free(one.ctx);
}

/* ---- main ----------------------------------------------------------- */

static void remove_tree(void)
{
    char cmd[PATH_MAX + 32];

    /* only our own mkdtemp() directory, quoted */
    if (getpid() == bench_pid && top[0] && !strchr(top, '\'')) {
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
        if (system(cmd) != 0)
            fprintf(stderr, "bench: could not remove %s\n", top);
    }
}

static const struct figure {
    const char *name;
    void (*run)(void);
} figures[] = {
    { "trivial", bench_trivial }, { "stdin", bench_stdin },
    { "big-host", bench_big_host }, { "no-hook", bench_no_hook },
    { "cat", bench_cat }, { "flood", bench_flood }, { "dir", bench_dir }
};

/* Whether HOOKS_BENCH_ONLY (unset or empty: every figure) names this one. */
static int wanted(const char *name)
{
    const char *only = getenv("HOOKS_BENCH_ONLY"), *p;
    size_t n = strlen(name);

    if (!only || !*only)
        return 1;
    for (p = only; (p = strstr(p, name)) != NULL; p += n)
        if ((p == only || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
    return 0;
}

/* Every word of HOOKS_BENCH_ONLY must name a figure, once: a typo would
 * otherwise run nothing and meet every target. */
static void check_only(void)
{
    const char *only = getenv("HOOKS_BENCH_ONLY"), *p;
    size_t i, words = 0, known = 0;

    if (!only || !*only)
        return;
    for (p = only; *p; p++)
        words += *p != ' ' && (p == only || p[-1] == ' ');
    for (i = 0; i < sizeof(figures) / sizeof(figures[0]); i++)
        known += (size_t)wanted(figures[i].name);
    if (known != words) {
        fprintf(stderr, "bench: HOOKS_BENCH_ONLY='%s': name each figure once,"
                " of: trivial stdin big-host no-hook cat flood dir\n", only);
        quit(2);
    }
}

int main(int argc, char **argv)
{
    const char *tmp = getenv("TMPDIR");
    double t0 = now();
    size_t i;

    if (argc < 3 || argc > 4) {
        fputs("usage: bench BINDIR HOOKRUN [DATAFILE]\n", stderr);
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    bench_pid = getpid();
    check_only();
    /* the hooks are symlinks to the helpers: make their path absolute */
    if (argv[1][0] == '/')
        snprintf(bindir, sizeof(bindir), "%s", argv[1]);
    else if (!getcwd(top, sizeof(top)))
        die("getcwd");
    else
        path_in(bindir, top, argv[1]);
    hookrun = argv[2];
    path_in(true_bin, bindir, "true");
    path_in(hook_bin, bindir, "hook");
    if (argc == 4 && !(data = fopen(argv[3], "w")))
        die(argv[3]);
    snprintf(top, sizeof(top), "%s/hooks-bench.XXXXXX",
             tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(top))
        die("mkdtemp");
    atexit(remove_tree);

    printf("hooks %s (%s), bench: median [25th, 75th percentile]\n",
           HOOKS_VERSION, hooks_features());
    header();
    for (i = 0; i < sizeof(figures) / sizeof(figures[0]); i++)
        if (wanted(figures[i].name))
            figures[i].run();
    printf("%d of %d targets met, in %.0f s\n", rows - missed, rows,
           now() - t0);
    if (data && fclose(data) != 0)
        die(argv[3]);
    return missed ? 1 : 0;
}
