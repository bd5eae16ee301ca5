/* apitest -- drive the hooks API directly, as a host program would.
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the hooks authors
 *
 *   apitest invoke SC NAME [INPUT]   a seed invocation with typed enums
 *                                    (NAME: daemon-start, qemu-stopped, ...)
 *   apitest call SC DRV OBJ OP SUB EXTRA [INPUT]
 *                                    hooks_run_args; prints the result
 *   apitest typed SC DRV OBJ OP SUB EXTRA [INPUT]
 *                                    hooks_run with enums parsed from the
 *                                    names ("-" object/extra: NULL)
 *   apitest loop SC N [filter]       N calls: no fd, child or byte growth
 *   apitest threads SC T N           T threads x N concurrent filter calls
 *   apitest eintr SC N [USEC]        N calls under a SIGALRM every USEC
 *                                    microseconds (default 1000: 1 kHz)
 *   apitest ownchild SC              the host's own child is not reaped
 *   apitest emfile SC                pipe() failing gives HOOKS_INTERNAL
 *   apitest rescan SC                a new script counts only after rescan
 *   apitest twodirs SC1 SC2          two contexts side by side
 *   apitest invalid SC               bad arguments run nothing
 *   apitest toolong                  over-long SYSCONFDIR
 *   apitest cancel SC                a thread cancelled during a call
 *   apitest bounds SC TIMEOUT LIMIT  one call with a timeout (0: none);
 *                                    took <= LIMIT s, peak RSS growth
 *   apitest nosyscall SC N           N calls of an absent hook make no
 *                                    system call (Linux: strict seccomp)
 *   apitest version                  the header's version macros and
 *                                    hooks_version(), one a line
 *   apitest badinput SC              NULL, NaN, huge: error values, no crash
 *   apitest own SC1 SC2              the caller keeps res.out and res.err
 *   apitest cancelflag SC HOW        *opts.cancel set (thread, signal,
 *                                    before)
 *   apitest rescanning SC N          calls in 4 threads while one rescans
 *   apitest forker SC N              calls while a thread forks holders
 *   apitest nocldwait SC             SIGCHLD with SA_NOCLDWAIT: refused
 *   apitest smallstack SC BYTES      one filter call from a thread whose
 *                                    stack is BYTES (or the least above
 *                                    that the system allows)
 *   apitest groupsig SC N            N calls with a deadline (their own
 *                                    group) while a thread sends SIGUSR2
 *                                    to the host's group: none reaches a
 *                                    script
 *   apitest nodump SC                a call from a host made non-dumpable,
 *                                    with fds 3 to 99 open
 *   apitest ownfds SC                a call from a thread with an fd table
 *                                    of its own (Linux: unshare), whose
 *                                    fds 100 and up are other files in
 *                                    the process's main table
 *
 * hooks.c is linked with its malloc family renamed to the count_ wrappers
 * below, so "no byte leaked" is an exact count, not an estimate.  Each
 * command prints what it found and exits 0 when all held.
 */
/* macOS declares ru_maxrss (not POSIX) only outside _POSIX_C_SOURCE. */
#if defined(__APPLE__) && !defined(_DARWIN_C_SOURCE)
#define _DARWIN_C_SOURCE 1
#endif
/* 64-bit off_t and ino_t on 32-bit glibc, as in hooks.c: its stat() fails
 * with EOVERFLOW on a 64-bit inode number without them. */
#ifndef _FILE_OFFSET_BITS
#define _FILE_OFFSET_BITS 64
#endif
#include "hooks.h"
#include "nosyscall.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#ifdef __linux__
#include <sys/syscall.h>
/* as in hooks.c: syscall() is declared under _DEFAULT_SOURCE (glibc) or
 * _GNU_SOURCE and _BSD_SOURCE (musl) */
#if defined(__GLIBC__) ? !defined(__USE_MISC) \
    : !defined(_GNU_SOURCE) && !defined(_BSD_SOURCE)
long syscall(long number, ...);
#endif
#endif
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* ---- allocation counting ------------------------------------------- */

static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;
static long live_blocks;
static long alloc_no, fail_at;      /* fail_at > 0: that allocation fails */

static void count(long d)
{
    pthread_mutex_lock(&count_lock);
    live_blocks += d;
    pthread_mutex_unlock(&count_lock);
}

/* Whether this allocation is the one to fail (see cmd_oom). */
static int injected(void)
{
    int fail;

    pthread_mutex_lock(&count_lock);
    fail = ++alloc_no == fail_at;
    pthread_mutex_unlock(&count_lock);
    return fail;
}

static long live(void)
{
    long n;

    pthread_mutex_lock(&count_lock);
    n = live_blocks;
    pthread_mutex_unlock(&count_lock);
    return n;
}

void *count_malloc(size_t n);
void *count_calloc(size_t a, size_t b);
void *count_realloc(void *p, size_t n);
void count_free(void *p);

void *count_malloc(size_t n)
{
    void *p = injected() ? NULL : malloc(n);
    if (p)
        count(1);
    return p;
}

void *count_calloc(size_t a, size_t b)
{
    void *p = injected() ? NULL : calloc(a, b);
    if (p)
        count(1);
    return p;
}

void *count_realloc(void *p, size_t n)
{
    void *q = injected() ? NULL : realloc(p, n);
    if (q && !p)
        count(1);
    return q;
}

void count_free(void *p)
{
    if (p)
        count(-1);
    free(p);
}

/* ---- helpers ------------------------------------------------------- */

static int failures;

static void expect(int cond, const char *what)
{
    if (!cond) {
        printf("FAIL: %s\n", what);
        failures++;
    }
}

static int open_fds(void)
{
    long max = sysconf(_SC_OPEN_MAX), fd;
    int n = 0;

    for (fd = 0; fd < max; fd++)
        if (fcntl((int)fd, F_GETFD) >= 0)
            n++;
    return n;
}

static int no_children(void)
{
    int st;
    return waitpid(-1, &st, WNOHANG) < 0 && errno == ECHILD;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;

    *len = 0;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0
        && fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1))) {
        *len = fread(buf, 1, (size_t)n, f);
    }
    fclose(f);
    return buf;
}

/* HOOKS_TEST_FORK=1 (test/run.sh's second pass): the fork path. */
static unsigned test_flags(void)
{
    const char *f = getenv("HOOKS_TEST_FORK");
    const char *strict = getenv("HOOKS_TEST_STRICT");

    return (f && *f && strcmp(f, "0") != 0 ? HOOKS_FORK : 0)
           | (strict && strcmp(strict, "1") == 0 ? HOOKS_STRICT : 0);
}

static hooks_ctx *open_ctx_shared;     /* smallstack, ownfds: the thread's */

static hooks_ctx *open_ctx(const char *sc)
{
    hooks_ctx *ctx = NULL;
    hooks_status st = hooks_ctx_new(sc, test_flags(), &ctx);

    if (st != HOOKS_OK) {
        printf("FAIL: hooks_ctx_new(%s): %s\n", sc, hooks_status_name(st));
        exit(1);
    }
    return ctx;
}

static void print_result(const hooks_result *r)
{
    printf("status=%s code=%d\n", hooks_status_name(r->status), r->code);
    printf("message=%s\n", r->message ? r->message : "(null)");
}

