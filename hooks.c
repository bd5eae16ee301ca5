/* hooks.c -- run libvirt-style synchronous hook scripts.  See hooks.h.
 *
 * One call is: fork; in the child reset signals, put the pipes on 0/1/2,
 * close every other fd, execve with a fixed small environment; in the
 * parent feed stdin while draining stdout and stderr in one poll loop, then
 * reap exactly the child it made.  An exec failure travels back to the
 * parent as an errno on a close-on-exec pipe, so it is never confused with
 * a script that exits 126 or 127.
 */
/* A vendor may build this file with no feature macro at all. */
#if !defined(_POSIX_C_SOURCE) && !defined(_XOPEN_SOURCE) \
    && !defined(_GNU_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif

#include "hooks.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef HOOKS_SYSCONFDIR
#define HOOKS_SYSCONFDIR "/etc"
#endif

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* One past the highest signal number we know of at compile time.  NSIG is
 * not POSIX (glibc has _NSIG even in strict mode), and on FreeBSD it counts
 * only the old 32 signals: hooks_nsig() also asks SIGRTMAX.  Resetting a
 * number that is no signal only fails with EINVAL, so guessing high is
 * harmless. */
#if defined(NSIG)
#define HOOKS_NSIG NSIG
#elif defined(_NSIG)
#define HOOKS_NSIG _NSIG
#else
#define HOOKS_NSIG 129
#endif

/* Largest single read() or write(): some kernels refuse counts over
 * INT_MAX, and a pipe moves at most a few pages per call anyway. */
#define HOOKS_IO_MAX (1u << 20)

#define HOOKS_SUBDIR "/libvirt/hooks"
#define HOOKS_READ_CHUNK 65536

/* POSIX wants the application to declare it. */
extern char **environ;

/* ---- names --------------------------------------------------------- */

static const char *const hooks_driver_names[HOOKS_DRIVER_COUNT] = {
    "daemon", "qemu", "lxc"
};

static const char *const hooks_op_names[HOOKS_OP_COUNT] = {
    "start", "shutdown", "reload", "stopped"
};

static const char *const hooks_subop_names[HOOKS_SUBOP_COUNT] = {
    "-", "begin", "end"
};

/* Bit i set: the driver has operation i. */
static const unsigned hooks_driver_ops[HOOKS_DRIVER_COUNT] = {
    1u << HOOKS_OP_START | 1u << HOOKS_OP_SHUTDOWN | 1u << HOOKS_OP_RELOAD,
    1u << HOOKS_OP_START | 1u << HOOKS_OP_STOPPED,
    1u << HOOKS_OP_START | 1u << HOOKS_OP_STOPPED
};

static const char *const hooks_state_names[] = {
    "absent", "present", "not-executable", "not-regular", "broken"
};

static const char *const hooks_status_names[] = {
    "ok", "no-hook", "exited", "signaled", "exec-failed", "internal",
    "invalid", "too-long"
};

/* Through unsigned, a negative enum value is out of range too. */
static const char *hooks_name(const char *const *names, size_t n, unsigned i)
{
    return i < n ? names[i] : NULL;
}

static int hooks_lookup(const char *const *names, size_t n, const char *name)
{
    size_t i;

    for (i = 0; name && i < n; i++)
        if (strcmp(names[i], name) == 0)
            return (int)i;
    return -1;
}

#define HOOKS_NELEM(a) (sizeof(a) / sizeof((a)[0]))

const char *hooks_driver_name(hooks_driver d)
{
    return hooks_name(hooks_driver_names, HOOKS_NELEM(hooks_driver_names),
                      (unsigned)d);
}

const char *hooks_op_name(hooks_op op)
{
    return hooks_name(hooks_op_names, HOOKS_NELEM(hooks_op_names),
                      (unsigned)op);
}

const char *hooks_subop_name(hooks_subop s)
{
    return hooks_name(hooks_subop_names, HOOKS_NELEM(hooks_subop_names),
                      (unsigned)s);
}

const char *hooks_state_name(hooks_state s)
{
    return hooks_name(hooks_state_names, HOOKS_NELEM(hooks_state_names),
                      (unsigned)s);
}

const char *hooks_status_name(hooks_status s)
{
    return hooks_name(hooks_status_names, HOOKS_NELEM(hooks_status_names),
                      (unsigned)s);
}

int hooks_driver_from_name(const char *name, hooks_driver *out)
{
    int i = hooks_lookup(hooks_driver_names, HOOKS_NELEM(hooks_driver_names),
                         name);
    if (i < 0)
        return -1;
    *out = (hooks_driver)i;
    return 0;
}

int hooks_op_from_name(const char *name, hooks_op *out)
{
    int i = hooks_lookup(hooks_op_names, HOOKS_NELEM(hooks_op_names), name);
    if (i < 0)
        return -1;
    *out = (hooks_op)i;
    return 0;
}

int hooks_subop_from_name(const char *name, hooks_subop *out)
{
    int i = hooks_lookup(hooks_subop_names, HOOKS_NELEM(hooks_subop_names),
                         name);
    if (i < 0)
        return -1;
    *out = (hooks_subop)i;
    return 0;
}

int hooks_driver_has_op(hooks_driver d, hooks_op op)
{
    return (unsigned)d < HOOKS_DRIVER_COUNT && (unsigned)op < HOOKS_OP_COUNT
        && (hooks_driver_ops[d] >> op & 1u);
}

static size_t hooks_min(size_t a, size_t b)
{
    return a < b ? a : b;
}

/* ---- growable byte buffer ------------------------------------------ */

typedef struct hooks_buf {
    char *data;
    size_t len, cap;
} hooks_buf;

/* Make room for at least `more` bytes plus a NUL, doubling so that a large
 * stream costs O(log n) reallocations. */
static int hooks_buf_reserve(hooks_buf *b, size_t more)
{
    size_t cap = b->cap ? b->cap : 256;
    char *p;

    if (more > (size_t)-1 - b->len - 1)
        return -1;
    while (cap - b->len < more + 1) {
        if (cap > (size_t)-1 / 2)
            return -1;
        cap *= 2;
    }
    if (cap == b->cap)
        return 0;
    p = realloc(b->data, cap);
    if (!p)
        return -1;
    b->data = p;
    b->cap = cap;
    return 0;
}

static int hooks_buf_add(hooks_buf *b, const char *s, size_t n)
{
    if (hooks_buf_reserve(b, n) < 0)
        return -1;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

static int hooks_buf_str(hooks_buf *b, const char *s)
{
    return hooks_buf_add(b, s, strlen(s));
}

/* ---- context and scan ---------------------------------------------- */

struct hooks_script {
    char *path;
    hooks_state state;
    const char *why;        /* static text, or NULL */
};

struct hooks_ctx {
    char *dir;                                  /* SYSCONFDIR/libvirt/hooks */
    struct hooks_script main[HOOKS_DRIVER_COUNT];
};

/* Classify a path the way the daemon does: stat() follows symlinks, so a
 * link to an executable is a script, and a link to nothing is not. */
static void hooks_examine(struct hooks_script *s)
{
    struct stat st;

    s->why = NULL;
    if (stat(s->path, &st) != 0) {
        int e = errno;

        s->state = HOOKS_BROKEN;
        if (e == ENOENT && lstat(s->path, &st) == 0)
            s->why = "dangling symbolic link";
        else if (e == ENOENT || e == ENOTDIR)
            s->state = HOOKS_ABSENT;
        else if (e == ELOOP)
            s->why = "too many levels of symbolic links";
        else if (e == EACCES)
            s->why = "permission denied on a directory of its path";
        else
            s->why = "cannot be examined";
    } else if (!S_ISREG(st.st_mode)) {
        s->state = HOOKS_NOT_REGULAR;
        s->why = S_ISDIR(st.st_mode) ? "is a directory"
                                     : "not a regular file";
    } else if (faccessat(AT_FDCWD, s->path, X_OK, AT_EACCESS) != 0) {
        s->state = HOOKS_NOT_EXECUTABLE;
        s->why = "not executable";
    } else {
        s->state = HOOKS_PRESENT;
    }
}

static char *hooks_join(const char *a, const char *b, const char *c)
{
    size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
    char *p;

    if (la + lb + lc >= PATH_MAX)
        return NULL;
    p = malloc(la + lb + lc + 1);
    if (p) {
        memcpy(p, a, la);
        memcpy(p + la, b, lb);
        memcpy(p + la + lb, c, lc + 1);
    }
    return p;
}

hooks_status hooks_ctx_new(const char *sysconfdir, hooks_ctx **out)
{
    hooks_ctx *ctx;
    size_t i, longest = 0;

    if (!out)
        return HOOKS_INVALID;
    *out = NULL;
    if (!sysconfdir)
        sysconfdir = HOOKS_SYSCONFDIR;
    if (!*sysconfdir)
        return HOOKS_INVALID;
    for (i = 0; i < HOOKS_DRIVER_COUNT; i++)
        if (strlen(hooks_driver_names[i]) > longest)
            longest = strlen(hooks_driver_names[i]);
    if (strlen(sysconfdir) + strlen(HOOKS_SUBDIR "/") + longest >= PATH_MAX)
        return HOOKS_TOOLONG;

    ctx = calloc(1, sizeof(*ctx));
    if (!ctx)
        return HOOKS_INTERNAL;
    ctx->dir = hooks_join(sysconfdir, HOOKS_SUBDIR, "");
    for (i = 0; ctx->dir && i < HOOKS_DRIVER_COUNT; i++) {
        ctx->main[i].path = hooks_join(ctx->dir, "/", hooks_driver_names[i]);
        if (!ctx->main[i].path)
            break;
    }
    if (i < HOOKS_DRIVER_COUNT) {
        hooks_ctx_free(ctx);
        return HOOKS_INTERNAL;
    }
    hooks_rescan(ctx);
    *out = ctx;
    return HOOKS_OK;
}

const char *hooks_default_sysconfdir(void)
{
    return HOOKS_SYSCONFDIR;
}

void hooks_ctx_free(hooks_ctx *ctx)
{
    size_t i;

    if (!ctx)
        return;
    for (i = 0; i < HOOKS_DRIVER_COUNT; i++)
        free(ctx->main[i].path);
    free(ctx->dir);
    free(ctx);
}

void hooks_rescan(hooks_ctx *ctx)
{
    size_t i;

    for (i = 0; i < HOOKS_DRIVER_COUNT; i++)
        hooks_examine(&ctx->main[i]);
}

const char *hooks_dir(const hooks_ctx *ctx)
{
    return ctx->dir;
}

static const struct hooks_script *hooks_main(const hooks_ctx *ctx,
                                             hooks_driver d)
{
    return (unsigned)d < HOOKS_DRIVER_COUNT ? &ctx->main[d] : NULL;
}

const char *hooks_script_path(const hooks_ctx *ctx, hooks_driver d)
{
    const struct hooks_script *s = hooks_main(ctx, d);
    return s ? s->path : NULL;
}

hooks_state hooks_script_state(const hooks_ctx *ctx, hooks_driver d)
{
    const struct hooks_script *s = hooks_main(ctx, d);
    return s ? s->state : HOOKS_ABSENT;
}

const char *hooks_script_warning(const hooks_ctx *ctx, hooks_driver d)
{
    const struct hooks_script *s = hooks_main(ctx, d);
    return s ? s->why : NULL;
}

/* ---- the child ----------------------------------------------------- */

/* Everything the child needs, prepared by the parent: after fork() in a
 * threaded host only async-signal-safe calls are allowed, so no malloc,
 * no getenv, no stdio below. */
struct hooks_spawn {
    const char *path;
    char *const *argv;
    char *const *envp;
    int fd[3];              /* become the child's 0, 1 and 2 */
    int report;             /* write end of the exec-errno pipe */
    long maxfd;             /* close everything from 3 below this */
    int nsig;               /* reset signals 1 .. nsig-1 */
    struct sigaction dfl;   /* SIG_DFL, built before fork */
};

static int hooks_nsig(void)
{
    int n = HOOKS_NSIG;

#ifdef SIGRTMAX
    if (SIGRTMAX + 1 > n)
        n = SIGRTMAX + 1;
#endif
    return n;
}

/* Close every fd from 3 below maxfd except keep.  One close() per possible
 * fd costs milliseconds under a high fd limit; poll() with no events says
 * in one call which of a chunk of fds are open (the rest get POLLNVAL), so
 * only those are closed.  Both calls are async-signal-safe. */
static void hooks_close_fds(long maxfd, int keep)
{
    struct pollfd p[512];
    long base;
    int i, n, polled;

    for (base = 3; base < maxfd; base += n) {
        n = maxfd - base < 512 ? (int)(maxfd - base) : 512;
        for (i = 0; i < n; i++) {
            p[i].fd = (int)(base + i);
            p[i].events = 0;
            p[i].revents = 0;
        }
        polled = poll(p, (nfds_t)n, 0) >= 0;
        for (i = 0; i < n; i++)
            if (p[i].fd != keep && !(polled && (p[i].revents & POLLNVAL)))
                (void)close(p[i].fd);
    }
}

static void hooks_child(const struct hooks_spawn *sp)
{
    sigset_t none;
    int sig, fd, e;

    /* All signals are blocked (the parent did so before fork), so no host
     * handler can run here while the dispositions are reset; exec itself
     * resets caught signals but keeps ignored ones, which would leak the
     * host's SIG_IGN for SIGPIPE into the script. */
    for (sig = 1; sig < sp->nsig; sig++)
        (void)sigaction(sig, &sp->dfl, NULL);

    /* Every source fd is >= 3 (see hooks_pipe), so no dup2 can overwrite
     * a source still to be copied, and dup2 clears close-on-exec. */
    for (fd = 0; fd < 3; fd++)
        if (dup2(sp->fd[fd], fd) < 0)
            goto fail;

    /* The host's own descriptors, inherited or not close-on-exec, must not
     * reach the script; ours are closed here too. */
    hooks_close_fds(sp->maxfd, sp->report);

    sigemptyset(&none);
    (void)sigprocmask(SIG_SETMASK, &none, NULL);
    execve(sp->path, sp->argv, sp->envp);
fail:
    e = errno;
    while (write(sp->report, &e, sizeof(e)) < 0 && errno == EINTR)
        ;
    _exit(127);
}

/* ---- the parent ---------------------------------------------------- */

/* The script's environment, as the daemon builds it: LC_ALL=C, then these
 * from the host when set, in this order, and nothing else.  The pointers go
 * straight into environ: nothing is copied. */
static const char *const hooks_env_keep[] = {
    "LD_PRELOAD", "LD_LIBRARY_PATH", "PATH", "HOME", "USER", "LOGNAME",
    "TMPDIR"
};

#define HOOKS_ENV_MAX (1 + HOOKS_NELEM(hooks_env_keep) + 1)

static void hooks_build_env(char *envp[HOOKS_ENV_MAX])
{
    static char lc_all[] = "LC_ALL=C";
    size_t i, n = 0, klen;
    char **e;

    envp[n++] = lc_all;
    for (i = 0; i < HOOKS_NELEM(hooks_env_keep); i++) {
        klen = strlen(hooks_env_keep[i]);
        for (e = environ; e && *e; e++) {
            if (strncmp(*e, hooks_env_keep[i], klen) == 0 && (*e)[klen] == '=') {
                envp[n++] = *e;
                break;
            }
        }
    }
    envp[n] = NULL;
}

/* Give fd close-on-exec and a number >= 3: if the host runs with 0, 1 or
 * 2 closed, pipe() hands those out, and the child's dup2 onto 0..2 would
 * then clobber one source with another. */
static int hooks_fd_prepare(int fd)
{
    int high;

    if (fd > 2)
        high = fcntl(fd, F_SETFD, FD_CLOEXEC) < 0 ? -1 : fd;
    else
        high = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    if (high != fd) {
        int e = errno;
        close(fd);
        errno = e;
    }
    return high;
}

static void hooks_close(int *fd)
{
    if (*fd >= 0) {
        close(*fd);
        *fd = -1;
    }
}

/* A pipe whose ends are close-on-exec and >= 3.  The window between pipe()
 * and fcntl() in which another thread's fork could inherit an end is
 * closed for our own children, which close every fd. */
static int hooks_pipe(int p[2])
{
    int raw[2];

    p[0] = p[1] = -1;
    if (pipe(raw) < 0)
        return -1;
    p[0] = hooks_fd_prepare(raw[0]);
    p[1] = hooks_fd_prepare(raw[1]);
    if (p[0] < 0 || p[1] < 0) {
        int e = errno;
        hooks_close(&p[0]);
        hooks_close(&p[1]);
        errno = e;
        return -1;
    }
    return 0;
}

static int hooks_nonblock(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

/* State of one call, parent side. */
struct hooks_call {
    const char *const *argv;    /* path, object, op, subop, extra, NULL */
    const hooks_opts *opts;
    int in, out, err;           /* our ends: stdin writer, readers */
    size_t in_off;
    hooks_buf outbuf, errbuf;
    int sigpipe_hit;            /* a write to stdin got EPIPE */
    const char *failed_call;    /* for HOOKS_INTERNAL messages */
};

/* Read what is there.  Returns 0, or -1 with errno on a real error; sets
 * *fd to -1 at end of file.  When stdout is not wanted the buffer is
 * reused, so a chatty script costs no memory. */
static int hooks_drain(int *fd, hooks_buf *b, int keep)
{
    ssize_t n;

    if (!keep)
        b->len = 0;
    if (hooks_buf_reserve(b, HOOKS_READ_CHUNK) < 0) {
        errno = ENOMEM;
        return -1;
    }
    n = read(*fd, b->data + b->len, hooks_min(b->cap - b->len - 1,
                                              HOOKS_IO_MAX));
    if (n > 0) {
        b->len += (size_t)n;
        b->data[b->len] = '\0';
    } else if (n == 0) {
        hooks_close(fd);
    } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        return -1;
    }
    return 0;
}

/* Write the next part of stdin straight from the caller's buffer. */
static int hooks_feed(struct hooks_call *c)
{
    const char *data = c->opts->input;
    ssize_t n = 0;

    if (c->in_off < c->opts->input_len)
        n = write(c->in, data + c->in_off,
                  hooks_min(c->opts->input_len - c->in_off, HOOKS_IO_MAX));
    if (n > 0)
        c->in_off += (size_t)n;
    else if (n < 0 && errno == EPIPE)
        c->sigpipe_hit = 1;     /* the script stopped reading: not an error */
    else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
        return -1;
    if (c->in_off == c->opts->input_len || c->sigpipe_hit)
        hooks_close(&c->in);
    return 0;
}

/* Feed stdin and drain stdout and stderr together until all three are
 * done: a script that writes megabytes to stderr before it reads stdin
 * cannot deadlock against us. */
static int hooks_exchange(struct hooks_call *c)
{
    struct pollfd pfd[3];
    int *fds[3];
    nfds_t n, i;

    for (;;) {
        n = 0;
        if (c->in >= 0) {
            pfd[n].fd = c->in;
            pfd[n].events = POLLOUT;
            fds[n++] = &c->in;
        }
        if (c->out >= 0) {
            pfd[n].fd = c->out;
            pfd[n].events = POLLIN;
            fds[n++] = &c->out;
        }
        if (c->err >= 0) {
            pfd[n].fd = c->err;
            pfd[n].events = POLLIN;
            fds[n++] = &c->err;
        }
        if (n == 0)
            return 0;
        if (poll(pfd, n, -1) < 0) {
            if (errno == EINTR)
                continue;
            c->failed_call = "poll";
            return -1;
        }
        for (i = 0; i < n; i++) {
            int r = 0;

            if (!pfd[i].revents)
                continue;
            if (fds[i] == &c->in)
                r = hooks_feed(c);
            else if (fds[i] == &c->out)
                r = hooks_drain(&c->out, &c->outbuf,
                                c->opts->capture_stdout);
            else
                r = hooks_drain(&c->err, &c->errbuf, 1);
            if (r < 0) {
                c->failed_call = fds[i] == &c->in ? "write" : "read";
                return -1;
            }
        }
    }
}

static pid_t hooks_reap(pid_t pid, int *wstatus)
{
    pid_t r;

    while ((r = waitpid(pid, wstatus, 0)) < 0 && errno == EINTR)
        ;
    return r;
}

/* Read the child's exec report: end of file means execve succeeded. */
static int hooks_exec_errno(int fd)
{
    int e = 0;
    size_t got = 0;
    ssize_t n;

    while (got < sizeof(e)) {
        n = read(fd, (char *)&e + got, sizeof(e) - got);
        if (n > 0)
            got += (size_t)n;
        else if (n == 0 || errno != EINTR)
            break;
    }
    return got == sizeof(e) ? e : 0;
}

/* The thread-safe strerror, whichever flavour of strerror_r the includer's
 * feature macros select. */
static const char *hooks_strerror(int e, char *buf, size_t len)
{
#if defined(__GLIBC__) && defined(_GNU_SOURCE)
    return strerror_r(e, buf, len);
#else
    if (strerror_r(e, buf, len) != 0)
        snprintf(buf, len, "error %d", e);
    return buf;
#endif
}

/* "hook PATH A B C D: WHAT: TAIL" (or "hook HEAD: WHAT: TAIL" when there is
 * no argv), where TAIL is the captured stderr without its trailing
 * newlines.  On allocation failure the message is simply missing. */
static char *hooks_message(const char *const *argv, const char *head,
                           const char *what, const char *tail, size_t tlen)
{
    hooks_buf m = { NULL, 0, 0 };
    int ok, i;

    while (tlen > 0 && tail[tlen - 1] == '\n')
        tlen--;
    ok = hooks_buf_str(&m, "hook ") == 0;
    for (i = 0; ok && argv && argv[i]; i++)
        ok = (i == 0 || hooks_buf_str(&m, " ") == 0)
            && hooks_buf_str(&m, argv[i]) == 0;
    if (ok && !argv)
        ok = hooks_buf_str(&m, head) == 0;
    ok = ok && hooks_buf_str(&m, ": ") == 0 && hooks_buf_str(&m, what) == 0;
    if (ok && tlen > 0)
        ok = hooks_buf_str(&m, ": ") == 0 && hooks_buf_add(&m, tail, tlen) == 0;
    if (!ok) {
        free(m.data);
        return NULL;
    }
    return m.data;
}

static void hooks_describe(hooks_result *res, const char *const *argv,
                           const char *failed_call)
{
    char what[160], ebuf[128];

    switch (res->status) {
    case HOOKS_EXITED:
        snprintf(what, sizeof(what), "exit status %d", res->code);
        break;
    case HOOKS_SIGNALED:
        snprintf(what, sizeof(what), "fatal signal %d", res->code);
        break;
    case HOOKS_EXEC_FAILED:
        snprintf(what, sizeof(what), "cannot execute: %s",
                 hooks_strerror(res->code, ebuf, sizeof(ebuf)));
        break;
    case HOOKS_INTERNAL:
        snprintf(what, sizeof(what), "internal error: %s: %s",
                 failed_call ? failed_call : "call",
                 hooks_strerror(res->code, ebuf, sizeof(ebuf)));
        break;
    default:
        return;
    }
    res->message = hooks_message(argv, NULL, what, res->err, res->err_len);
}

/* Run one script that the scan found present.  argv[0] is its path. */
static void hooks_spawn_one(const char *const *argv, const hooks_opts *opts,
                            hooks_result *res)
{
    struct hooks_call c;
    struct hooks_spawn sp;
    char *envp[HOOKS_ENV_MAX];
    int inpipe[2] = { -1, -1 }, outpipe[2] = { -1, -1 };
    int errpipe[2] = { -1, -1 }, report[2] = { -1, -1 }, devnull = -1;
    struct sigaction chld;
    sigset_t all, saved, pipeset, pending;
    int sigpipe_was_pending, wstatus, e, sig;
    pid_t pid;

    memset(&c, 0, sizeof(c));
    c.argv = argv;
    c.opts = opts;
    c.in = c.out = c.err = -1;

    /* With SIGCHLD ignored the kernel reaps the script itself and its exit
     * status is lost: a failing start hook would pass unseen.  Refuse. */
    if (sigaction(SIGCHLD, NULL, &chld) == 0
        && (chld.sa_handler == SIG_IGN || (chld.sa_flags & SA_NOCLDWAIT))) {
        res->status = HOOKS_INTERNAL;
        res->code = ECHILD;
        hooks_describe(res, argv, "SIGCHLD is ignored by the host");
        return;
    }

    hooks_build_env(envp);
    sp.path = argv[0];
    sp.argv = (char *const *)argv;
    sp.envp = envp;
    sp.maxfd = sysconf(_SC_OPEN_MAX);
    if (sp.maxfd < 0)
        sp.maxfd = 1024;
    sp.nsig = hooks_nsig();
    memset(&sp.dfl, 0, sizeof(sp.dfl));
    sp.dfl.sa_handler = SIG_DFL;
    sigemptyset(&sp.dfl.sa_mask);

    /* SIGPIPE stays blocked in this thread for the whole exchange: a write
     * to a script that quit must give EPIPE, never kill the host. */
    sigfillset(&all);
    sigemptyset(&pipeset);
    sigaddset(&pipeset, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipeset, &saved);
    sigpending(&pending);
    sigpipe_was_pending = sigismember(&pending, SIGPIPE);

    if (opts->input) {
        if (hooks_pipe(inpipe) < 0) {
            c.failed_call = "pipe";
            goto fail;
        }
    } else {
        devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
        if (devnull < 0 || (devnull = hooks_fd_prepare(devnull)) < 0) {
            c.failed_call = "open /dev/null";
            goto fail;
        }
    }
    if (hooks_pipe(outpipe) < 0 || hooks_pipe(errpipe) < 0
        || hooks_pipe(report) < 0) {
        c.failed_call = "pipe";
        goto fail;
    }
    sp.fd[0] = opts->input ? inpipe[0] : devnull;
    sp.fd[1] = outpipe[1];
    sp.fd[2] = errpipe[1];
    sp.report = report[1];

    pthread_sigmask(SIG_BLOCK, &all, NULL);
    pid = fork();
    if (pid == 0)
        hooks_child(&sp);
    e = errno;
    pthread_sigmask(SIG_SETMASK, &saved, NULL);
    pthread_sigmask(SIG_BLOCK, &pipeset, NULL);
    if (pid < 0) {
        errno = e;
        c.failed_call = "fork";
        goto fail;
    }

    hooks_close(&report[1]);
    hooks_close(&inpipe[0]);
    hooks_close(&outpipe[1]);
    hooks_close(&errpipe[1]);
    hooks_close(&devnull);
    c.in = inpipe[1];
    c.out = outpipe[0];
    c.err = errpipe[0];
    inpipe[1] = outpipe[0] = errpipe[0] = -1;

    e = hooks_exec_errno(report[0]);
    hooks_close(&report[0]);
    if (e) {
        res->status = HOOKS_EXEC_FAILED;
        res->code = e;
    } else if ((c.in >= 0 && hooks_nonblock(c.in) < 0)
               || hooks_nonblock(c.out) < 0 || hooks_nonblock(c.err) < 0) {
        c.failed_call = "fcntl";
        res->status = HOOKS_INTERNAL;
        res->code = errno;
    } else if (hooks_exchange(&c) < 0) {
        res->status = HOOKS_INTERNAL;
        res->code = errno;
    }
    /* On an error above the script may still run; closing our ends lets it
     * see EOF / EPIPE and end, so the wait below cannot hang on us. */
    hooks_close(&c.in);
    hooks_close(&c.out);
    hooks_close(&c.err);
    if (hooks_reap(pid, &wstatus) < 0) {
        if (res->status == HOOKS_OK) {
            res->status = HOOKS_INTERNAL;
            res->code = errno;
            c.failed_call = "waitpid";
        }
    } else if (res->status == HOOKS_OK) {
        if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) != 0) {
            res->status = HOOKS_EXITED;
            res->code = WEXITSTATUS(wstatus);
        } else if (WIFSIGNALED(wstatus)) {
            res->status = HOOKS_SIGNALED;
            res->code = WTERMSIG(wstatus);
        }
    }
    goto done;

fail:
    res->status = HOOKS_INTERNAL;
    res->code = errno;
done:
    hooks_close(&inpipe[0]);
    hooks_close(&inpipe[1]);
    hooks_close(&outpipe[0]);
    hooks_close(&outpipe[1]);
    hooks_close(&errpipe[0]);
    hooks_close(&errpipe[1]);
    hooks_close(&report[0]);
    hooks_close(&report[1]);
    hooks_close(&devnull);

    /* Swallow the SIGPIPE our own write raised, and only that one. */
    if (c.sigpipe_hit && !sigpipe_was_pending) {
        sigpending(&pending);
        if (sigismember(&pending, SIGPIPE))
            sigwait(&pipeset, &sig);
    }
    pthread_sigmask(SIG_SETMASK, &saved, NULL);

    if (opts->capture_stdout) {
        res->out = c.outbuf.data;
        res->out_len = c.outbuf.len;
    } else {
        free(c.outbuf.data);
    }
    res->err = c.errbuf.data;
    res->err_len = c.errbuf.len;
    hooks_describe(res, argv, c.failed_call);
}

