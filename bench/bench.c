/* bench.c -- what a hook call costs, against plain POSIX baselines and
 * against what a C program would use instead, measured in the same run
 * (make bench).
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the hooks authors
 *
 *   bench BINDIR HOOKRUN [DATAFILE]
 *   bench --count N BINDIR      (for the syscalls figure: N calls)
 *
 * BINDIR holds the static helpers "true" and "hook" (bench/true.c,
 * bench/hook.c); HOOKRUN is the hookrun to measure.  Each figure and its
 * baseline run interleaved (A B, then B A, ...) after a warm-up, so that
 * the machine's drift falls on both alike; the table gives medians with
 * the 25th and 75th percentiles, and the ratio of the medians.  The peer
 * figures run every peer of bench/peers.h so, in a host process of their
 * own (A B C ..., then ... C B A).  DATAFILE gets one line per target,
 * then the peers' ratios, for bench/chart.gp.  The exit status is 0 when
 * no target is missed (one too noisy to judge is not: see judged_row),
 * 1 when one is, 2 when the benchmark could not run.  HOOKS_BENCH_ONLY,
 * if set and not empty, names the figures to run, separated by blanks
 * (see figures[] at the end).
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
#include "peers.h"

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
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

extern char **environ;

#define MIB ((size_t)1 << 20)
#define BIG_HEAP ((size_t)4 << 30)      /* the big host's touched heap */
#define MANY_FDS 10000                  /* the other big host's fds */
#define CAT_BYTES (256 * MIB)           /* through the cat filter */
#define FLOOD_MIB "1024"                /* on stderr */
#define DIR_SCRIPTS 20
#define COUNT_CALLS 100                 /* the syscalls figure's loop */

static char top[PATH_MAX];              /* our temporary directory */
static char bindir[PATH_MAX];
static const char *hookrun, *self;      /* self: argv[0], for strace */
static FILE *data;
static int rows, missed, noisy;         /* targets; missed; not judged */
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

void bench_fail(const char *what, const char *why)
{
    fprintf(stderr, "bench: %s: %s\n", what, why);
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

double bench_now(void)
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

void bench_check_status(const struct peer_job *j, const char *who, int st)
{
    char why[PATH_MAX + 32];

    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        snprintf(why, sizeof(why), "%s: wait status %d", j->path, st);
        bench_fail(who, why);
    }
}