static int finish(void)
{
    printf("%s\n", failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}

/* ---- commands ------------------------------------------------------ */

static int cmd_invoke(char **av, int ac)
{
    static const struct {
        const char *name;
        hooks_driver d;
        const char *obj;
        hooks_op op;
        hooks_subop sub;
        const char *extra;
    } seed[] = {
        { "daemon-start", HOOKS_DRIVER_DAEMON, NULL, HOOKS_OP_START,
          HOOKS_SUBOP_NONE, "start" },
        { "daemon-shutdown", HOOKS_DRIVER_DAEMON, NULL, HOOKS_OP_SHUTDOWN,
          HOOKS_SUBOP_NONE, "shutdown" },
        { "daemon-reload", HOOKS_DRIVER_DAEMON, NULL, HOOKS_OP_RELOAD,
          HOOKS_SUBOP_BEGIN, "SIGHUP" },
        { "qemu-start", HOOKS_DRIVER_QEMU, "test", HOOKS_OP_START,
          HOOKS_SUBOP_BEGIN, NULL },
        { "qemu-stopped", HOOKS_DRIVER_QEMU, "test", HOOKS_OP_STOPPED,
          HOOKS_SUBOP_END, NULL },
        { "lxc-start", HOOKS_DRIVER_LXC, "test", HOOKS_OP_START,
          HOOKS_SUBOP_BEGIN, NULL },
        { "lxc-stopped", HOOKS_DRIVER_LXC, "test", HOOKS_OP_STOPPED,
          HOOKS_SUBOP_END, NULL },
    };
    hooks_opts opts = { 0 };
    hooks_result res;
    hooks_ctx *ctx;
    char *input = NULL;
    size_t i;

    if (ac < 2)
        return 2;
    for (i = 0; i < sizeof(seed) / sizeof(seed[0]); i++)
        if (strcmp(seed[i].name, av[1]) == 0)
            break;
    if (i == sizeof(seed) / sizeof(seed[0]))
        return 2;
    if (ac > 2) {
        input = slurp(av[2], &opts.input_len);
        opts.input = input;
    }
    ctx = open_ctx(av[0]);
    hooks_run(ctx, seed[i].d, seed[i].obj, seed[i].op, seed[i].sub,
              seed[i].extra, &opts, &res);
    print_result(&res);
    expect(res.status == HOOKS_OK, "status ok");
    hooks_result_free(&res);
    hooks_ctx_free(ctx);
    free(input);
    return finish();
}

static void print_scripts(const hooks_result *r)
{
    size_t i;

    for (i = 0; i < r->nscripts; i++)
        printf("script %lu %s %s code=%d out_len=%lu err_len=%lu\n",
               (unsigned long)i + 1, r->scripts[i].path,
               hooks_status_name(r->scripts[i].status), r->scripts[i].code,
               (unsigned long)r->scripts[i].out_len,
               (unsigned long)r->scripts[i].err_len);
}

/* hooks_run() with the enums parsed from names. */
static int cmd_typed(char **av, int ac)
{
    hooks_opts opts = { 0 };
    hooks_result res;
    hooks_driver d;
    hooks_op op;
    hooks_subop sub;
    hooks_ctx *ctx;
    char *input = NULL;

    if (ac < 6 || hooks_driver_from_name(av[1], &d) < 0
        || hooks_op_from_name(av[3], &op) < 0
        || hooks_subop_from_name(av[4], &sub) < 0)
        return 2;
    if (ac > 6) {
        input = slurp(av[6], &opts.input_len);
        opts.input = input;
    }
    ctx = open_ctx(av[0]);
    hooks_run(ctx, d, strcmp(av[2], "-") ? av[2] : NULL, op, sub,
              strcmp(av[5], "-") ? av[5] : NULL, &opts, &res);
    print_result(&res);
    print_scripts(&res);
    hooks_result_free(&res);
    hooks_ctx_free(ctx);
    free(input);
    return 0;
}

static int cmd_call(char **av, int ac)
{
    hooks_opts opts = { 0 };

    opts.capture_stdout = 1;
    hooks_result res;
    hooks_driver d;
    hooks_ctx *ctx;
    char *input = NULL;

    if (ac < 6 || hooks_driver_from_name(av[1], &d) < 0)
        return 2;
    if (ac > 6) {
        input = slurp(av[6], &opts.input_len);
        opts.input = input;
    }
    ctx = open_ctx(av[0]);
    hooks_run_args(ctx, d, av[2], av[3], av[4], av[5], &opts, &res);
    print_result(&res);
    printf("out_len=%lu err_len=%lu\n", (unsigned long)res.out_len,
           (unsigned long)res.err_len);
    print_scripts(&res);
    hooks_result_free(&res);
    hooks_ctx_free(ctx);
    free(input);
    return 0;
}

/* One call of the "qemu" script (a cat filter that also writes to stderr),
 * one of the absent "lxc", and a context made and freed; after each round
 * nothing of ours may remain. */
static int cmd_loop(char **av, int ac)
{
    static const char doc[] = "<domain type='kvm'><name>t</name></domain>\n";
    hooks_opts opts = { 0 };
    hooks_result res;
    hooks_ctx *ctx, *tmp;
    int fds0, i, n = ac > 1 ? atoi(av[1]) : 1000, bad = 0;
    long mem0;

    opts.input = doc;
    opts.input_len = sizeof(doc) - 1;
    opts.capture_stdout = 1;
    opts.filter = ac > 2 && strcmp(av[2], "filter") == 0;
    ctx = open_ctx(av[0]);
    fds0 = open_fds();
    mem0 = live();
    for (i = 0; i < n; i++) {
        if (hooks_run_args(ctx, HOOKS_DRIVER_QEMU, "t", "start", "begin",
                           NULL, &opts, &res) != HOOKS_OK
            || res.out_len != opts.input_len
            || memcmp(res.out, doc, res.out_len) != 0)
            bad++;
        hooks_result_free(&res);
        if (hooks_run(ctx, HOOKS_DRIVER_LXC, "t", HOOKS_OP_START,
                      HOOKS_SUBOP_BEGIN, NULL, &opts, NULL) != HOOKS_NO_HOOK)
            bad++;
        if (hooks_ctx_new(av[0], test_flags(), &tmp) != HOOKS_OK)
            bad++;
        hooks_ctx_free(tmp);
        if (live() != mem0)
            break;
    }
    printf("calls=%d bad=%d fds=%d->%d blocks=%ld->%ld\n", i, bad, fds0,
           open_fds(), mem0, live());
    expect(i == n, "every round returned all memory");
    expect(bad == 0, "every call gave the right result");
    expect(open_fds() == fds0, "no fd left open");
    expect(no_children(), "no child left");
    hooks_ctx_free(ctx);
    expect(live() == 0, "context freed everything");
    return finish();
}

/* oom SC: make the Nth allocation of hooks.c fail, for N = 1, 2, ... until
 * a round needs fewer: a context made and rescanned, then a filter call
 * through every script of qemu (caller's environment added, stdout
 * captured), then a call whose script cannot run.  Each step must succeed
 * or fail with HOOKS_INTERNAL / ENOMEM, leaving no memory, fd or child. */
static int oom_round(const char *sc, long n, int *bad)
{
    static const char doc[] = "<domain><name>t</name></domain>\n";
    static const char *env[] = { "EXTRA=1", NULL };
    hooks_opts opts = { 0 };
    hooks_result res;
    hooks_ctx *ctx = NULL;
    hooks_status st;
    long used;

    opts.input = doc;
    opts.input_len = sizeof(doc) - 1;
    opts.filter = 1;
    opts.env = env;
    opts.kill_group = 1;        /* a failure of ours then kills the group */
    pthread_mutex_lock(&count_lock);
    alloc_no = 0;
    fail_at = n;
    pthread_mutex_unlock(&count_lock);

    st = hooks_ctx_new(sc, test_flags(), &ctx);
    if (st != HOOKS_OK && (st != HOOKS_INTERNAL || ctx)) {
        (*bad)++;
        printf("round %ld: hooks_ctx_new: %s\n", n, hooks_status_name(st));
    }
    if (ctx) {
        st = hooks_rescan(ctx);
        if (st != HOOKS_OK && st != HOOKS_INTERNAL) {
            (*bad)++;
            printf("round %ld: hooks_rescan: %s\n", n, hooks_status_name(st));
        }
        st = hooks_run_args(ctx, HOOKS_DRIVER_QEMU, "t", "start", "begin",
                            NULL, &opts, &res);
        if (st != HOOKS_OK
            && (st != HOOKS_INTERNAL || res.code != ENOMEM)) {
            (*bad)++;
            print_result(&res);
        }
        if (st == HOOKS_OK && (res.out_len != opts.input_len
                               || memcmp(res.out, doc, res.out_len) != 0)) {
            (*bad)++;
            printf("round %ld: the filter's document differs: ", n);
            print_result(&res);
        }
        hooks_result_free(&res);
        st = hooks_run_args(ctx, HOOKS_DRIVER_LXC, "t", "start", "begin",
                            NULL, NULL, &res);
        if (st != HOOKS_EXEC_FAILED && st != HOOKS_INTERNAL) {
            (*bad)++;
            printf("round %ld: lxc: ", n);
            print_result(&res);
        }
        hooks_result_free(&res);
        hooks_ctx_free(ctx);
    }
    pthread_mutex_lock(&count_lock);
    used = alloc_no;
    fail_at = 0;
    pthread_mutex_unlock(&count_lock);
    if (live() != 0) {
        printf("round %ld: %ld blocks left\n", n, live());
        (*bad)++;
    }
    return used >= n;
}

static int cmd_oom(char **av, int ac)
{
    int fds0 = open_fds(), bad = 0;
    long n;

    (void)ac;
    for (n = 1; n < 100000 && oom_round(av[0], n, &bad); n++)
        ;
    printf("rounds=%ld bad=%d\n", n, bad);
    expect(n > 20, "the rounds went through many allocations");
    expect(bad == 0, "each failure was HOOKS_INTERNAL / ENOMEM, nothing left");
    expect(open_fds() == fds0, "no fd left open");
    expect(no_children(), "no child left");
    return finish();
}

struct worker {
    const hooks_ctx *ctx;
    int id, calls, bad;
};

static void *work(void *arg)
{
    struct worker *w = arg;
    char doc[8192];
    hooks_opts opts = { 0 };
    hooks_result res;
    int i;

    opts.input = doc;
    opts.capture_stdout = 1;
    for (i = 0; i < w->calls; i++) {
        /* A document no other call sends, so a crossed pipe shows. */
        opts.input_len = (size_t)snprintf(doc, sizeof(doc),
            "<domain><name>w%d-c%d</name></domain>\n", w->id, i);
        if (hooks_run_args(w->ctx, HOOKS_DRIVER_QEMU, "t", "start", "begin",
                           NULL, &opts, &res) != HOOKS_OK
            || res.out_len != opts.input_len
            || memcmp(res.out, doc, res.out_len) != 0) {
            if (w->bad++ == 0) {
                flockfile(stdout);
                printf("thread %d, call %d: ", w->id, i);
                print_result(&res);
                funlockfile(stdout);
            }
        }
        hooks_result_free(&res);
    }
    return NULL;
}

static int cmd_threads(char **av, int ac)
{
    struct worker w[64];
    pthread_t t[64];
    hooks_ctx *ctx;
    int nt = ac > 1 ? atoi(av[1]) : 4, n = ac > 2 ? atoi(av[2]) : 50;
    int i, fds0, bad = 0;

    if (nt < 1 || nt > 64)
        return 2;
    ctx = open_ctx(av[0]);
    fds0 = open_fds();
    for (i = 0; i < nt; i++) {
        w[i].ctx = ctx;
        w[i].id = i;
        w[i].calls = n;
        w[i].bad = 0;
        if (pthread_create(&t[i], NULL, work, &w[i]) != 0)
            return 3;
    }
    for (i = 0; i < nt; i++) {
        pthread_join(t[i], NULL);
        bad += w[i].bad;
    }
    printf("threads=%d calls=%d bad=%d\n", nt, n, bad);
    expect(bad == 0, "every output was the call's own input");
    expect(open_fds() == fds0, "no fd left open");
    expect(no_children(), "no child left");
    hooks_ctx_free(ctx);
    expect(live() == 0, "no memory left");
    return finish();
}

/* The hook sleeps; the thread is cancelled during the call.  The call must
 * run to its end (cancellation is deferred past it), and nothing of it may
 * be left: fds, child, memory. */
static void cancel_call(void *ctx)
{
    hooks_result res;

    hooks_run_args(ctx, HOOKS_DRIVER_QEMU, "t", "start", "begin", NULL,
                   NULL, &res);
    hooks_result_free(&res);
}

/* Called through a volatile pointer so that it is not inlined: the frame
 * that cancellation unwinds then holds no local whose address was taken,
 * which AddressSanitizer would otherwise misreport after the unwind. */
static void (*volatile cancel_call_ptr)(void *) = cancel_call;

static void *cancel_victim(void *arg)
{
    cancel_call_ptr(arg);
    for (;;)
        pthread_testcancel();
    return NULL;
}

static int cmd_cancel(char **av, int ac)
{
    hooks_ctx *ctx = open_ctx(av[0]);
    struct timespec pause = { 0, 200000000 };
    int fds0 = open_fds();
    void *ret = NULL;
    pthread_t t;

    (void)ac;
    if (pthread_create(&t, NULL, cancel_victim, ctx) != 0)
        return 3;
    nanosleep(&pause, NULL);          /* the hook is running now */
    pthread_cancel(t);
    pthread_join(t, &ret);
    expect(ret == PTHREAD_CANCELED, "the thread was cancelled");
    expect(open_fds() == fds0, "no fd left open");
    expect(no_children(), "the child was reaped");
    hooks_ctx_free(ctx);
    expect(live() == 0, "no memory left");
    return finish();
}

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
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

/* One call of the qemu hook with a timeout (TIMEOUT > 0) and limits;
 * prints the status, code and elapsed seconds, and the growth of peak RSS
 * in KiB (getrusage), and fails if the call took longer than LIMIT s. */
static int cmd_bounds(char **av, int ac)
{
    hooks_opts opts = { 0 };
    hooks_result res;
    struct rusage ru0, ru1;
    hooks_ctx *ctx;
    double t0, took, limit;

    if (ac < 3)
        return 2;
    opts.timeout = atof(av[1]);
    limit = atof(av[2]);
    ctx = open_ctx(av[0]);
    getrusage(RUSAGE_SELF, &ru0);
    t0 = now();
    hooks_run_args(ctx, HOOKS_DRIVER_QEMU, "t", "start", "begin", NULL,
                   &opts, &res);
    took = now() - t0;
    getrusage(RUSAGE_SELF, &ru1);
    print_result(&res);
    printf("took=%.3f rss_growth_kib=%ld err_len=%lu truncated=%d\n", took,
           peak_rss_kib(&ru1) - peak_rss_kib(&ru0),
           (unsigned long)res.err_len,
           res.nscripts ? res.scripts[0].err_truncated : -1);
    expect(took <= limit, "within the time bound");
    hooks_result_free(&res);
    hooks_ctx_free(ctx);
    return finish();
}

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
    (void)sig;
    alarms++;
}