static int hooks_arg_ok(const char *s)
{
    return s && *s;
}

static hooks_status hooks_invalid(hooks_result *res, const char *head,
                                  const char *why)
{
    res->status = HOOKS_INVALID;
    res->code = EINVAL;
    res->message = hooks_message(NULL, head, "invalid argument", why,
                                 strlen(why));
    return HOOKS_INVALID;
}

/* Validate, then run the driver's script if the scan found one.  res is
 * never NULL here. */
static hooks_status hooks_call(const hooks_ctx *ctx, hooks_driver d,
                               const char *object, const char *op,
                               const char *subop, const char *extra,
                               const hooks_opts *opts, hooks_result *res)
{
    static const hooks_opts no_opts = { NULL, 0, 0 };
    const struct hooks_script *s;
    const char *argv[6];

    if (!opts)
        opts = &no_opts;
    if (!object)
        object = "-";
    if (!extra)
        extra = "-";
    if (!ctx)
        return hooks_invalid(res, "(no context)", "context is NULL");
    s = hooks_main(ctx, d);
    if (!s)
        return hooks_invalid(res, "(bad driver)", "driver out of range");
    if (!hooks_arg_ok(object) || !hooks_arg_ok(op) || !hooks_arg_ok(subop)
        || !hooks_arg_ok(extra))
        return hooks_invalid(res, s->path, "an argument is NULL or empty");
    if (!opts->input && opts->input_len)
        return hooks_invalid(res, s->path, "input_len without input");
    if (s->state != HOOKS_PRESENT) {
        res->status = HOOKS_NO_HOOK;
        return res->status;
    }
    argv[0] = s->path;
    argv[1] = object;
    argv[2] = op;
    argv[3] = subop;
    argv[4] = extra;
    argv[5] = NULL;
    hooks_spawn_one(argv, opts, res);
    return res->status;
}