void bench_check_err(const struct peer_job *j, const char *who,
                     const char *got, size_t len)
{
    if (len != strlen(j->want_err) || (len && memcmp(got, j->want_err, len))) {
        fprintf(stderr, "bench: %s: %s: stderr was \"%.*s\", not \"%s\"\n",
                who, j->path, (int)(len < 200 ? len : 200), got ? got : "",
                j->want_err);
        quit(2);
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

/* The q-quantile (0..1), interpolated between neighbours, of a sorted
 * copy: s keeps its order, which pairs it with the samples taken beside
 * it. */
static double quantile(const struct sample *s, double q)
{
    static struct sample c;
    double at;
    int i;

    c = *s;
    qsort(c.v, (size_t)c.n, sizeof(c.v[0]), cmp_double);
    at = q * (c.n - 1);
    i = (int)at;
    return i + 1 < c.n ? c.v[i] + (at - i) * (c.v[i + 1] - c.v[i])
                       : c.v[i];
}

static double median(const struct sample *s)
{
    return quantile(s, 0.5);
}

/* The distribution-free 95 % confidence interval of the median of
 * a[i] / b[i] (samples taken side by side): the k-th smallest and the
 * k-th largest ratio, k = (n - 1.96 sqrt(n)) / 2 from the normal
 * approximation of the binomial. */
static void paired_ci(const struct sample *a, const struct sample *b,
                      double *lo, double *hi)
{
    static struct sample r;
    double root;
    int i, k;

    r.n = a->n < b->n ? a->n : b->n;
    root = r.n;
    for (i = 0; i < r.n; i++)
        r.v[i] = a->v[i] / b->v[i];
    qsort(r.v, (size_t)r.n, sizeof(r.v[0]), cmp_double);
    for (i = 0; i < 40 && root > 0; i++)        /* sqrt, without libm */
        root = (root + r.n / root) / 2;
    k = (int)((r.n - 1.96 * root) / 2);
    k = k < 1 ? 1 : k;
    *lo = r.n ? r.v[k - 1] : 0;
    *hi = r.n ? r.v[r.n - k] : 0;
}

typedef double (*bench_fn)(void *);

struct entrant {
    bench_fn fn;
    void *arg;
    struct sample *s;
};

/* warm rounds, then n, of every entrant in turn, each adding its samples
 * to its own; the order reverses each round (A B C, C B A, ...) so that
 * none always runs on a machine another has just warmed, and sample i of
 * each comes from the same round. */
static void interleave(int n, int warm, struct entrant *e, int ne)
{
    int r, k, i;
    double t;

    for (r = 0; r < warm + n; r++)
        for (k = 0; k < ne; k++) {
            i = r & 1 ? ne - 1 - k : k;
            t = e[i].fn(e[i].arg);
            if (r >= warm)
                e[i].s->v[e[i].s->n++] = t;
        }
}

/* The same for two. */
static void interleave2(int n, bench_fn a, void *aa, struct sample *sa,
                        bench_fn b, void *ba, struct sample *sb)
{
    struct entrant e[2];

    e[0].fn = a;
    e[0].arg = aa;
    e[0].s = sa;
    e[1].fn = b;
    e[1].arg = ba;
    e[1].s = sb;
    interleave(n, 3, e, 2);
}

/* ---- the table ------------------------------------------------------ */

static void header(void)
{
    printf("%-50s %-22s %-22s %7s %9s  %s\n", "figure", "measured",
           "baseline", "ratio", "target", "met");
}

static void print_dist(const struct sample *s, double scale,
                       const char *unit)
{
    char buf[64];

    snprintf(buf, sizeof(buf), "%.3g %s [%.3g, %.3g]",
             quantile(s, 0.5) * scale, unit, quantile(s, 0.25) * scale,
             quantile(s, 0.75) * scale);
    printf(" %-22s", buf);
}

/* The end of a line with a target, and its line in the data file: state
 * is 'y' (met), 'n' (missed) or '?' (too noisy to judge); value / limit
 * is what the chart draws; shown is how value reads in the table. */
static void verdict3(int state, double value, double limit,
                     const char *shown, const char *target,
                     const char *label)
{
    rows++;
    missed += state == 'n';
    noisy += state == '?';
    printf(" %7s %9s  %s\n", shown, target,
           state == 'y' ? "yes" : state == 'n' ? "NO" : "noisy");
    if (data)
        fprintf(data, "\"%s\" %.4f \"%s\" %d\n", label, value / limit,
                shown, state == 'y' ? 0 : state == 'n' ? 1 : 2);
}

static void verdict(double value, double limit, const char *shown,
                    const char *target, const char *label)
{
    verdict3(value <= limit ? 'y' : 'n', value, limit, shown, target,
             label);
}

/* A ratio row: a against baseline b, in milliseconds. */
static void ratio_row(const char *name, const char *label,
                      const struct sample *a, const struct sample *b,
                      double limit)
{
    char shown[32], target[32];
    double r = median(a) / median(b);

    printf("%-50s", name);
    print_dist(a, 1e3, "ms");
    print_dist(b, 1e3, "ms");
    snprintf(shown, sizeof(shown), "%.3f", r);
    snprintf(target, sizeof(target), "<= %.2f", limit);
    verdict(r, limit, shown, target, label);
}

/* A row for contrast: no target. */
static void contrast_row(const char *name, const struct sample *a,
                         const struct sample *b)
{
    char shown[32];

    printf("%-50s", name);
    print_dist(a, 1e3, "ms");
    print_dist(b, 1e3, "ms");
    snprintf(shown, sizeof(shown), "%.2f", median(a) / median(b));
    printf(" %7s %9s  %s\n", shown, "-", "-");
}

/* When a run is quiet enough to judge a target of 1.05 (see judged_row):
 * the floor's quartiles no more than twice that margin apart, relative
 * to its median, and the 95 % interval of the paired ratio no wider than
 * the margin itself. */
#define QUIET_SPREAD 0.10
#define QUIET_WIDTH 0.05

/* A ratio row whose target is within the machine's noise: a against the
 * floor b, sampled side by side.  Quiet enough (QUIET_SPREAD and
 * QUIET_WIDTH), the ratio of the medians decides, as elsewhere.  Not
 * quiet, the 95 % interval of the median paired ratio (paired_ci)
 * decides: met if it lies wholly at or under the limit; missed if it lies
 * wholly over the limit raised by the floor's spread (a miss larger than
 * the machine's own jitter); else "noisy", neither met nor missed.
 * Deterministic: the same samples give the same verdict. */
static void judged_row(const char *name, const char *label,
                       const struct sample *a, const struct sample *b,
                       double limit)
{
    char shown[32], target[32];
    double r = median(a) / median(b), lo, hi;
    double spread = (quantile(b, 0.75) - quantile(b, 0.25)) / median(b);
    int state, quiet;

    paired_ci(a, b, &lo, &hi);
    quiet = spread <= QUIET_SPREAD && hi - lo <= QUIET_WIDTH;
    if (quiet)
        state = r <= limit ? 'y' : 'n';
    else
        state = hi <= limit ? 'y' : lo > limit * (1 + spread) ? 'n' : '?';
    printf("%-50s", name);
    print_dist(a, 1e3, "ms");
    print_dist(b, 1e3, "ms");
    snprintf(shown, sizeof(shown), "%.3f", r);
    snprintf(target, sizeof(target), "<= %.2f", limit);
    verdict3(state, r, limit, shown, target, label);
    printf("    floor's spread %.1f %%, paired ratio in [%.3f, %.3f] (95 %%):"
           " %s\n", spread * 100, lo, hi, quiet ? "quiet enough"
           : "not quiet, judged by the interval");
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

/* n bytes, or 0 at once at the end of the file. */
static size_t read_all(int fd, char *p, size_t n)
{
    size_t got = 0;
    ssize_t r;

    while (got < n && (r = read(fd, p + got, n - got)) != 0) {
        if (r < 0 && errno != EINTR)
            die("read");
        got += r > 0 ? (size_t)r : 0;
    }
    return got;
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

/* The floor: the least a correct host can do.  Without stdin,
 * posix_spawn + waitpid, stderr the host's own.  With stdin, posix_spawn
 * with a pipe to stdin and one from stderr, in the simplest correct way
 * for a hook that reads all of stdin before it writes a line: write
 * everything, close, read stderr to its end, wait. */
static double peer_floor(const struct peer_job *j)
{
    static char err[65536];
    struct spawn_job s;
    double t0 = bench_now();
    int to, from, st;
    size_t len;
    pid_t pid;

    if (!j->input) {
        spawn_or_die(&pid, j->path, NULL, j->argv);
        if (reap(pid, &st) < 0)
            die("waitpid");
        bench_check_status(j, "posix_spawn", st);
        return bench_now() - t0;
    }
    s.path = j->path;
    s.argv = j->argv;
    pid = spawn_piped(&s, 2, &to, &from);
    write_all(to, j->input, j->input_len);
    close(to);
    len = read_all(from, err, sizeof(err));
    close(from);
    if (reap(pid, &st) < 0)
        die("waitpid");
    bench_check_status(j, "posix_spawn", st);
    bench_check_err(j, "posix_spawn", err, len);
    return bench_now() - t0;
}

/* ---- hook calls ----------------------------------------------------- */

struct hook_job {
    hooks_ctx *ctx;
    const char *op;             /* the hook's mode: see bench/hook.c */
    const char *extra;
    hooks_opts opts;
    int calls;                  /* in a row (1 if 0) */
};

static void hook_failed(const hooks_result *res)
{
    bench_fail("hook call failed", res->message ? res->message
               : hooks_status_name(res->status));
}

static double run_hook(void *arg)
{
    const struct hook_job *j = arg;
    double t0 = bench_now();
    hooks_result res;
    int i;

    for (i = 0; i < (j->calls ? j->calls : 1); i++) {
        if (hooks_run_args(j->ctx, HOOKS_DRIVER_QEMU, "bench", j->op,
                           "begin", j->extra, &j->opts, &res) != HOOKS_OK)
            hook_failed(&res);
        hooks_result_free(&res);
    }
    return bench_now() - t0;
}

/* The peer that is this library: one call of the context's qemu hook
 * with the job's arguments, its stderr checked like every peer's. */
static double peer_hooks(const struct peer_job *j)
{
    double t0 = bench_now();
    hooks_opts o;
    hooks_result res;

    memset(&o, 0, sizeof(o));
    o.input = j->input;
    o.input_len = j->input_len;
    if (hooks_run_args(j->ctx, HOOKS_DRIVER_QEMU, j->argv[1], j->argv[2],
                       j->argv[3], j->argv[4], &o, &res) != HOOKS_OK)
        hook_failed(&res);
    bench_check_err(j, "hooks", res.err, res.err_len);
    hooks_result_free(&res);
    return bench_now() - t0;
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

static char true_bin[PATH_MAX], hook_bin[PATH_MAX];

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

/* ---- the peers ------------------------------------------------------ */

enum { FLOOR, HOOKS, NPEERS = 7 };

/* What a C program would use instead (bench/peers.h), and the floor. */
static const struct peer_def {
    const char *name;           /* in the table, the matrix, the chart */
    peer_fn fn;
    const char *const *missing; /* NULL, or why its library is not in */
    int feeds_stdin;            /* 0: no figure where the hook reads */
} peer_defs[NPEERS] = {
    { "floor: posix_spawn", peer_floor, NULL, 1 },
    { "hooks", peer_hooks, NULL, 1 },
    { "g_spawn_sync", peer_gspawn, &peer_glib_missing, 0 },
    { "GSubprocess", peer_gsubprocess, &peer_glib_missing, 1 },
    { "uv_spawn", peer_uv, &peer_uv_missing, 1 },
    { "system/popen", peer_system, NULL, 1 },
    { "libvirt-style fork", peer_libvirt, NULL, 1 }
};

/* A figure of the peers: one job, from one kind of host. */
static const struct row_def {
    const char *figure;         /* for HOOKS_BENCH_ONLY */
    const char *title;          /* in the table */
    const char *label;          /* in the matrix and the chart */
    int input;                  /* 1: 4 KiB in, stderr out */
    size_t heap;                /* bytes the host has touched */
    int fds;                    /* fds the host holds open */
    int n, warm;                /* rounds of every peer */
    int extra;                  /* then of the floor and hooks alone */
} row_defs[] = {
    { "trivial", "trivial hook, no stdin", "trivial", 0, 0, 0, 400, 3, 0 },
    { "stdin", "4 KiB XML on stdin, stderr captured", "4 KiB in, stderr out",
      1, 0, 0, 400, 3, 0 },
    /* where fork() takes 200 ms, enough rounds of every peer for their
     * ratios, and more of the two that the 1.05 target compares */
    { "big-host", "the same from a host with 4 GiB touched heap",
      "4 GiB host", 1, BIG_HEAP, 0, 20, 1, 300 },
    { "many-fds", "the same from a host with 10,000 open fds",
      "10,000-fd host", 1, 0, MANY_FDS, 40, 1, 300 }
};
#define NROWS ((int)(sizeof(row_defs) / sizeof(row_defs[0])))

struct peer_res {
    char skip[48];              /* why it did not run; "" if it did */
    long fds;                   /* how many fds its hook inherited */
    struct sample s;
};

/* What a host sends back. */
static struct host_out {
    char skip[64];              /* why it could not run the figure */
    struct peer_res p[NPEERS];
} outs[NROWS];
static int ran[NROWS];

/* The hooks the peers run, made once: trivial (the true helper) and
 * working (the hook helper, which also counts fds). */
static struct {
    hooks_ctx *trivial, *working;
    char trivial_path[PATH_MAX], working_path[PATH_MAX];
    char fds_file[PATH_MAX], scratch[PATH_MAX];
    char *xml;
} pj;

static void peer_trees(void)
{
    if (pj.xml)
        return;
    pj.trivial = tree_with("peers-trivial", true_bin, pj.trivial_path);
    pj.working = tree_with("peers-working", hook_bin, pj.working_path);
    path_in(pj.fds_file, top, "fds");
    path_in(pj.scratch, top, "stderr");
    pj.xml = make_xml(4096);
}

/* Why peer i has no figure in row r, or NULL. */
static const char *peer_skip(int i, const struct row_def *r)
{
    const struct peer_def *p = &peer_defs[i];
    const char *why = p->missing ? *p->missing : NULL;

    return why ? why : r->input && !p->feeds_stdin ? "no stdin" : NULL;
}

/* Why row r cannot run here, or NULL. */
static const char *row_skip(const struct row_def *r)
{
    static char why[64];
    struct rlimit rl;

    if (r->fds && getrlimit(RLIMIT_NOFILE, &rl) == 0
        && rl.rlim_max != RLIM_INFINITY
        && rl.rlim_max < (rlim_t)r->fds + 64) {
        snprintf(why, sizeof(why), "the fd limit is %lu",
                 (unsigned long)rl.rlim_max);
        return why;
    }
    return NULL;
}

static volatile char *host_heap;        /* the host's: never freed */

/* Make this process the host r describes: o->skip says if it cannot. */
static void host_setup(const struct row_def *r, struct host_out *o)
{
    long page = sysconf(_SC_PAGESIZE);
    struct rlimit rl;
    size_t i;
    int fd, k;

    if (r->heap && !(host_heap = malloc(r->heap)))
        snprintf(o->skip, sizeof(o->skip), "no memory for %lu MiB",
                 (unsigned long)(r->heap / MIB));
    for (i = 0; host_heap && i < r->heap; i += (size_t)page)
        host_heap[i] = 1;
    if (!r->fds)
        return;
    if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
        die("getrlimit");
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < (rlim_t)r->fds + 64) {
        rl.rlim_cur = (rlim_t)r->fds + 64;
        if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
            die("setrlimit");
    }
    if ((fd = open("/dev/null", O_RDONLY)) < 0)
        die("/dev/null");
    for (k = 1; k < r->fds; k++)
        if (dup(fd) < 0)
            die("dup");
}

/* How many fds the hook of peer i inherits: one call of the counting
 * hook, which writes the number to pj.fds_file. */
static long probe_fds(int i, const struct peer_job *probe)
{
    char buf[32];
    size_t n;
    int fd;

    unlink(pj.fds_file);
    peer_defs[i].fn(probe);
    if ((fd = open(pj.fds_file, O_RDONLY)) < 0)
        die(pj.fds_file);
    n = read_all(fd, buf, sizeof(buf) - 1);
    close(fd);
    buf[n] = '\0';
    return strtol(buf, NULL, 10);
}

/* The job of row r, and the same with the counting hook. */
static void row_jobs(const struct row_def *r, struct peer_job *job,
                     char **argv, struct peer_job *probe, char **pargv)
{
    memset(job, 0, sizeof(*job));
    job->path = r->input ? pj.working_path : pj.trivial_path;
    job->ctx = r->input ? pj.working : pj.trivial;
    argv[0] = (char *)job->path;
    argv[1] = "bench";
    argv[2] = r->input ? "stdin" : "start";
    argv[3] = "begin";
    argv[4] = "-";
    argv[5] = NULL;
    job->argv = argv;
    job->input = r->input ? pj.xml : NULL;
    job->input_len = r->input ? 4096 : 0;
    job->want_err = r->input ? "hook: read 4096\n" : "";
    job->scratch = pj.scratch;
    *probe = *job;
    probe->path = pargv[0] = pj.working_path;
    probe->ctx = pj.working;
    pargv[1] = "bench";
    pargv[2] = "fds";
    pargv[3] = r->input ? "stdin" : "begin";
    pargv[4] = pj.fds_file;
    pargv[5] = NULL;
    probe->argv = pargv;
}

/* A pipe whose ends no hook inherits. */
static void pipe_cloexec(int p[2])
{
    if (pipe(p) < 0)
        die("pipe");
    fcntl(p[0], F_SETFD, FD_CLOEXEC);
    fcntl(p[1], F_SETFD, FD_CLOEXEC);
}

/* Each peer runs in a worker process of its own, forked from the host
 * once it is set up (so it holds the same heap and fds): a peer's library
 * (GLib's thread, libuv's SIGCHLD handler) then changes no other peer's
 * process.  The host sends 'p' (probe: count fds) or 't' (time a call);
 * the worker answers with the number. */
struct worker {
    pid_t pid;
    int cmd, reply;
};

static void worker_main(int i, const struct peer_job *job,
                        const struct peer_job *probe, int cmd, int reply)
{
    double t;
    char c;

    while (read(cmd, &c, 1) == 1) {
        t = c == 'p' ? (double)probe_fds(i, probe) : peer_defs[i].fn(job);
        write_all(reply, (char *)&t, sizeof(t));
    }
    _exit(0);
}

static void worker_start(struct worker *w, int i, const struct peer_job *job,
                         const struct peer_job *probe,
                         const struct worker *others, int nothers)
{
    int cmd[2], reply[2], k;

    pipe_cloexec(cmd);
    pipe_cloexec(reply);
    if ((w->pid = fork_or_die()) == 0) {
        for (k = 0; k < nothers; k++) {
            close(others[k].cmd);
            close(others[k].reply);
        }
        close(cmd[1]);
        close(reply[0]);
        worker_main(i, job, probe, cmd[0], reply[1]);
    }
    close(cmd[0]);
    close(reply[1]);
    w->cmd = cmd[1];
    w->reply = reply[0];
}

static double worker_ask(struct worker *w, char c)
{
    double t;

    write_all(w->cmd, &c, 1);
    if (read_all(w->reply, (char *)&t, sizeof(t)) != sizeof(t))
        bench_fail("bench", "a worker process died");
    return t;
}

static double worker_call(void *arg)
{
    return worker_ask(arg, 't');
}

/* The host process of row r: it sets itself up, starts a worker for each
 * peer, counts each one's fds, runs them all interleaved and sends the
 * samples to out. */
static void row_host(const struct row_def *r, int out)
{
    static struct host_out o;
    struct peer_job job, probe;
    char *argv[6], *pargv[6];
    struct worker w[NPEERS];
    struct entrant e[NPEERS];
    const char *why;
    int i, ne = 0;

    row_jobs(r, &job, argv, &probe, pargv);
    host_setup(r, &o);
    for (i = 0; !o.skip[0] && i < NPEERS; i++) {
        o.p[i].fds = -1;
        if ((why = peer_skip(i, r)) != NULL) {
            snprintf(o.p[i].skip, sizeof(o.p[i].skip), "%s", why);
            continue;
        }
        worker_start(&w[ne], i, &job, &probe, w, ne);
        o.p[i].fds = (long)worker_ask(&w[ne], 'p');
        e[ne].fn = worker_call;
        e[ne].arg = &w[ne];
        e[ne++].s = &o.p[i].s;
    }
    if (!o.skip[0]) {
        interleave(r->n, r->warm, e, ne);
        interleave(r->extra, 0, e, 2);  /* FLOOR and HOOKS: never skipped */
    }
    write_all(out, (char *)&o, sizeof(o));
    for (i = 0; i < ne; i++) {
        close(w[i].cmd);
        close(w[i].reply);
        wait_ok(w[i].pid, "worker");
    }
    _exit(0);
}

/* A peer's name in the table, with the fds its hook inherited. */
static const char *peer_name(int i, const struct peer_res *p)
{
    static char name[64];

    if (p->fds < 0)
        snprintf(name, sizeof(name), "  %s", peer_defs[i].name);
    else
        snprintf(name, sizeof(name), "  %s (%ld fds)", peer_defs[i].name,
                 p->fds);
    return name;
}

/* The best peer of a row: the smallest median but the floor's and
 * ours; -1 if none ran. */
static int best_peer(const struct host_out *o)
{
    int i, b = -1;

    for (i = HOOKS + 1; i < NPEERS; i++)
        if (!o->p[i].skip[0]
            && (b < 0 || median(&o->p[i].s) < median(&o->p[b].s)))
            b = i;
    return b;
}

/* Row r's lines: each peer against the floor, then the targets: this
 * library within 1.05 of the floor (judged_row) and within half of the
 * best peer. */
static void print_peer_row(int r, const struct host_out *o)
{
    const struct sample *floor = &o->p[FLOOR].s, *ours = &o->p[HOOKS].s;
    char name[64], label[64];
    int i, b;

    printf("%s (n=%d, %d peers interleaved", row_defs[r].title,
           row_defs[r].n, NPEERS);
    if (row_defs[r].extra)
        printf("; then %d more of the floor and hooks", row_defs[r].extra);
    printf(")\n");
    for (i = 0; i < NPEERS; i++) {
        if (o->p[i].skip[0]) {
            printf("%-50s skipped: %s\n", peer_name(i, &o->p[i]),
                   o->p[i].skip);
        } else if (i == FLOOR) {
            printf("%-50s", peer_name(i, &o->p[i]));
            print_dist(floor, 1e3, "ms");
            printf(" %-22s %7s %9s  %s\n", "-", "1", "-", "-");
        } else if (i == HOOKS) {
            snprintf(label, sizeof(label), "%s: / floor",
                     row_defs[r].label);
            judged_row(peer_name(i, &o->p[i]), label, ours, floor, 1.05);
        } else {
            contrast_row(peer_name(i, &o->p[i]), &o->p[i].s, floor);
        }
    }
    if ((b = best_peer(o)) < 0) {
        printf("%-50s skipped: no peer ran\n", "  hooks / the best peer");
        return;
    }
    snprintf(name, sizeof(name), "  hooks / the best peer (%s)",
             peer_defs[b].name);
    snprintf(label, sizeof(label), "%s: / best peer", row_defs[r].label);
    ratio_row(name, label, ours, &o->p[b].s, 0.5);
}

static void bench_peers(int r)
{
    const char *why = row_skip(&row_defs[r]);
    int p[2];
    pid_t pid;

    if (why) {
        printf("%-50s skipped: %s\n", row_defs[r].title, why);
        return;
    }
    peer_trees();
    pipe_cloexec(p);
    if ((pid = fork_or_die()) == 0) {
        close(p[0]);
        row_host(&row_defs[r], p[1]);
    }
    close(p[1]);
    if (read_all(p[0], (char *)&outs[r], sizeof(outs[r]))
        != sizeof(outs[r]))
        bench_fail(row_defs[r].title, "the host process died");
    close(p[0]);
    wait_ok(pid, "host");
    if (outs[r].skip[0]) {
        printf("%-50s skipped: %s\n", row_defs[r].title, outs[r].skip);
        return;
    }
    ran[r] = 1;
    print_peer_row(r, &outs[r]);
}

static void bench_trivial(void)
{
    bench_peers(0);
}

static void bench_stdin(void)
{
    bench_peers(1);
}

static void bench_big_host(void)
{
    bench_peers(2);
}

static void bench_many_fds(void)
{
    bench_peers(3);
}

/* The peer table of the README: each median's ratio to the floor's, and
 * the fds the hook inherited; in markdown. */
static void print_matrix(void)
{
    const struct peer_res *p;
    int r, i;

    printf("\npeers: the ratio of each median to the floor's (the fds the"
           " hook inherited)\n\n| figure |");
    for (i = 0; i < NPEERS; i++)
        printf(" %s |", i == FLOOR ? "floor (ms)" : peer_defs[i].name);
    printf("\n|---|");
    for (i = 0; i < NPEERS; i++)
        printf("---|");
    for (r = 0; r < NROWS; r++) {
        if (!ran[r])
            continue;
        printf("\n| %s |", row_defs[r].label);
        for (i = 0; i < NPEERS; i++) {
            p = &outs[r].p[i];
            if (p->skip[0])
                printf(" - (%s) |", p->skip);
            else
                printf(" %.3g (%ld) |", i == FLOOR ? median(&p->s) * 1e3
                       : median(&p->s) / median(&outs[r].p[FLOOR].s),
                       p->fds);
        }
    }
    printf("\n\n");
}

/* The chart's second block: a line of peers' names, then one per row of
 * ratios to the floor, "?" where a peer has none. */
static void write_peer_data(void)
{
    int r, i;

    fprintf(data, "\n\n\"figure\"");
    for (i = HOOKS; i < NPEERS; i++)
        fprintf(data, " \"%s\"", peer_defs[i].name);
    for (r = 0; r < NROWS; r++) {
        if (!ran[r])
            continue;
        fprintf(data, "\n\"%s\"", row_defs[r].label);
        for (i = HOOKS; i < NPEERS; i++)
            if (outs[r].p[i].skip[0])
                fprintf(data, " ?");
            else
                fprintf(data, " %.4f", median(&outs[r].p[i].s)
                                       / median(&outs[r].p[FLOOR].s));
    }
    fprintf(data, "\n");
}

/* ---- the other figures ---------------------------------------------- */

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
        t0 = bench_now();
        for (k = 0; k < 100000; k++)
            if (nosyscall_nohook(ctx) != 0)
                die("no hook");
        a.v[i] = (bench_now() - t0) / 100000;
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
    double t0 = bench_now();
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
    return bench_now() - t0;
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
    double t0 = bench_now();
    char *p = malloc(CAT_BYTES);

    (void)arg;
    if (!p)
        die("malloc");
    set(p, 1, CAT_BYTES);
    free(p);
    return bench_now() - t0;
}

/* A plain POSIX host that keeps what the script writes: posix_spawn with
 * two pipes, ours non-blocking, poll() to write stdin and read stdout
 * into a buffer that doubles.  What any host keeping the output pays. */
static double run_spawn_capture(void *arg)
{
    const struct spawn_job *j = arg;
    double t0 = bench_now();
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
    return bench_now() - t0;
}

/* The filter hook, a script that is cat, in a tree of its own; *file
 * gets a domain of CAT_BYTES. */
static void cat_tree(char *sc, char *script, char *file)
{
    char hooks[PATH_MAX];
    int fd;

    make_tree("cat", sc, hooks);
    path_in(script, hooks, "qemu");
    if ((fd = open(script, O_WRONLY | O_CREAT | O_EXCL, 0755)) < 0)
        die(script);
    write_all(fd, "#!/bin/sh\nexec cat\n", 19);
    if (close(fd) < 0)
        die(script);
    path_in(file, top, "big.xml");
    write_xml(file, CAT_BYTES);
}

/* The peak RSS of hookrun -o alone, measured while we are small. */
static void cat_rss(struct cmdline *run)
{
    static struct sample rss;
    char shown[32];
    int i;

    for (i = 0; i < 3; i++) {
        run_measured(run);
        rss.v[rss.n++] = (double)run->rss / 1024;
    }
    printf("%-50s", "  peak RSS of that hookrun -o (n=3)");
    print_dist(&rss, 1, "MiB");
    printf(" %-22s", "-");
    snprintf(shown, sizeof(shown), "%.2fx", quantile(&rss, 1) / 256);
    verdict(quantile(&rss, 1) / 256, 2.5, shown, "<= 2.50x",
            "hookrun -o RSS");
}

/* 256 MiB through a filter, the output kept, against the plain host that
 * keeps it (run_spawn_capture): what any host keeping the output pays,
 * fresh memory included.  cat FILE | cat, which keeps nothing, and
 * 256 MiB of fresh memory alone are there for contrast. */
static void bench_cat(void)
{
    char sc[PATH_MAX], file[PATH_MAX], script[PATH_MAX];
    char *run[] = { (char *)hookrun, "-c", sc, "-o", "-i", file,
                    "--max-stdout", "0", "qemu", "bench", "migrate", "begin",
                    "-", NULL };
    char *cat1[] = { "/bin/cat", file, NULL }, *cat2[] = { "/bin/cat", NULL };
    char *argv[] = { script, "bench", "migrate", "begin", "-", NULL };
    struct cmdline run_m = { { NULL, NULL }, 0 };
    struct cmdline cat_m = { { NULL, NULL }, 0 };
    struct hook_job kept = { 0 }, dropped;
    struct spawn_job s = { 0 };
    static struct sample plain, a, b, c, d, f;
    struct entrant e[6] = {
        { run_spawn_capture, NULL, &plain }, { run_hook, NULL, &a },
        { run_cmdline, NULL, &b }, { run_hook, NULL, &c },
        { run_cmdline, NULL, &d }, { run_fresh, NULL, &f }
    };

    cat_tree(sc, script, file);
    run_m.argv[0] = run;
    cat_m.argv[0] = cat1;
    cat_m.argv[1] = cat2;
    printf("256 MiB through a cat filter, stdout kept (n=7, 6 interleaved)\n");
    cat_rss(&run_m);
    if (hooks_ctx_new(sc, 0, &kept.ctx) != HOOKS_OK)
        die("hooks_ctx_new");
    kept.op = "migrate";
    kept.extra = "-";
    kept.opts.input = make_xml(CAT_BYTES);
    kept.opts.input_len = CAT_BYTES;
    kept.opts.max_stdout = HOOKS_UNLIMITED;
    kept.opts.filter = 1;       /* the output kept, as hooks_run does */
    dropped = kept;
    dropped.op = "start";       /* no filter: stdout read and dropped */
    dropped.opts.filter = 0;
    s.path = script;
    s.argv = argv;
    s.input = kept.opts.input;
    s.input_len = CAT_BYTES;
    e[0].arg = &s;
    e[1].arg = &kept;
    e[2].arg = &run_m;
    e[3].arg = &dropped;
    e[4].arg = &cat_m;
    interleave(7, 1, e, 6);
    printf("%-50s", "  a plain host keeping stdout: the baseline");
    print_dist(&plain, 1e3, "ms");
    printf(" %-22s %7s %9s  %s\n", "-", "1", "-", "-");
    ratio_row("  a hooks call, the document in memory", "256 MiB: hooks call",
              &a, &plain, 0.6);
    ratio_row("  hookrun -o -i FILE", "256 MiB: hookrun -o", &b, &plain,
              0.6);
    contrast_row("  for contrast, that call keeping no stdout", &c, &plain);
    contrast_row("  for contrast, cat FILE | cat", &d, &plain);
    contrast_row("  for contrast, 256 MiB of fresh memory", &f, &plain);
    free((void *)kept.opts.input);
    hooks_ctx_free(kept.ctx);
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
    interleave2(60, run_hook, &dir, &a, run_hook, &one, &b);
    ratio_row("qemu.d/ with 20 scripts vs 20 calls (n=60)", "20-script dir",
              &a, &b, 1.10);
    hooks_ctx_free(dir.ctx);
    hooks_ctx_free(one.ctx);
}


/* ---- system calls --------------------------------------------------- */

/* bench --count N BINDIR: N calls of 4 KiB, and nothing else that N
 * changes; strace counts them. */
static int count_main(const char *n)
{
    char hook[PATH_MAX];
    struct hook_job h = { 0 };
    long i, calls = strtol(n, NULL, 10);

    h.ctx = tree_with("count", hook_bin, hook);
    h.op = "stdin";
    h.extra = "-";
    h.opts.input = make_xml(4096);
    h.opts.input_len = 4096;
    for (i = 0; i < calls; i++)
        run_hook(&h);
    free((void *)h.opts.input);
    hooks_ctx_free(h.ctx);
    return 0;
}

/* The system calls strace -c counts (the host's only: no -f) in bench
 * --count n; -1 if there is no strace, -2 if it failed. */
static long strace_calls(int n)
{
    char num[16], file[PATH_MAX], line[256], *t[8], *w;
    char *argv[] = { "strace", "-c", "-o", file, "--", (char *)self,
                     "--count", num, bindir, NULL };
    posix_spawn_file_actions_t fa;
    long calls = -2;
    pid_t pid;
    FILE *f;
    int e, st = -1, k;

    snprintf(num, sizeof(num), "%d", n);
    path_in(file, top, "strace.out");
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    e = posix_spawnp(&pid, "strace", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (e == ENOENT)
        return -1;
    if (e != 0 || reap(pid, &st) < 0)
        die("strace");
    if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
        return -1;              /* where the exec fails in the child */
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0 || !(f = fopen(file, "r")))
        return -2;
    /* the summary's last line: "100.00 SECONDS USECS CALLS [ERRORS] total" */
    while (fgets(line, sizeof(line), f)) {
        for (k = 0, w = strtok(line, " \t\n"); w && k < 8;
             w = strtok(NULL, " \t\n"))
            t[k++] = w;
        if (k >= 5 && strcmp(t[k - 1], "total") == 0)
            calls = strtol(t[3], NULL, 10);
    }
    fclose(f);
    unlink(file);
    return calls;
}

/* Host-side system calls per 4 KiB call: (a loop of 100 calls - a loop
 * of 0) / 100, three times; the median. */
static void bench_syscalls(void)
{
    static struct sample s;
    const char *name = "host system calls per 4 KiB call (strace -c)";
    char shown[32];
    long with, without;
    int i;

    if (!strchr(self, '/')) {
        printf("%-50s skipped: bench was not run by its path\n", name);
        return;
    }
    for (s.n = 0, i = 0; i < 3; i++) {
        if ((without = strace_calls(0)) == -1) {
            printf("%-50s skipped: no strace\n", name);
            return;
        }
        with = without < 0 ? without : strace_calls(COUNT_CALLS);
        if (with < 0) {
            printf("%-50s %-45s", name, " strace failed");
            verdict(1e9, 36, "-", "<= 36", "system calls");
            return;
        }
        s.v[s.n++] = (double)(with - without) / COUNT_CALLS;
    }
    printf("%-50s", name);
    print_dist(&s, 1, "calls");
    printf(" %-22s", "-");
    snprintf(shown, sizeof(shown), "%.1f", median(&s));
    verdict(median(&s), 36, shown, "<= 36", "system calls");
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
    { "big-host", bench_big_host }, { "many-fds", bench_many_fds },
    { "syscalls", bench_syscalls }, { "no-hook", bench_no_hook },
    { "cat", bench_cat }, { "flood", bench_flood }, { "dir", bench_dir }
};
#define NFIGURES (sizeof(figures) / sizeof(figures[0]))

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
    for (i = 0; i < NFIGURES; i++)
        known += (size_t)wanted(figures[i].name);
    if (known != words) {
        fprintf(stderr, "bench: HOOKS_BENCH_ONLY='%s': name each figure once,"
                " of:", only);
        for (i = 0; i < NFIGURES; i++)
            fprintf(stderr, " %s", figures[i].name);
        fputc('\n', stderr);
        quit(2);
    }
}

/* TOP: a new temporary directory; BINDIR and the helpers, absolute.
 * And only 0, 1 and 2 open: what the caller left open (make's jobserver,
 * a terminal's) is no part of the host whose hooks count their fds. */
static void setup(const char *dir)
{
    const char *tmp = getenv("TMPDIR");
    long fd, max = sysconf(_SC_OPEN_MAX);

    for (fd = 3; fd < (max > 0 && max < 65536 ? max : 65536); fd++)
        close((int)fd);

    /* the hooks are symlinks to the helpers: make their path absolute */
    if (dir[0] == '/')
        snprintf(bindir, sizeof(bindir), "%s", dir);
    else if (!getcwd(top, sizeof(top)))
        die("getcwd");
    else
        path_in(bindir, top, dir);
    path_in(true_bin, bindir, "true");
    path_in(hook_bin, bindir, "hook");
    snprintf(top, sizeof(top), "%s/hooks-bench.XXXXXX",
             tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(top))
        die("mkdtemp");
    atexit(remove_tree);
}

static void finish(void)
{
    int r, any = 0;

    for (r = 0; r < NROWS; r++)
        any |= ran[r];
    if (any)
        print_matrix();
    if (data && any)
        write_peer_data();
    if (pj.xml) {
        hooks_ctx_free(pj.trivial);
        hooks_ctx_free(pj.working);
        free(pj.xml);
    }
}

int main(int argc, char **argv)
{
    double t0 = bench_now();
    struct utsname u;
    size_t i;

    bench_pid = getpid();
    self = argv[0];
    if (argc == 4 && strcmp(argv[1], "--count") == 0) {
        setup(argv[3]);
        return count_main(argv[2]);
    }
    if (argc < 3 || argc > 4) {
        fputs("usage: bench BINDIR HOOKRUN [DATAFILE]\n", stderr);
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    check_only();
    setup(argv[1]);
    hookrun = argv[2];
    if (argc == 4 && !(data = fopen(argv[3], "w")))
        die(argv[3]);
    if (data)                   /* no hook should inherit it */
        fcntl(fileno(data), F_SETFD, FD_CLOEXEC);
    if (uname(&u) < 0)
        die("uname");
    printf("hooks %s (%s) on %s %s %s; peers: %s, %s\n", HOOKS_VERSION,
           hooks_features(), u.sysname, u.release, u.machine,
           peer_glib_version(), peer_uv_version());
    printf("each figure: median [25th, 75th percentile]\n");
    header();
    for (i = 0; i < NFIGURES; i++)
        if (wanted(figures[i].name))
            figures[i].run();
    finish();
    printf("%d of %d targets met, %d too noisy to judge, %d missed, in"
           " %.0f s\n", rows - missed - noisy, rows, noisy, missed,
           bench_now() - t0);
    if (data && fclose(data) != 0)
        die(argv[3]);
    return missed ? 1 : 0;
}