static int cmd_eintr(char **av, int ac)
{
    struct sigaction sa;
    struct itimerval it;
    hooks_opts opts = { 0 };
    hooks_result res;
    hooks_ctx *ctx;
    char *doc;
    int i, n = ac > 1 ? atoi(av[1]) : 20, bad = 0;
    long usec = ac > 2 ? atol(av[2]) : 1000;
    size_t k;

    opts.input_len = 1 << 20;
    opts.capture_stdout = 1;
    doc = malloc(opts.input_len);
    if (!doc)
        return 3;
    for (k = 0; k < opts.input_len; k++)
        doc[k] = (char)(k * 7 + k / 251);
    opts.input = doc;
    ctx = open_ctx(av[0]);

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;       /* no SA_RESTART: every call sees EINTR */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
    it.it_interval.tv_sec = 0;
    it.it_interval.tv_usec = (suseconds_t)usec;
    it.it_value = it.it_interval;
    setitimer(ITIMER_REAL, &it, NULL);

    for (i = 0; i < n; i++) {
        if (hooks_run_args(ctx, HOOKS_DRIVER_QEMU, "t", "start", "begin",
                           NULL, &opts, &res) != HOOKS_OK
            || res.out_len != opts.input_len
            || memcmp(res.out, doc, res.out_len) != 0) {
            bad++;
            print_result(&res);
        }
        hooks_result_free(&res);
    }
    memset(&it, 0, sizeof(it));
    setitimer(ITIMER_REAL, &it, NULL);
    printf("calls=%d bad=%d alarms=%d\n", n, bad, (int)alarms);
    expect(bad == 0, "every call byte-exact despite signals");
    expect(alarms > n, "signals really arrived during the calls");
    hooks_ctx_free(ctx);
    free(doc);
    return finish();
}

static int cmd_ownchild(char **av, int ac)
{
    hooks_ctx *ctx = open_ctx(av[0]);
    int st = 0;
    pid_t own;

    (void)ac;
    own = fork();
    if (own == 0)
        _exit(42);
    /* The host's child is a zombie before and during the hook call. */
    expect(hooks_run_args(ctx, HOOKS_DRIVER_QEMU, "t", "start", "begin", NULL,
                          NULL, NULL) == HOOKS_OK, "hook call ok");
    expect(waitpid(own, &st, 0) == own, "host reaps its own child");
    expect(WIFEXITED(st) && WEXITSTATUS(st) == 42, "with its own status");
    hooks_ctx_free(ctx);
    return finish();
}

/* One path's calls under a fd limit raised one fd at a time from the
 * lowest possible: each fails at another step of its set-up (stdin's pipe
 * or /dev/null first, then the pipes, the exec-errno pipe of the fork
 * path), which must be undone and named, until the pipes fit. */
static void emfile_path(const char *sc, unsigned flags, int top, int fds0)
{
    hooks_ctx *ctx = NULL;
    struct rlimit old, low;
    hooks_opts opts = { 0 };
    hooks_result res;
    int limit, internal, with_input;

    if (hooks_ctx_new(sc, flags, &ctx) != HOOKS_OK)
        exit(3);
    getrlimit(RLIMIT_NOFILE, &old);
    opts.input = "x";
    opts.input_len = 1;
    for (with_input = 0; with_input < 2; with_input++) {
        internal = 0;
        for (limit = top + 1; limit <= top + 12; limit++) {
            low = old;
            low.rlim_cur = (rlim_t)limit;
            setrlimit(RLIMIT_NOFILE, &low);
            hooks_run_args(ctx, HOOKS_DRIVER_QEMU, "t", "start", "begin",
                           NULL, with_input ? &opts : NULL, &res);
            setrlimit(RLIMIT_NOFILE, &old);
            printf("fork=%d input=%d limit=%d ", flags != 0, with_input,
                   limit);
            print_result(&res);
            if (res.status != HOOKS_INTERNAL) {
                hooks_result_free(&res);
                break;
            }
            internal++;
            expect(res.code == EMFILE, "errno is EMFILE");
            expect(res.message
                   && (strstr(res.message, "internal error: pipe: ")
                       || strstr(res.message,
                                 "internal error: open /dev/null: ")),
                   "the message names the call that failed");
            hooks_result_free(&res);
            expect(open_fds() == fds0, "no fd left behind");
        }
        expect(internal > 0, "the lowest limit failed");
        expect(limit <= top + 12, "the failures stopped once fds sufficed");
    }
    expect(hooks_run_args(ctx, HOOKS_DRIVER_QEMU, "t", "start", "begin", NULL,
                          NULL, NULL) == HOOKS_OK, "a call succeeds after");
    hooks_ctx_free(ctx);
}

/* emfile SC: out of fds at each step of a call, on both paths, and in a
 * scan (SC has a qemu.d/ to list): HOOKS_INTERNAL, errno EMFILE. */
static int cmd_emfile(char **av, int ac)
{
    struct rlimit old, low;
    hooks_ctx *ctx = NULL;
    hooks_status st;
    int fds0 = open_fds(), top, e;

    (void)ac;
    for (top = 0; fcntl(top, F_GETFD) >= 0; top++)   /* lowest free fd */
        ;
    top--;
    emfile_path(av[0], 0, top, fds0);
    emfile_path(av[0], HOOKS_FORK, top, fds0);
    getrlimit(RLIMIT_NOFILE, &old);
    low = old;
    low.rlim_cur = (rlim_t)top + 1;
    setrlimit(RLIMIT_NOFILE, &low);
    st = hooks_ctx_new(av[0], 0, &ctx);
    e = errno;
    setrlimit(RLIMIT_NOFILE, &old);
    printf("scan out of fds: %s, %s\n", hooks_status_name(st), strerror(e));
    expect(st == HOOKS_INTERNAL && e == EMFILE && !ctx,
           "a scan out of fds: HOOKS_INTERNAL, errno EMFILE");
    expect(open_fds() == fds0, "no fd left behind");
    expect(no_children(), "no child left");
    expect(live() == 0, "no memory left");
    return finish();
}

/* stealer SC [kill_group]: the host breaks the rule of hooks.h and reaps
 * any child in its SIGCHLD handler.  The call must say so: HOOKS_INTERNAL
 * / ECHILD, never success.  With kill_group (and a pipe grace of -1), the
 * script's group is still killed at its exit: the call returns at once,
 * not when what the script left closes the pipes. */
static void on_chld_any(int sig)
{
    int e = errno, st;

    (void)sig;
    while (waitpid(-1, &st, WNOHANG) > 0)
        ;
    errno = e;
}

static int cmd_stealer(char **av, int ac)
{
    hooks_ctx *ctx = open_ctx(av[0]);
    struct sigaction sa, old;
    hooks_result res;
    hooks_opts o = { 0 };
    int fds0 = open_fds(), kg = ac > 1 && strcmp(av[1], "kill_group") == 0;
    double t0;

    o.kill_group = kg;
    o.pipe_grace = kg ? -1 : 0;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_chld_any;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGCHLD, &sa, &old);
    t0 = now();
    hooks_run_args(ctx, HOOKS_DRIVER_QEMU, "t", "start", "begin", NULL, &o,
                   &res);
    sigaction(SIGCHLD, &old, NULL);
    print_result(&res);
    printf("took=%.3f\n", now() - t0);
    if (kg)
        expect(now() - t0 < 5, "kill_group: the group killed at the exit");
    expect(res.status == HOOKS_INTERNAL && res.code == ECHILD,
           "a stolen exit status is HOOKS_INTERNAL / ECHILD");
    expect(res.message && strstr(res.message, "internal error: waitpid: "),
           "the message names waitpid");
    hooks_result_free(&res);
    expect(open_fds() == fds0, "no fd left open");
    expect(no_children(), "no child left");
    hooks_ctx_free(ctx);
    expect(live() == 0, "no memory left");
    return finish();
}

/* nocldwait SC: the host's SIGCHLD has SA_NOCLDWAIT (not SIG_IGN): the
 * kernel would reap the script and lose its status, so the call must be
 * refused before the qemu hook (which makes ./ran) runs.  A system whose
 * headers hide the flag from this build cannot tell: that fails. */
static int cmd_nocldwait(char **av, int ac)
{
    hooks_ctx *ctx = open_ctx(av[0]);
#ifdef SA_NOCLDWAIT
    struct sigaction sa, old;
    hooks_result res;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_DFL;
    sa.sa_flags = SA_NOCLDWAIT;
    sigemptyset(&sa.sa_mask);
    unlink("ran");
    sigaction(SIGCHLD, &sa, &old);
    hooks_run_args(ctx, HOOKS_DRIVER_QEMU, "t", "start", "begin", NULL, NULL,
                   &res);
    sigaction(SIGCHLD, &old, NULL);
    print_result(&res);
    expect(res.status == HOOKS_INTERNAL && res.code == ECHILD,
           "SA_NOCLDWAIT: HOOKS_INTERNAL / ECHILD");
    expect(res.message
           && strstr(res.message, "SIGCHLD is ignored by the host"),
           "the message says why");
    expect(access("ran", F_OK) != 0, "the script never ran");
    hooks_result_free(&res);
#else
    expect(0, "SA_NOCLDWAIT visible to this build");
#endif
    (void)ac;
    hooks_ctx_free(ctx);
    expect(live() == 0, "no memory left");
    return finish();
}