/* res may be NULL for the public calls: use a local one and drop it. */
static hooks_status hooks_call_typed(const hooks_ctx *ctx, hooks_driver d,
                                     const char *object, const char *op,
                                     const char *subop, const char *extra,
                                     const hooks_opts *opts,
                                     hooks_result *res, int typed_ok)
{
    hooks_result own;
    hooks_status st;
    int cancel;

    /* poll, read, waitpid and sigwait are cancellation points; a call cut
     * there would leave its pipes open and its child unreaped. */
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &cancel);
    if (!res)
        res = &own;
    memset(res, 0, sizeof(*res));
    if (!typed_ok)
        st = hooks_invalid(res, hooks_driver_name(d) ? hooks_driver_name(d)
                                                     : "(bad driver)",
                           "no such operation for this driver");
    else
        st = hooks_call(ctx, d, object, op, subop, extra, opts, res);
    if (res == &own)
        hooks_result_free(&own);
    pthread_setcancelstate(cancel, NULL);
    return st;
}

hooks_status hooks_run_args(const hooks_ctx *ctx, hooks_driver d,
                            const char *object, const char *op,
                            const char *subop, const char *extra,
                            const hooks_opts *opts, hooks_result *res)
{
    return hooks_call_typed(ctx, d, object, op, subop, extra, opts, res, 1);
}

hooks_status hooks_run(const hooks_ctx *ctx, hooks_driver d,
                       const char *object, hooks_op op, hooks_subop subop,
                       const char *extra, const hooks_opts *opts,
                       hooks_result *res)
{
    int ok = hooks_driver_has_op(d, op) && hooks_subop_name(subop) != NULL;

    return hooks_call_typed(ctx, d, object, hooks_op_name(op),
                            hooks_subop_name(subop), extra, opts, res, ok);
}

void hooks_result_free(hooks_result *res)
{
    if (!res)
        return;
    free(res->out);
    free(res->err);
    free(res->message);
    memset(res, 0, sizeof(*res));
}