static int cmd_rescan(char **av, int ac)
{
    char path[PATH_MAX];
    hooks_ctx *ctx = open_ctx(av[0]);
    FILE *f;

    (void)ac;
    snprintf(path, sizeof(path), "%s/libvirt/hooks/lxc", av[0]);
    expect(hooks_script_state(ctx, HOOKS_DRIVER_LXC) == HOOKS_ABSENT,
           "absent at first");
    f = fopen(path, "w");
    if (!f)
        return 3;
    fputs("#!/bin/sh\nexit 0\n", f);
    fclose(f);
    chmod(path, 0755);
    expect(hooks_run(ctx, HOOKS_DRIVER_LXC, "t", HOOKS_OP_START,
                     HOOKS_SUBOP_BEGIN, NULL, NULL, NULL) == HOOKS_NO_HOOK,
           "a script added after the scan is not run");
    hooks_rescan(ctx);
    expect(hooks_script_state(ctx, HOOKS_DRIVER_LXC) == HOOKS_PRESENT,
           "present after rescan");
    expect(hooks_run(ctx, HOOKS_DRIVER_LXC, "t", HOOKS_OP_START,
                     HOOKS_SUBOP_BEGIN, NULL, NULL, NULL) == HOOKS_OK,
           "and run after rescan");
    {
        /* Out of fds, DRIVER.d cannot be listed: the rescan fails and the
         * previous scan stays, instead of a scan that lost its scripts. */
        struct rlimit old, low;
        char dpath[PATH_MAX];
        int fds = 0;

        while (fcntl(fds, F_GETFD) >= 0)    /* the next fd opendir gets */
            fds++;

        snprintf(dpath, sizeof(dpath), "%s/libvirt/hooks/lxc.d", av[0]);
        mkdir(dpath, 0755);
        hooks_rescan(ctx);
        getrlimit(RLIMIT_NOFILE, &old);
        low = old;
        low.rlim_cur = (rlim_t)fds;
        setrlimit(RLIMIT_NOFILE, &low);
        expect(hooks_rescan(ctx) == HOOKS_INTERNAL,
               "rescan without fds fails");
        setrlimit(RLIMIT_NOFILE, &old);
        expect(hooks_script_state(ctx, HOOKS_DRIVER_LXC) == HOOKS_PRESENT
               && hooks_script_count(ctx, HOOKS_DRIVER_LXC) == 1,
               "and the previous scan stays in force");
        rmdir(dpath);
    }
    chmod(path, 0644);
    hooks_rescan(ctx);
    expect(hooks_script_state(ctx, HOOKS_DRIVER_LXC) == HOOKS_NOT_EXECUTABLE,
           "chmod -x seen after rescan");
    unlink(path);
    hooks_rescan(ctx);
    expect(hooks_script_state(ctx, HOOKS_DRIVER_LXC) == HOOKS_ABSENT,
           "removal seen after rescan");
    hooks_ctx_free(ctx);
    return finish();
}

/* What a scan of SYSCONFDIR saw, one line per entry, as hookrun -l shows
 * it (which refuses a SYSCONFDIR without libvirt/hooks): "DRIVER STATE
 * PATH[: WARNING]". */
static int cmd_scan(char **av, int ac)
{
    hooks_ctx *ctx = open_ctx(av[0]);
    hooks_script_info in;
    size_t i;
    int d;

    (void)ac;
    for (d = 0; d < HOOKS_DRIVER_COUNT; d++)
        for (i = 0; hooks_script_at(ctx, (hooks_driver)d, i, &in) == 0; i++)
            printf("%s %s %s%s%s\n", hooks_driver_name((hooks_driver)d),
                   hooks_state_name(in.state), in.path,
                   in.warning ? ": " : "", in.warning ? in.warning : "");
    hooks_ctx_free(ctx);
    return 0;
}

static int cmd_twodirs(char **av, int ac)
{
    hooks_ctx *a, *b;
    hooks_opts opts = { 0 };

    opts.capture_stdout = 1;
    hooks_result ra, rb;
    char want[PATH_MAX + 2];

    if (ac < 2)
        return 2;
    a = open_ctx(av[0]);
    b = open_ctx(av[1]);
    hooks_run_args(a, HOOKS_DRIVER_QEMU, "t", "start", "begin", NULL, &opts,
                   &ra);
    hooks_run_args(b, HOOKS_DRIVER_QEMU, "t", "start", "begin", NULL, &opts,
                   &rb);
    snprintf(want, sizeof(want), "%s\n", av[0]);
    expect(ra.status == HOOKS_OK && ra.out && strcmp(ra.out, want) == 0,
           "first context ran its own script");
    snprintf(want, sizeof(want), "%s\n", av[1]);
    expect(rb.status == HOOKS_OK && rb.out && strcmp(rb.out, want) == 0,
           "second context ran its own script");
    expect(hooks_script_state(a, HOOKS_DRIVER_LXC) == HOOKS_PRESENT
           && hooks_script_state(b, HOOKS_DRIVER_LXC) == HOOKS_ABSENT,
           "each context has its own scan");
    expect(strcmp(hooks_script_path(a, HOOKS_DRIVER_QEMU),
                  hooks_script_path(b, HOOKS_DRIVER_QEMU)) != 0,
           "each context has its own paths");
    hooks_result_free(&ra);
    hooks_result_free(&rb);
    hooks_ctx_free(a);
    hooks_ctx_free(b);
    return finish();
}

static void expect_invalid(hooks_status st, hooks_result *r, const char *what)
{
    char line[256];

    snprintf(line, sizeof(line), "%s: HOOKS_INVALID with a message", what);
    expect(st == HOOKS_INVALID && r->status == HOOKS_INVALID
           && r->code == EINVAL && r->message, line);
    printf("%s: %s\n", what, r->message ? r->message : "(null)");
    hooks_result_free(r);
}

static int cmd_invalid(char **av, int ac)
{
    hooks_ctx *ctx = open_ctx(av[0]), *none = (hooks_ctx *)1;
    hooks_opts bad_opts = { 0 };
    hooks_result r;
    struct stat st;

    (void)ac;
    bad_opts.input_len = 5;
    expect_invalid(hooks_run_args(NULL, HOOKS_DRIVER_QEMU, "t", "start",
                                  "begin", NULL, NULL, &r), &r, "NULL context");
    expect_invalid(hooks_run_args(ctx, (hooks_driver)99, "t", "start",
                                  "begin", NULL, NULL, &r), &r, "driver 99");
    expect_invalid(hooks_run_args(ctx, HOOKS_DRIVER_QEMU, "t", NULL, "begin",
                                  NULL, NULL, &r), &r, "NULL operation");
    expect_invalid(hooks_run_args(ctx, HOOKS_DRIVER_QEMU, "t", "start", NULL,
                                  NULL, NULL, &r), &r, "NULL sub-operation");
    expect_invalid(hooks_run_args(ctx, HOOKS_DRIVER_QEMU, "", "start",
                                  "begin", NULL, NULL, &r), &r, "empty object");
    expect_invalid(hooks_run_args(ctx, HOOKS_DRIVER_QEMU, "t", "start",
                                  "begin", "", NULL, &r), &r, "empty extra");
    expect_invalid(hooks_run_args(ctx, HOOKS_DRIVER_QEMU, "t", "start",
                                  "begin", NULL, &bad_opts, &r), &r,
                   "input_len without input");
    {
        static const char *const bad_env[] = { "OK=1", "NOEQUALS", NULL };
        hooks_opts env_opts = { 0 };

        env_opts.env = bad_env;
        expect_invalid(hooks_run_args(ctx, HOOKS_DRIVER_QEMU, "t", "start",
                                      "begin", NULL, &env_opts, &r), &r,
                       "environment entry without '='");
    }
    expect_invalid(hooks_run(ctx, HOOKS_DRIVER_QEMU, "t", HOOKS_OP_RELOAD,
                             HOOKS_SUBOP_BEGIN, NULL, NULL, &r), &r,
                   "qemu has no reload");
    expect_invalid(hooks_run(ctx, HOOKS_DRIVER_DAEMON, NULL, HOOKS_OP_STOPPED,
                             HOOKS_SUBOP_END, NULL, NULL, &r), &r,
                   "daemon has no stopped");
    expect_invalid(hooks_run(ctx, HOOKS_DRIVER_QEMU, "t", HOOKS_OP_START,
                             (hooks_subop)7, NULL, NULL, &r), &r,
                   "sub-operation 7");
    expect_invalid(hooks_run(ctx, HOOKS_DRIVER_QEMU, "t", (hooks_op)-1,
                             HOOKS_SUBOP_BEGIN, NULL, NULL, &r), &r,
                   "operation -1");
    expect(hooks_run(ctx, HOOKS_DRIVER_QEMU, "t", HOOKS_OP_RELOAD,
                     HOOKS_SUBOP_BEGIN, NULL, NULL, NULL) == HOOKS_INVALID,
           "invalid with a NULL result");
    expect(stat("ran", &st) != 0, "the script never ran");
    expect(hooks_ctx_new("", 0, &none) == HOOKS_INVALID && none == NULL,
           "empty SYSCONFDIR");
    expect(hooks_ctx_new(av[0], 0, NULL) == HOOKS_INVALID, "NULL out pointer");
    expect(hooks_driver_name((hooks_driver)HOOKS_DRIVER_COUNT) == NULL
           && hooks_op_name((hooks_op)-1) == NULL
           && hooks_status_name((hooks_status)99) == NULL
           && hooks_state_name((hooks_state)99) == NULL,
           "names of out-of-range values are NULL");
    {
        char want[PATH_MAX];
        hooks_reason rs, back;
        int round_trip = 1;

        snprintf(want, sizeof(want), "%s/libvirt/hooks", av[0]);
        expect(strcmp(hooks_dir(ctx), want) == 0, "hooks_dir: SC/libvirt/hooks");
        expect(hooks_driver_present(ctx, HOOKS_DRIVER_QEMU)
               && !hooks_driver_present(ctx, HOOKS_DRIVER_LXC)
               && !hooks_driver_present(ctx, (hooks_driver)99),
               "hooks_driver_present: qemu yes, lxc and 99 no");
        for (rs = 0; rs < HOOKS_REASON_COUNT; rs++)
            round_trip &= hooks_reason_from_name(hooks_reason_name(rs), &back)
                           == 0 && back == rs;
        expect(round_trip, "every reason name parses back to its value");
        hooks_result_free(NULL);
        hooks_ctx_free(NULL);
        back = HOOKS_REASON_DAEMON;
        expect(hooks_reason_from_name("from-snapshot", &back) == -1
               && hooks_reason_from_name(NULL, &back) == -1
               && back == HOOKS_REASON_DAEMON,
               "an unknown reason name is -1, *out untouched");
    }
    hooks_ctx_free(ctx);
    expect(live() == 0, "no memory left");
    return finish();
}

static int cmd_toolong(char **av, int ac)
{
    static char dir[PATH_MAX + 2];
    hooks_ctx *ctx = (hooks_ctx *)1;
    size_t fit = PATH_MAX - 1 - strlen("/libvirt/hooks/daemon");

    (void)av;
    (void)ac;
    /* Components of 100 bytes: short enough for NAME_MAX. */
    memset(dir, 'a', sizeof(dir) - 1);
    for (fit = 0; fit < sizeof(dir) - 1; fit += 100)
        dir[fit] = '/';
    fit = PATH_MAX - 1 - strlen("/libvirt/hooks/network.d");
    dir[fit + 1] = '\0';
    expect(hooks_ctx_new(dir, 0, &ctx) == HOOKS_TOOLONG && ctx == NULL,
           "one byte too long: HOOKS_TOOLONG");
    dir[fit] = '\0';
    expect(hooks_ctx_new(dir, 0, &ctx) == HOOKS_OK, "longest that fits: ok");
    if (ctx && ctx != (hooks_ctx *)1) {
        expect(strlen(hooks_script_path(ctx, HOOKS_DRIVER_NETWORK))
               == PATH_MAX - 1 - strlen(".d"),
               "network.d's path uses PATH_MAX - 1 bytes");
        expect(hooks_script_state(ctx, HOOKS_DRIVER_DAEMON) == HOOKS_ABSENT,
               "and is simply absent");
        hooks_ctx_free(ctx);
    }
    expect(live() == 0, "no memory left");
    return finish();
}

/* sigchld SC N: the host has a SIGCHLD handler (no SA_RESTART) that reaps
 * its own children by pid, and forks one before each of N calls; the
 * script is hookcat.  Every call must succeed byte-exact, and every child
 * of the host must be reaped by the handler with its own status. */
#define OWN_MAX 1000
static pid_t own_pid[OWN_MAX];
static volatile sig_atomic_t own_status[OWN_MAX], own_reaped, own_count;

static void on_chld(int sig)
{
    int e = errno, i, st;

    (void)sig;
    for (i = 0; i < own_count; i++)
        if (own_pid[i] > 0 && waitpid(own_pid[i], &st, WNOHANG) == own_pid[i]) {
            own_status[i] = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
            own_pid[i] = 0;
            own_reaped++;
        }
    errno = e;
}

static int cmd_sigchld(char **av, int ac)
{
    hooks_ctx *ctx = open_ctx(av[0]);
    struct sigaction sa;
    struct timespec nap = { 0, 2000000 };
    hooks_opts opts = { 0 };
    hooks_result res;
    sigset_t chld, old;
    char doc[4096];
    int n = ac > 1 ? atoi(av[1]) : 50, i, bad = 0, wrong = 0;
    int fds0 = open_fds();

    if (n < 1 || n > OWN_MAX)
        return 2;
    memset(doc, 'x', sizeof(doc));
    opts.input = doc;
    opts.input_len = sizeof(doc);
    opts.capture_stdout = 1;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_chld;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGCHLD, &sa, NULL);
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    for (i = 0; i < n; i++) {
        pid_t p;

        /* The slot is filled with SIGCHLD blocked, so that the handler
         * never sees a half-made entry. */
        sigprocmask(SIG_BLOCK, &chld, &old);
        p = fork();
        if (p == 0) {
            nanosleep(&nap, NULL);      /* ends during the hook call */
            _exit(i % 100);
        }
        own_pid[i] = p;
        own_count = i + 1;
        sigprocmask(SIG_SETMASK, &old, NULL);
        doc[i % sizeof(doc)] = (char)('a' + i % 26);
        if (hooks_run_args(ctx, HOOKS_DRIVER_QEMU, "t", "start", "begin",
                           NULL, &opts, &res) != HOOKS_OK
            || res.out_len != sizeof(doc)
            || memcmp(res.out, doc, sizeof(doc)) != 0) {
            if (bad++ == 0)
                print_result(&res);
        }
        hooks_result_free(&res);
    }
    for (i = 0; own_reaped < n && i < 5000; i++)
        nanosleep(&nap, NULL);
    for (i = 0; i < n; i++)
        wrong += own_status[i] != i % 100;
    printf("calls=%d bad=%d reaped=%d wrong=%d\n", n, bad, (int)own_reaped,
           wrong);
    expect(bad == 0, "every call ok and byte-exact");
    expect(own_reaped == n, "the handler reaped every child of the host");
    expect(wrong == 0, "each with its own exit status");
    expect(open_fds() == fds0, "no fd left open");
    expect(no_children(), "no child left");
    hooks_ctx_free(ctx);
    return finish();
}

/* e2big SC: arguments and environment over what execve() takes.  The
 * script (set up by the test) creates ./ran: it must never run when the
 * call says HOOKS_TOOLONG.  On Linux the limits are known: a quarter of
 * the stack limit in all (pinned here to 8 MiB: 2 MiB), 128 KiB for one
 * string; elsewhere the call may also succeed, and then the script ran. */
static void e2big_call(hooks_ctx *ctx, const char *object,
                       const hooks_opts *opts, const char *what)
{
    hooks_result res;
    char name[200];

    unlink("ran");
    hooks_run_args(ctx, HOOKS_DRIVER_QEMU, object, "start", "begin", NULL,
                   opts, &res);
    printf("%s: status=%s code=%d\n", what, hooks_status_name(res.status),
           res.code);
#ifdef __linux__
    snprintf(name, sizeof(name), "%s (Linux): HOOKS_TOOLONG, E2BIG", what);
    expect(res.status == HOOKS_TOOLONG && res.code == E2BIG, name);
    snprintf(name, sizeof(name), "%s: the message says why", what);
    expect(res.message && strstr(res.message, "cannot execute: ")
           && strstr(res.message, strerror(E2BIG)), name);
#endif
    snprintf(name, sizeof(name), "%s: nothing ran if refused, or it ran",
             what);
    expect(res.status == HOOKS_TOOLONG ? access("ran", F_OK) != 0
           : res.status == HOOKS_OK && access("ran", F_OK) == 0, name);
    hooks_result_free(&res);
}

/* Open /dev/null on every free fd from 3 to 99, so that the next fds are
 * 100 and up; mine[fd] says which were opened here, for unfill_fds(). */
static void fill_fds(char mine[100])
{
    int fd;

    for (fd = 0; fd < 100; fd++) {
        mine[fd] = fd > 2 && fcntl(fd, F_GETFD) < 0;
        if (mine[fd])
            (void)dup2(open("/dev/null", O_RDONLY), fd);
    }
}

static void unfill_fds(const char mine[100])
{
    int fd;

    for (fd = 3; fd < 100; fd++)
        if (mine[fd])
            close(fd);
}

/* The thread of smallstack and ownfds: one call of the filter hook on a
 * line of input, which must come back whole. */
static void *one_call(void *arg)
{
    static const char in[] = "<domain><name>t</name></domain>\n";
    hooks_opts opts = { 0 };
    hooks_result res;
    int *ok = arg;

    opts.input = in;
    opts.input_len = sizeof(in) - 1;
    opts.capture_stdout = 1;
    hooks_run_args(open_ctx_shared, HOOKS_DRIVER_QEMU, "t", "migrate",
                   "begin", NULL, &opts, &res);
    print_result(&res);
    *ok = res.status == HOOKS_OK && res.out_len == sizeof(in) - 1
          && memcmp(res.out, in, sizeof(in) - 1) == 0;
    hooks_result_free(&res);
    return NULL;
}

/* smallstack SC BYTES: a call from a thread with a small stack (glibc's
 * guard page below it: too little stack is a SIGSEGV, not a quiet
 * overwrite).  The clone child's own stack lies in the call's frame. */
static int cmd_smallstack(char **av, int ac)
{
    pthread_attr_t at;
    pthread_t t;
    size_t size;
    int ok = 0;

    open_ctx_shared = open_ctx(av[0]);
    pthread_attr_init(&at);
    for (size = strtoul(av[1], NULL, 0);
         size < 1 << 24 && pthread_attr_setstacksize(&at, size) != 0;
         size *= 2)
        ;                           /* aarch64's least is 128 KiB */
    expect(pthread_create(&t, &at, one_call, &ok) == 0, "thread made");
    pthread_join(t, NULL);
    printf("stack %lu bytes: %s\n", (unsigned long)size, ok ? "ok" : "failed");
    expect(ok, "the call went through, its output whole");
    pthread_attr_destroy(&at);
    hooks_ctx_free(open_ctx_shared);
    (void)ac;
    return finish();
}

static volatile sig_atomic_t groupsig_stop;

static void *groupsig_sender(void *arg)
{
    (void)arg;
    while (!groupsig_stop)
        kill(0, SIGUSR2);
    return NULL;
}

static void groupsig_count(int sig)
{
    (void)sig;
}

/* groupsig SC N: N calls with a deadline, each script leading a group of
 * its own, while a thread sends SIGUSR2 to the host's group (the host
 * catches it) as fast as it can.  One sent before the script left the
 * host's group would be pending in it, and kill it once unblocked: the
 * child drops what is pending after setpgid(). */
static int cmd_groupsig(char **av, int ac)
{
    hooks_ctx *ctx = open_ctx(av[0]);
    int n = ac > 1 ? atoi(av[1]) : 200, i, killed = 0, other = 0;
    struct sigaction sa;
    hooks_opts opts = { 0 };
    hooks_result res;
    pthread_t t;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = groupsig_count;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR2, &sa, NULL);
    opts.timeout = 30;
    pthread_create(&t, NULL, groupsig_sender, NULL);
    for (i = 0; i < n; i++) {
        hooks_run_args(ctx, HOOKS_DRIVER_QEMU, "t", "start", "begin", NULL,
                       &opts, &res);
        if (res.status == HOOKS_SIGNALED && res.code == SIGUSR2)
            killed++;
        else if (res.status != HOOKS_OK)
            other++;
        hooks_result_free(&res);
    }
    groupsig_stop = 1;
    pthread_join(t, NULL);
    printf("calls=%d killed by SIGUSR2=%d other failures=%d\n", n, killed,
           other);
    expect(killed == 0, "no script got the host's group's SIGUSR2");
    expect(other == 0, "every call succeeded");
    expect(no_children(), "no child left");
    hooks_ctx_free(ctx);
    return finish();
}

/* ownfds SC (Linux): the calling thread has an fd table of its own
 * (unshare(CLONE_FILES), by the raw call: _GNU_SOURCE declares it) and
 * fds 3 to 99 open in it, so that the call's ends are 100 and up
 * (/dev/null for stdin, then the pipes) and the clone child shares that
 * table.  In the process's main table, which /proc/PID/fd shows, fd 100
 * is /dev/null too and 101 to 119 a FIFO's write end with no reader: a
 * child that reopened those would wait in open() forever. */
static void *ownfds_thread(void *arg)
{
    hooks_result res;
    int i, *ok = arg;

#if defined(__linux__) && defined(SYS_unshare)
    if (syscall(SYS_unshare, 0x400L) != 0)      /* CLONE_FILES */
        return NULL;
#endif
    for (i = 100; i < 120; i++)
        close(i);
    hooks_run_args(open_ctx_shared, HOOKS_DRIVER_QEMU, "t", "start", "begin",
                   NULL, NULL, &res);
    print_result(&res);
    *ok = res.status == HOOKS_OK;
    hooks_result_free(&res);
    return NULL;
}

static int cmd_ownfds(char **av, int ac)
{
    char fifo[] = "ownfds.fifo", mine[100];
    pthread_t t;
    int i, rw, w, ok = 0;

    open_ctx_shared = open_ctx(av[0]);
    fill_fds(mine);
    unlink(fifo);
    expect(mkfifo(fifo, 0600) == 0, "FIFO made");
    rw = open(fifo, O_RDWR);                    /* so that O_WRONLY opens */
    w = open(fifo, O_WRONLY);
    close(rw);
    (void)dup2(open("/dev/null", O_RDONLY), 100);
    for (i = 101; i < 120; i++)
        dup2(w, i);
    close(w);
    expect(pthread_create(&t, NULL, ownfds_thread, &ok) == 0, "thread made");
    pthread_join(t, NULL);
    expect(ok, "the call from the thread's own table went through");
    for (i = 100; i < 120; i++)
        close(i);
    unfill_fds(mine);
    unlink(fifo);
    hooks_ctx_free(open_ctx_shared);
    (void)ac;
    return finish();
}

/* nodump SC: a host that made itself non-dumpable (Linux: as a daemon
 * that drops root becomes), with fds 3 to 99 open so that the call's ends
 * are 100 and up: one call, which must go through.  Run as another user
 * than root, /proc/PID/fd is closed to the host's children. */
static int cmd_nodump(char **av, int ac)
{
    hooks_ctx *ctx = open_ctx(av[0]);
    hooks_result res;
    char mine[100];

#if defined(__linux__) && defined(SYS_prctl)
    expect(syscall(SYS_prctl, 4L, 0L, 0L, 0L, 0L) == 0,  /* SET_DUMPABLE */
           "made non-dumpable");
#endif
    fill_fds(mine);
    hooks_run_args(ctx, HOOKS_DRIVER_QEMU, "t", "start", "begin", NULL, NULL,
                   &res);
    print_result(&res);
    expect(res.status == HOOKS_OK, "the call went through");
    hooks_result_free(&res);
    unfill_fds(mine);
    hooks_ctx_free(ctx);
    (void)ac;
    return finish();
}

static int cmd_e2big(char **av, int ac)
{
    hooks_ctx *ctx = open_ctx(av[0]);
    struct rlimit stack;
    hooks_opts opts = { 0 };
    const char *env[26];
    char *big;
    size_t len = 200 << 10, i;
    int fds0 = open_fds();

    (void)ac;
    getrlimit(RLIMIT_STACK, &stack);
    if (stack.rlim_max == RLIM_INFINITY || stack.rlim_max >= 8 << 20)
        stack.rlim_cur = 8 << 20;
    setrlimit(RLIMIT_STACK, &stack);
    big = malloc(len + 1);
    if (!big)
        return 3;
    memset(big, 'o', len);
    big[len] = '\0';
    e2big_call(ctx, big, NULL, "one 200 KiB argument");

    free(big);
    /* 25 variables of 100 KiB: each under 128 KiB, 2.5 MiB in all. */
    len = 100 << 10;
    big = malloc(25 * (len + 1));
    if (!big)
        return 3;
    memset(big, 'o', 25 * (len + 1));
    for (i = 0; i < 25; i++) {
        char *v = big + i * (len + 1);

        snprintf(v, 5, "V%02u=", (unsigned)i);
        v[4] = 'o';
        v[len] = '\0';
        env[i] = v;
    }
    env[25] = NULL;
    opts.env = env;
    e2big_call(ctx, "t", &opts, "2.5 MiB of environment");
    free(big);
    expect(open_fds() == fds0, "no fd left open");
    expect(no_children(), "no child left");
    hooks_ctx_free(ctx);
    return finish();
}

/* nosyscall SC N: with no qemu hook in SC, N typed calls make no system
 * call at all: the scan is cached in the context. */
static int cmd_nosyscall(char **av, int ac)
{
    hooks_ctx *ctx;
    int r;

    (void)ac;
    if (hooks_ctx_new(av[0], 0, &ctx) != HOOKS_OK)
        return 2;
    r = nosyscall_check(nosyscall_nohook, ctx, atol(av[1]));
    hooks_ctx_free(ctx);
    printf("%s\n", r == 'y' ? "no system call"
                  : r == 'n' ? "no system call, but a wrong status"
                  : r == 'k' ? "killed: a system call"
                  : "cannot tell (not Linux, or no strict seccomp)");
    return r != 'y';
}

/* features: what hooks_features() says. */
static int cmd_features(char **av, int ac)
{
    (void)av;
    (void)ac;
    puts(hooks_features());
    return 0;
}

/* version: what the header says (the three numbers, the string, the number
 * for #if) and what hooks.c was built as, for the test to compare. */
static int cmd_version(char **av, int ac)
{
    (void)av;
    (void)ac;
    printf("%d.%d.%d\n%s\n0x%06x\n%s\n", HOOKS_VERSION_MAJOR,
           HOOKS_VERSION_MINOR, HOOKS_VERSION_PATCH, HOOKS_VERSION,
           (unsigned)HOOKS_VERSION_NUMBER, hooks_version());
    return 0;
}

/* badinput SC: every public function given NULL, NaN, out-of-range or
 * huge values answers with an error value (or clamps), never crashes nor
 * reaches undefined behaviour (UBSan's float-cast-overflow watches the
 * huge times).  SC's qemu hook exits 0 at once. */
static int cmd_badinput(char **av, int ac)
{
    hooks_ctx *ctx = open_ctx(av[0]);
    hooks_opts o = { 0 };
    hooks_result r;
    hooks_script_info info;
    hooks_driver d;
    hooks_op op;
    hooks_subop sub;
    hooks_reason rs;
    char buf[64];
    volatile double zero = 0.0;

    (void)ac;
    expect(hooks_rescan(NULL) == HOOKS_INVALID, "hooks_rescan(NULL)");
    expect(hooks_dir(NULL) == NULL, "hooks_dir(NULL)");
    expect(hooks_script_path(NULL, HOOKS_DRIVER_QEMU) == NULL
           && hooks_script_state(NULL, HOOKS_DRIVER_QEMU) == HOOKS_ABSENT
           && hooks_script_warning(NULL, HOOKS_DRIVER_QEMU) == NULL
           && !hooks_driver_present(NULL, HOOKS_DRIVER_QEMU)
           && hooks_script_count(NULL, HOOKS_DRIVER_QEMU) == 0
           && hooks_script_at(NULL, HOOKS_DRIVER_QEMU, 0, &info) == -1
           && hooks_script_at(ctx, HOOKS_DRIVER_QEMU, 0, NULL) == -1,
           "the accessors with a NULL context or info");
    expect(hooks_driver_from_name("qemu", NULL) == -1
           && hooks_op_from_name("start", NULL) == -1
           && hooks_subop_from_name("begin", NULL) == -1
           && hooks_reason_from_name("failed", NULL) == -1,
           "*_from_name with a NULL out-pointer");
    expect(hooks_driver_from_name(NULL, &d) == -1
           && hooks_op_from_name(NULL, &op) == -1
           && hooks_subop_from_name(NULL, &sub) == -1
           && hooks_reason_from_name(NULL, &rs) == -1,
           "*_from_name with a NULL name");
    expect(hooks_status_text(HOOKS_EXITED, 1, NULL, 0) == NULL
           && strcmp(hooks_status_text((hooks_status)99, 0, buf,
                                       sizeof(buf)), "unknown status") == 0
           && strcmp(hooks_status_text(HOOKS_EXITED, 3, buf, 5), "exit") == 0,
           "hooks_status_text: NULL buffer, unknown status, cut to fit");
    hooks_result_free(NULL);
    hooks_ctx_free(NULL);

    o.timeout = zero / zero;
    expect_invalid(hooks_run_args(ctx, HOOKS_DRIVER_QEMU, "t", "start",
                                  "begin", NULL, &o, &r), &r, "NaN timeout");
    o.timeout = -1;
    expect_invalid(hooks_run_args(ctx, HOOKS_DRIVER_QEMU, "t", "start",
                                  "begin", NULL, &o, &r), &r,
                   "negative timeout");
    o.timeout = 0;
    o.pipe_grace = zero / zero;
    expect_invalid(hooks_run_args(ctx, HOOKS_DRIVER_QEMU, "t", "start",
                                  "begin", NULL, &o, &r), &r,
                   "NaN pipe_grace");
    o.timeout = 1e300;
    o.pipe_grace = 1e300;
    expect(hooks_run_args(ctx, HOOKS_DRIVER_QEMU, "t", "start", "begin",
                          NULL, &o, &r) == HOOKS_OK,
           "timeout and pipe_grace 1e300: clamped, the call runs");
    hooks_result_free(&r);
    o.timeout = 1.0 / zero;
    o.pipe_grace = -1.0 / zero;
    expect(hooks_run_args(ctx, HOOKS_DRIVER_QEMU, "t", "start", "begin",
                          NULL, &o, &r) == HOOKS_OK,
           "infinite timeout, minus infinite pipe_grace: the call runs");
    hooks_result_free(&r);
    hooks_ctx_free(ctx);
    expect(live() == 0, "no memory left");
    return finish();
}

/* Every buffer of a result, for the test that none is shared. */
static size_t result_buffers(const hooks_result *r, const void **p)
{
    size_t i, n = 0;

    p[n++] = r->out;
    p[n++] = r->err;
    p[n++] = r->message;
    for (i = 0; i < r->nscripts && n < 60; i++) {
        p[n++] = r->scripts[i].path;
        p[n++] = r->scripts[i].out;
        p[n++] = r->scripts[i].err;
        p[n++] = r->scripts[i].message;
    }
    return n;
}

static int shares_nothing(const hooks_result *r)
{
    const void *p[64];
    size_t n = result_buffers(r, p), i, j;

    for (i = 0; i < n; i++)
        for (j = i + 1; j < n; j++)
            if (p[i] && p[i] == p[j])
                return 0;
    return 1;
}

/* own SC1 SC2: the caller keeps res.out and res.err by setting them to
 * NULL before hooks_result_free(), and frees them later.  SC1's qemu hook
 * is one script that copies stdin to stdout and writes to stderr; SC2's a
 * chain of such filters (qemu and qemu.d/). */
static int cmd_own(char **av, int ac)
{
    static const char doc[] = "<domain><name>kept</name></domain>\n";
    hooks_opts o = { 0 };
    hooks_result r;
    char *out, *err;
    size_t out_len, err_len;
    int k;

    (void)ac;
    o.input = doc;
    o.input_len = sizeof(doc) - 1;
    for (k = 0; k < 4; k++) {
        hooks_ctx *ctx = open_ctx(av[k / 2]);
        const char *what = k == 0 ? "one script, capture" : k == 1
                           ? "one script, filter" : k == 2
                           ? "three scripts, capture" : "three scripts, filter";
        char name[128];

        o.capture_stdout = !(k & 1);
        o.filter = k & 1;
        hooks_run_args(ctx, HOOKS_DRIVER_QEMU, "t", "start", "begin", NULL,
                       &o, &r);
        snprintf(name, sizeof(name), "%s: no two fields share a buffer", what);
        expect(shares_nothing(&r), name);
        out = r.out;
        out_len = r.out_len;
        err = r.err;
        err_len = r.err_len;
        r.out = r.err = NULL;
        hooks_result_free(&r);
        hooks_ctx_free(ctx);
        /* churn the heap: a freed block would be handed out again */
        free(malloc(out_len + 1));
        free(malloc(err_len + 1));
        snprintf(name, sizeof(name), "%s: the kept document is intact", what);
        expect(out && out_len >= sizeof(doc) - 1
               && memcmp(out + out_len - (sizeof(doc) - 1), doc,
                         sizeof(doc) - 1) == 0, name);
        snprintf(name, sizeof(name), "%s: the kept stderr is intact", what);
        expect(err && err_len > 0 && memchr(err, '\n', err_len), name);
        count_free(out);        /* free(), as hooks.c's allocations count */
        count_free(err);
    }
    expect(live() == 0, "nothing left but what we freed");
    return finish();
}

static volatile sig_atomic_t cancel_flag;

static void on_cancel_alarm(int sig)
{
    (void)sig;
    cancel_flag = 1;
}

static void *cancel_later(void *arg)
{
    struct timespec ts = { 0, 300000000 };

    (void)arg;
    nanosleep(&ts, NULL);
#if defined(__ATOMIC_RELAXED)
    __atomic_store_n(&cancel_flag, 1, __ATOMIC_RELAXED);    /* hooks.h */
#else
    cancel_flag = 1;
#endif
    return NULL;
}

/* cancelflag SC HOW: *opts.cancel set 0.3 s into a call (HOW: thread, signal)
 * or before it (before).  SC's qemu hook sleeps, leaving a process in its
 * group, and qemu.d/10-after touches a file: the call is HOOKS_CANCELED
 * within 0.3 + 0.3 s, and 10-after does not run. */
static int cmd_cancelflag(char **av, int ac)
{
    hooks_ctx *ctx = open_ctx(av[0]);
    hooks_opts o = { 0 };
    hooks_result r;
    struct sigaction sa;
    struct itimerval it;
    pthread_t t;
    double t0, took;
    int before = ac > 1 && strcmp(av[1], "before") == 0;
    int by_thread = ac > 1 && strcmp(av[1], "thread") == 0;
    int fds0 = open_fds();

    o.cancel = &cancel_flag;
    cancel_flag = before;
    memset(&sa, 0, sizeof(sa));
    memset(&it, 0, sizeof(it));
    if (by_thread) {
        if (pthread_create(&t, NULL, cancel_later, NULL) != 0)
            return 3;
    } else if (!before) {
        sa.sa_handler = on_cancel_alarm;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGALRM, &sa, NULL);
        it.it_value.tv_usec = 300000;
        setitimer(ITIMER_REAL, &it, NULL);
    }
    t0 = now();
    hooks_run_args(ctx, HOOKS_DRIVER_QEMU, "t", "start", "begin", NULL, &o,
                   &r);
    took = now() - t0;
    if (by_thread)
        pthread_join(t, NULL);
    print_result(&r);
    printf("took=%.3f nscripts=%lu\n", took, (unsigned long)r.nscripts);
    expect(r.status == HOOKS_CANCELED, "HOOKS_CANCELED");
    expect(took < (before ? 0.2 : 0.6), "promptly");
    expect(r.nscripts == 2 && r.scripts[1].status == HOOKS_CANCELED
           && r.scripts[1].seconds == 0,
           "the next script is listed as not run");
    expect(r.message && strstr(r.message, "not run: the call was canceled"),
           "the message names the script not run");
    hooks_result_free(&r);
    hooks_ctx_free(ctx);
    expect(open_fds() == fds0, "no fd left open");
    expect(no_children(), "no child left");
    expect(live() == 0, "no memory left");
    return finish();
}

struct caller {
    const hooks_ctx *ctx;
    hooks_driver drv;
    const char *want;
    int calls, bad;
};

static pthread_mutex_t callers_lock = PTHREAD_MUTEX_INITIALIZER;
static int callers_done;

static void *call_loop(void *arg)
{
    struct caller *c = arg;
    hooks_opts o = { 0 };
    hooks_result r;
    size_t n = strlen(c->want);
    int i;

    o.capture_stdout = 1;
    for (i = 0; i < c->calls; i++) {
        hooks_run_args(c->ctx, c->drv, "t", "start", "begin", NULL, &o, &r);
        if (r.status != HOOKS_OK
            || r.out_len != n || memcmp(r.out, c->want, n) != 0) {
            if (c->bad++ == 0) {
                flockfile(stdout);
                printf("%s call %d: ", c->want, i);
                print_result(&r);
                funlockfile(stdout);
            }
        }
        hooks_result_free(&r);
    }
    pthread_mutex_lock(&callers_lock);
    callers_done++;
    pthread_mutex_unlock(&callers_lock);
    return NULL;
}

static int callers_running(int n)
{
    int done;

    pthread_mutex_lock(&callers_lock);
    done = callers_done;
    pthread_mutex_unlock(&callers_lock);
    return done < n;
}

/* rescanning SC N: two threads call qemu and two lxc, N times each, while
 * another rescans the same context all along.  SC's qemu hook prints
 * "qemu", its lxc hook "lxc": a call that used a scan freed under it, or
 * another driver's, shows (and ASan catches the use after free). */
static int cmd_rescanning(char **av, int ac)
{
    hooks_ctx *ctx = open_ctx(av[0]);
    struct caller c[4];
    pthread_t t[4];
    int n = ac > 1 ? atoi(av[1]) : 50, i, bad = 0, rescans = 0, failed = 0;

    for (i = 0; i < 4; i++) {
        c[i].ctx = ctx;
        c[i].drv = i & 1 ? HOOKS_DRIVER_LXC : HOOKS_DRIVER_QEMU;
        c[i].want = i & 1 ? "lxc\n" : "qemu\n";
        c[i].calls = n;
        c[i].bad = 0;
        if (pthread_create(&t[i], NULL, call_loop, &c[i]) != 0)
            return 3;
    }
    while (callers_running(4)) {
        failed += hooks_rescan(ctx) != HOOKS_OK;
        rescans++;
    }
    for (i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        bad += c[i].bad;
    }
    printf("calls=%d rescans=%d bad=%d\n", 4 * n, rescans, bad);
    expect(rescans > 4 && failed == 0, "rescans ran all along the calls");
    expect(bad == 0, "every call ran its own driver's script, whole");
    hooks_ctx_free(ctx);
    expect(live() == 0, "no memory left");
    return finish();
}

static volatile int forking;

/* Fork every 5 ms a child that holds whatever fds it inherited, ours and
 * the calls' pipe ends, for 1.5 s without exec, as a host's other thread
 * may; reap them. */
static void *fork_loop(void *arg)
{
    struct timespec tick = { 0, 5000000 }, hold = { 1, 500000000 };
    pid_t kids[512];
    int n = 0, i;

    (void)arg;
    while (forking && n < 512) {
        pid_t p = fork();

        if (p == 0) {
            nanosleep(&hold, NULL);
            _exit(0);
        }
        if (p > 0)
            kids[n++] = p;
        nanosleep(&tick, NULL);
    }
    for (i = 0; i < n; i++)
        while (waitpid(kids[i], NULL, 0) < 0 && errno == EINTR)
            ;
    return NULL;
}

/* forker SC N: N calls on each path (posix_spawn where the build has it,
 * and fork), with a timeout of 0.5 s and without, while another thread
 * forks children that hold the calls' pipes for 1.5 s.  SC's qemu hook
 * sleeps 0.1 s and exits 0, so that the holders catch its pipes.  No call
 * may take longer than its pipe grace (1 s) or its deadline (0.5 +
 * HOOKS_KILL_GRACE), plus 0.3 s. */
static int cmd_forker(char **av, int ac)
{
    int n = ac > 1 ? atoi(av[1]) : 3, i, k, slow = 0, bad = 0, held = 0;
    double worst = 0;
    pthread_t t;

    forking = 1;
    if (pthread_create(&t, NULL, fork_loop, NULL) != 0)
        return 3;
    for (k = 0; k < 4; k++) {
        hooks_ctx *ctx = NULL;
        hooks_opts o = { 0 };
        double limit = (k & 1 ? 0.5 + HOOKS_KILL_GRACE : HOOKS_PIPE_GRACE)
                       + 0.3;

        if (hooks_ctx_new(av[0], k & 2 ? HOOKS_FORK : 0, &ctx) != HOOKS_OK)
            return 3;
        o.timeout = k & 1 ? 0.5 : 0;
        for (i = 0; i < n; i++) {
            double t0 = now(), took;
            hooks_status st = hooks_run_args(ctx, HOOKS_DRIVER_QEMU, "t",
                                             "start", "begin", NULL, &o,
                                             NULL);

            took = now() - t0;
            worst = took > worst ? took : worst;
            held += took > 0.5;
            slow += took > limit;
            /* With the 0.5 s deadline, a loaded machine (TSan, a busy CI
             * host) may not finish the 0.1 s script in time: a timeout
             * then is the right answer, not a failure of this test. */
            if (st != HOOKS_OK && !(o.timeout > 0 && st == HOOKS_TIMEDOUT))
                bad++;
            if (st != HOOKS_OK)
                printf("# call %d of run %d: %s after %.3f s\n", i, k,
                       hooks_status_name(st), took);
        }
        hooks_ctx_free(ctx);
    }
    forking = 0;
    pthread_join(t, NULL);
    printf("calls=%d slow=%d bad=%d worst=%.3f\n", 4 * n, slow, bad, worst);
    /* How many calls a holder caught (it must fork just while a call's
     * child ends are open): often some, not always. */
    printf("held=%d\n", held);
    expect(slow == 0, "no call past its pipe grace or its deadline");
    expect(bad == 0, "every call succeeded");
    expect(no_children(), "no child left");
    return finish();
}

/* held SC GRACE: run qemu t start begin - with that pipe grace and print,
 * per script, which pipes were held and their inode numbers. */
static int cmd_held(char **av, int ac)
{
    hooks_ctx *ctx = open_ctx(av[0]);
    hooks_opts opts = { 0 };
    hooks_result res;
    size_t i;

    opts.pipe_grace = ac > 1 ? atof(av[1]) : 0;
    hooks_run(ctx, HOOKS_DRIVER_QEMU, "t", HOOKS_OP_START, HOOKS_SUBOP_BEGIN,
              NULL, &opts, &res);
    printf("status=%s\n", hooks_status_name(res.status));
    for (i = 0; i < res.nscripts; i++)
        printf("%s held=%u out=%llu err=%llu\n",
               strrchr(res.scripts[i].path, '/') + 1, res.scripts[i].held,
               res.scripts[i].held_ino[0], res.scripts[i].held_ino[1]);
    hooks_result_free(&res);
    hooks_ctx_free(ctx);
    return 0;
}

/* env [NAME=VALUE ...]: the environment a call would give its scripts,
 * one entry a line; "keep" as the first word sets keep_env. */
static int cmd_env(char **av, int ac)
{
    hooks_opts opts = { 0 };
    char **env;
    size_t i;

    if (ac > 0 && strcmp(av[0], "keep") == 0) {
        opts.keep_env = 1;
        av++;
        ac--;
    }
    opts.env = ac > 0 ? (const char *const *)av : NULL;
    if (!(env = hooks_script_env(ac > 0 || opts.keep_env ? &opts : NULL)))
        return 1;
    for (i = 0; env[i]; i++)
        puts(env[i]);
    free(env);
    return 0;
}

/* explain PATH ERRNAME|0: hooks_exec_explain()'s sentence, or "(none)". */
static int cmd_explain(char **av, int ac)
{
    static const struct { const char *name; int value; } errs[] = {
        { "0", 0 }, { "ENOENT", ENOENT }, { "ENOEXEC", ENOEXEC },
        { "EACCES", EACCES }, { "ETXTBSY", ETXTBSY }, { "E2BIG", E2BIG },
        { "ELOOP", ELOOP },
    };
    char buf[512];
    size_t i;

    (void)ac;
    for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++)
        if (strcmp(errs[i].name, av[1]) == 0) {
            const char *t = hooks_exec_explain(av[0], errs[i].value, buf,
                                               sizeof(buf));
            puts(t ? t : "(none)");
            return 0;
        }
    return 2;
}

/* explainrun SC: run qemu t start begin - and print, for each script whose
 * exec failed, "NAME: ERRNO: the library's explanation". */
static int cmd_explainrun(char **av, int ac)
{
    static const struct { const char *name; int value; } errs[] = {
        { "ENOENT", ENOENT }, { "ENOEXEC", ENOEXEC }, { "EACCES", EACCES },
    };
    hooks_ctx *ctx = open_ctx(av[0]);
    hooks_result res;
    const char *name, *t;
    char buf[512];
    size_t i, k;

    (void)ac;
    hooks_run(ctx, HOOKS_DRIVER_QEMU, "t", HOOKS_OP_START, HOOKS_SUBOP_BEGIN,
              NULL, NULL, &res);
    for (i = 0; i < res.nscripts; i++) {
        const hooks_script_result *r = &res.scripts[i];

        if (r->status != HOOKS_EXEC_FAILED)
            continue;
        for (name = "?", k = 0; k < sizeof(errs) / sizeof(errs[0]); k++)
            if (errs[k].value == r->code)
                name = errs[k].name;
        t = hooks_exec_explain(r->path, r->code, buf, sizeof(buf));
        printf("%s: %s: %s\n", strrchr(r->path, '/') + 1, name,
               t ? t : "(none)");
    }
    hooks_result_free(&res);
    hooks_ctx_free(ctx);
    return 0;
}

/* The kernel's word on SIGPIPE for this (single-threaded) process: the
 * hex mask of /proc/self/status line KEY ("SigPnd:", "ShdPnd:", "SigBlk:")
 * has its bit; -1 where there is no such file. */
static int kernel_sigpipe(const char *key)
{
    char line[256];
    unsigned long long mask = 0;
    int found = -1;
    FILE *f = fopen("/proc/self/status", "r");

    while (f && fgets(line, sizeof(line), f))
        if (strncmp(line, key, strlen(key)) == 0) {
            mask = strtoull(line + strlen(key), NULL, 16);
            found = (mask >> (SIGPIPE - 1)) & 1;
        }
    if (f)
        fclose(f);
    return found;
}

/* Is SIGPIPE pending, as libc and (where it says) the kernel see it? */
static int pipe_pending(void)
{
    sigset_t set;
    int k = kernel_sigpipe("SigPnd:"), shared = kernel_sigpipe("ShdPnd:");

    sigpending(&set);
    if (k >= 0 && (k | shared) != sigismember(&set, SIGPIPE))
        return -1;              /* the two disagree */
    return sigismember(&set, SIGPIPE);
}

/* sigpipe SC INPUT: qemu's script must leave INPUT (8 MiB) unread.  The
 * SIGPIPE a call raises is consumed, one the host had pending is kept,
 * the host's mask comes back, and a call without input touches none. */
static int cmd_sigpipe(char **av, int ac)
{
    hooks_ctx *ctx = open_ctx(av[0]);
    hooks_opts opts = { 0 };
    sigset_t pipe_set, after;
    hooks_status st;
    char *input = slurp(av[1], &opts.input_len);
    int sig;

    (void)ac;
    opts.input = input;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, NULL);
    st = hooks_run(ctx, HOOKS_DRIVER_QEMU, "t", HOOKS_OP_START,
                   HOOKS_SUBOP_BEGIN, NULL, &opts, NULL);
    expect(st == HOOKS_OK, "blocked SIGPIPE, unread input: ok");
    expect(pipe_pending() == 0, "the call's own SIGPIPE is not left");
    raise(SIGPIPE);
    expect(pipe_pending() == 1, "a SIGPIPE of the host's is pending");
    st = hooks_run(ctx, HOOKS_DRIVER_QEMU, "t", HOOKS_OP_START,
                   HOOKS_SUBOP_BEGIN, NULL, &opts, NULL);
    expect(st == HOOKS_OK && pipe_pending() == 1,
           "... and still pending after a call that raised one too");
    if (pipe_pending() == 1)    /* else sigwait() would wait for ever */
        sigwait(&pipe_set, &sig);
    pthread_sigmask(SIG_UNBLOCK, &pipe_set, NULL);
    st = hooks_run(ctx, HOOKS_DRIVER_QEMU, "t", HOOKS_OP_START,
                   HOOKS_SUBOP_BEGIN, NULL, &opts, NULL);
    pthread_sigmask(SIG_BLOCK, NULL, &after);
    expect(st == HOOKS_OK && !sigismember(&after, SIGPIPE)
           && kernel_sigpipe("SigBlk:") != 1,
           "SIGPIPE at its default: the host lives, its mask comes back");
    opts.input = NULL;
    opts.input_len = 0;
    st = hooks_run(ctx, HOOKS_DRIVER_QEMU, "t", HOOKS_OP_START,
                   HOOKS_SUBOP_BEGIN, NULL, &opts, NULL);
    expect(st == HOOKS_OK && pipe_pending() == 0, "no input: ok");
    free(input);
    hooks_ctx_free(ctx);
    return finish();
}

/* strerror NAME: this libc's text for an errno, so that tests of messages
 * hold on glibc and musl alike. */
static int cmd_strerror(char **av, int ac)
{
    static const struct { const char *name; int value; } errs[] = {
        { "ENOENT", ENOENT }, { "ENOEXEC", ENOEXEC }, { "EMFILE", EMFILE },
        { "ECHILD", ECHILD }, { "E2BIG", E2BIG }, { "EACCES", EACCES },
        { "ELOOP", ELOOP },
    };
    size_t i;

    (void)ac;
    for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++)
        if (strcmp(errs[i].name, av[0]) == 0) {
            puts(strerror(errs[i].value));
            return 0;
        }
    return 2;
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(char **, int);
        int min;
    } cmds[] = {
        { "invoke", cmd_invoke, 2 }, { "call", cmd_call, 6 },
        { "typed", cmd_typed, 6 },
        { "loop", cmd_loop, 1 }, { "threads", cmd_threads, 1 },
        { "eintr", cmd_eintr, 1 }, { "ownchild", cmd_ownchild, 1 },
        { "emfile", cmd_emfile, 1 }, { "rescan", cmd_rescan, 1 },
        { "twodirs", cmd_twodirs, 2 }, { "invalid", cmd_invalid, 1 },
        { "toolong", cmd_toolong, 0 }, { "cancel", cmd_cancel, 1 },
        { "bounds", cmd_bounds, 3 }, { "strerror", cmd_strerror, 1 },
        { "sigchld", cmd_sigchld, 1 }, { "features", cmd_features, 0 },
        { "oom", cmd_oom, 1 }, { "stealer", cmd_stealer, 1 },
        { "nocldwait", cmd_nocldwait, 1 }, { "e2big", cmd_e2big, 1 },
        { "nosyscall", cmd_nosyscall, 2 }, { "version", cmd_version, 0 },
        { "badinput", cmd_badinput, 1 }, { "own", cmd_own, 2 },
        { "cancelflag", cmd_cancelflag, 2 },
        { "rescanning", cmd_rescanning, 1 }, { "forker", cmd_forker, 1 },
        { "scan", cmd_scan, 1 }, { "held", cmd_held, 1 },
        { "env", cmd_env, 0 }, { "explain", cmd_explain, 2 },
        { "explainrun", cmd_explainrun, 1 },
        { "sigpipe", cmd_sigpipe, 2 }, { "smallstack", cmd_smallstack, 2 },
        { "groupsig", cmd_groupsig, 2 }, { "ownfds", cmd_ownfds, 1 },
        { "nodump", cmd_nodump, 1 },
    };
    size_t i;

    setvbuf(stdout, NULL, _IOLBF, 0);
    for (i = 0; argc > 1 && i < sizeof(cmds) / sizeof(cmds[0]); i++)
        if (strcmp(cmds[i].name, argv[1]) == 0 && argc - 2 >= cmds[i].min)
            return cmds[i].fn(argv + 2, argc - 2);
    fputs("usage: apitest COMMAND ARGS (see the source)\n", stderr);
    return 2;
}
