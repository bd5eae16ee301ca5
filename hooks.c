/* hooks.c -- run libvirt-style synchronous hook scripts.  See hooks.h.
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the hooks authors
 *
 * One call is: start a child that has every signal at its default, the
 * pipes on 0/1/2 and no other fd, and execs the script with a fixed small
 * environment; feed stdin while draining stdout and stderr in one poll
 * loop; reap exactly the child it made.  The child comes from
 * posix_spawn() where it can give all of that (glibc 2.34+), else from
 * fork() and hooks_child().  Either way an exec failure comes back as an
 * errno, never confused with a script that exits 126 or 127.
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
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifdef HOOKS_WITH_LIBXML2
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#endif

/* The glibc fast path: posix_spawn() starts the child with a vfork-style
 * clone, so a call costs the same from a host of any size (fork copies the
 * host's page tables), and reports the exec's errno itself.  It can give
 * every guarantee of the fork path only with a file action that closes
 * every fd from 3 up, which glibc has since 2.34 (declared only under
 * _GNU_SOURCE, hence our own declaration without it).  musl has no
 * such action: it takes the fork path, as does -DHOOKS_PORTABLE. */
#if !defined(HOOKS_PORTABLE) && defined(__GLIBC__) \
    && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
#define HOOKS_HAVE_SPAWN 1
#ifndef _GNU_SOURCE
int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *fa,
                                             int from);
#endif
#else
#define HOOKS_HAVE_SPAWN 0
#endif

#ifndef HOOKS_SYSCONFDIR
#define HOOKS_SYSCONFDIR "/etc"
#endif

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* The Linux fast path: pipe2(O_CLOEXEC) makes a close-on-exec pipe in one
 * call and atomically (Linux 2.6.27, glibc 2.9, musl: everywhere in use).
 * glibc declares it only under _GNU_SOURCE, hence our own declaration
 * without it; musl declares it always.  -DHOOKS_PORTABLE keeps to
 * POSIX.1-2008 calls everywhere. */
#if defined(__linux__) && !defined(HOOKS_PORTABLE)
#define HOOKS_HAVE_PIPE2 1
#if defined(__GLIBC__) && !defined(_GNU_SOURCE)
int pipe2(int fd[2], int flags);
#endif
#else
#define HOOKS_HAVE_PIPE2 0
#endif

/* The Linux fast path for big captures: madvise(MADV_POPULATE_WRITE)
 * (Linux 5.14) faults in the next pages of a growing buffer in one call.
 * Each fresh page otherwise costs a page fault of its own, and a fault can
 * cost 10 us on a virtual machine: 256 MiB captured would then cost more in
 * faults than in copying.  Older kernels say EINVAL, and the buffer goes
 * on without.  Declared here for the same reason as pipe2; 23 is its value
 * on every Linux architecture. */
#if defined(__linux__) && !defined(HOOKS_PORTABLE)
#define HOOKS_HAVE_POPULATE 1
#define HOOKS_MADV_POPULATE_WRITE 23
int madvise(void *addr, size_t len, int advice);
#else
#define HOOKS_HAVE_POPULATE 0
#endif
/* From this size on a capture is big, and populated this far ahead. */
#define HOOKS_POPULATE_FROM ((size_t)1 << 20)
#define HOOKS_POPULATE_STEP ((size_t)2 << 20)

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

/* POSIX wants the application to declare it; glibc and musl declare it
 * themselves under _GNU_SOURCE (a second declaration would only be
 * redundant, but strict vendors warn about it).  No BSD or macOS header
 * declares it. */
#if !(defined(__linux__) && defined(_GNU_SOURCE))
extern char **environ;
#endif

/* ---- names and the table of calls ---------------------------------- */

static const char *const hooks_driver_names[HOOKS_DRIVER_COUNT] = {
    "daemon", "qemu", "lxc", "network", "libxl", "bhyve"
};

static const char *const hooks_op_names[HOOKS_OP_COUNT] = {
    "start", "shutdown", "reload", "stopped", "prepare", "started",
    "release", "migrate", "restore", "reconnect", "attach", "port-created",
    "port-deleted", "updated"
};

static const char *const hooks_subop_names[HOOKS_SUBOP_COUNT] = {
    "-", "begin", "end"
};

static const char *const hooks_reason_names[HOOKS_REASON_COUNT] = {
    "unknown", "shutdown", "destroyed", "crashed", "migrated", "saved",
    "failed", "daemon", "from snapshot"
};

/* Every call the daemon makes: for each driver and operation, the
 * sub-operation it pairs with it, or HX where the driver has no such
 * operation. */
#define HX (-1)
#define HN HOOKS_SUBOP_NONE
#define HB HOOKS_SUBOP_BEGIN
#define HE HOOKS_SUBOP_END
static const signed char hooks_calls[HOOKS_DRIVER_COUNT][HOOKS_OP_COUNT] = {
    /* start shutdown reload stopped prepare started release migrate
       restore reconnect attach port-created port-deleted updated */
    /* daemon  */ { HN, HN, HB, HX, HX, HX, HX, HX, HX, HX, HX, HX, HX, HX },
    /* qemu    */ { HB, HX, HX, HE, HB, HB, HE, HB, HB, HB, HB, HX, HX, HX },
    /* lxc     */ { HB, HX, HX, HE, HB, HB, HE, HX, HX, HB, HX, HX, HX, HX },
    /* network */ { HB, HX, HX, HE, HX, HB, HX, HX, HX, HX, HX, HB, HB, HB },
    /* libxl   */ { HB, HX, HX, HE, HB, HB, HE, HB, HX, HB, HX, HX, HX, HX },
    /* bhyve   */ { HB, HX, HX, HE, HB, HB, HE, HX, HX, HX, HX, HX, HX, HX }
};
#undef HX
#undef HN
#undef HB
#undef HE

static const char *const hooks_state_names[] = {
    "absent", "present", "not-executable", "not-regular", "broken",
    "skipped"
};

static const char *const hooks_status_names[] = {
    "ok", "no-hook", "exited", "signaled", "exec-failed", "internal",
    "bad-output", "timed-out", "output-limit", "invalid", "too-long"
};

/* Through unsigned, a negative enum value is out of range too. */
static const char *hooks_name(const char *const *names, size_t n, unsigned i)
{
    return i < n ? names[i] : NULL;
}

/* The index of name in names, or -1. */
static int hooks_lookup(const char *const *names, size_t n, const char *name)
{
    size_t i;

    for (i = 0; name && i < n; i++)
        if (strcmp(names[i], name) == 0)
            return (int)i;
    return -1;
}

#define HOOKS_NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define HOOKS_NAME(table, v) \
    hooks_name(table, HOOKS_NELEM(table), (unsigned)(v))
#define HOOKS_PARSE(table, type, name, out) \
    do { \
        int i_ = hooks_lookup(table, HOOKS_NELEM(table), name); \
        if (i_ < 0) \
            return -1; \
        *(out) = (type)i_; \
        return 0; \
    } while (0)

const char *hooks_driver_name(hooks_driver d)
{
    return HOOKS_NAME(hooks_driver_names, d);
}

const char *hooks_op_name(hooks_op op)
{
    return HOOKS_NAME(hooks_op_names, op);
}

const char *hooks_subop_name(hooks_subop s)
{
    return HOOKS_NAME(hooks_subop_names, s);
}

const char *hooks_reason_name(hooks_reason r)
{
    return HOOKS_NAME(hooks_reason_names, r);
}

const char *hooks_state_name(hooks_state s)
{
    return HOOKS_NAME(hooks_state_names, s);
}

const char *hooks_status_name(hooks_status s)
{
    return HOOKS_NAME(hooks_status_names, s);
}

int hooks_driver_from_name(const char *name, hooks_driver *out)
{
    HOOKS_PARSE(hooks_driver_names, hooks_driver, name, out);
}

int hooks_op_from_name(const char *name, hooks_op *out)
{
    HOOKS_PARSE(hooks_op_names, hooks_op, name, out);
}

int hooks_subop_from_name(const char *name, hooks_subop *out)
{
    HOOKS_PARSE(hooks_subop_names, hooks_subop, name, out);
}

int hooks_reason_from_name(const char *name, hooks_reason *out)
{
    HOOKS_PARSE(hooks_reason_names, hooks_reason, name, out);
}

hooks_subop hooks_op_subop(hooks_driver d, hooks_op op)
{
    if ((unsigned)d >= HOOKS_DRIVER_COUNT || (unsigned)op >= HOOKS_OP_COUNT
        || hooks_calls[d][op] < 0)
        return HOOKS_SUBOP_COUNT;
    return (hooks_subop)hooks_calls[d][op];
}

int hooks_driver_has_op(hooks_driver d, hooks_op op)
{
    return hooks_op_subop(d, op) != HOOKS_SUBOP_COUNT;
}

int hooks_op_is_filter(hooks_driver d, hooks_op op)
{
    return hooks_driver_has_op(d, op)
        && (op == HOOKS_OP_MIGRATE || op == HOOKS_OP_RESTORE);
}

static size_t hooks_min(size_t a, size_t b)
{
    return a < b ? a : b;
}

/* A read or write on a non-blocking pipe that is worth trying again.
 * POSIX lets EWOULDBLOCK equal EAGAIN or not. */
static int hooks_again(int e)
{
#if EWOULDBLOCK != EAGAIN
    if (e == EWOULDBLOCK)
        return 1;
#endif
    return e == EAGAIN || e == EINTR;
}

/* ---- growable byte buffer ------------------------------------------ */

typedef struct hooks_buf {
    char *data;
    size_t len, cap;
    int over;               /* more came than the limit kept */
    size_t ready;           /* bytes known to be faulted in; -1: never */
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
    if (b->ready != (size_t)-1)
        b->ready = b->len;  /* what lies past len may be fresh memory */
    return 0;
}

/* Before a read into a big buffer: fault in the pages it may fill, and
 * some more, in one call (see HOOKS_HAVE_POPULATE).  Only whole pages of
 * the buffer's own. */
static void hooks_buf_populate(hooks_buf *b)
{
#if HOOKS_HAVE_POPULATE
    uintptr_t from, to, base = (uintptr_t)b->data, page;

    if (b->len < HOOKS_POPULATE_FROM || b->ready == (size_t)-1
        || b->ready >= b->len + HOOKS_READ_CHUNK)
        return;
    page = (uintptr_t)sysconf(_SC_PAGESIZE);
    from = (base + b->ready + page - 1) & ~(uintptr_t)(page - 1);
    to = (base + hooks_min(b->cap, b->len + HOOKS_POPULATE_STEP))
         & ~(uintptr_t)(page - 1);
    if (to <= from)
        return;
    if (madvise((void *)from, to - from, HOOKS_MADV_POPULATE_WRITE) < 0)
        b->ready = (size_t)-1;
    else
        b->ready = to - base;
#else
    (void)b;
#endif
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
    const char *leftover;   /* static text, or NULL */
    int order;              /* 1, 2, ...: place in the run; 0: not run */
};

/* What a scan found for one driver: the main script first, then the
 * entries of DRIVER.d/ sorted by name. */
struct hooks_scan {
    struct hooks_script *s;
    size_t n, present;
};

struct hooks_ctx {
    char *dir;                                  /* SYSCONFDIR/libvirt/hooks */
    unsigned flags;
    struct hooks_scan drv[HOOKS_DRIVER_COUNT];
};

/* Classify a path the way the daemon does: stat() follows symlinks, so a
 * link to an executable is a script, and a link to nothing is not. */
static void hooks_examine(struct hooks_script *s)
{
    struct stat st;

    s->why = NULL;
    if (strlen(s->path) >= PATH_MAX) {
        s->state = HOOKS_BROKEN;
        s->why = "path longer than PATH_MAX";
    } else if (stat(s->path, &st) != 0) {
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

/* What package managers and editors leave beside the files they manage. */
static const char *hooks_leftover(const char *name)
{
    static const struct {
        const char *suffix, *what;
    } kinds[] = {
        { "~", "editor backup" }, { ".swp", "editor swap file" },
        { ".dpkg-old", "dpkg backup" }, { ".dpkg-new", "dpkg new version" },
        { ".dpkg-dist", "dpkg new version" }, { ".dpkg-tmp", "dpkg temporary" },
        { ".rpmsave", "rpm backup" }, { ".rpmorig", "rpm backup" },
        { ".rpmnew", "rpm new version" }
    };
    size_t i, n = strlen(name), k;

    if (name[0] == '.')
        return "hidden file";
    for (i = 0; i < HOOKS_NELEM(kinds); i++) {
        k = strlen(kinds[i].suffix);
        if (n > k && strcmp(name + n - k, kinds[i].suffix) == 0)
            return kinds[i].what;
    }
    return NULL;
}

/* a + b + c in fresh memory. */
static char *hooks_join(const char *a, const char *b, const char *c)
{
    size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
    char *p = malloc(la + lb + lc + 1);

    if (p) {
        memcpy(p, a, la);
        memcpy(p + la, b, lb);
        memcpy(p + la + lb, c, lc + 1);
    }
    return p;
}

static int hooks_path_cmp(const void *a, const void *b)
{
    return strcmp(((const struct hooks_script *)a)->path,
                  ((const struct hooks_script *)b)->path);
}

static void hooks_scan_free(struct hooks_scan *sc)
{
    size_t i;

    for (i = 0; i < sc->n; i++)
        free(sc->s[i].path);
    free(sc->s);
    sc->s = NULL;
    sc->n = sc->present = 0;
}

/* Append a script for path (taken over), or free path on failure. */
static int hooks_scan_add(struct hooks_scan *sc, size_t *cap, char *path)
{
    struct hooks_script *p;

    if (!path)
        return -1;
    if (sc->n == *cap) {
        p = *cap < ((size_t)-1) / 2 / sizeof(*p)
            ? realloc(sc->s, 2 * *cap * sizeof(*p)) : NULL;
        if (!p) {
            free(path);
            return -1;
        }
        sc->s = p;
        *cap *= 2;
    }
    memset(&sc->s[sc->n], 0, sizeof(sc->s[0]));
    sc->s[sc->n++].path = path;
    return 0;
}

/* List DRIVER.d/ into sc after the main script.  A DRIVER.d that exists
 * but cannot be listed becomes an entry of its own, with the reason. */
static int hooks_scan_dir(struct hooks_scan *sc, size_t *cap, const char *dpath)
{
    struct dirent *de;
    DIR *dir = opendir(dpath);
    size_t first = sc->n;

    if (!dir) {
        int e = errno;

        struct stat st;

        /* ENOTDIR from a parent of the path, not from DRIVER.d itself, is
         * an absent DRIVER.d, as is ENOENT. */
        if (e == ENOENT || (e == ENOTDIR && stat(dpath, &st) != 0))
            return 0;
        /* Out of fds or memory says nothing about the directory: fail the
         * scan, so that a rescan keeps the previous one.  So does a name
         * too long (errno stays ENAMETOOLONG: HOOKS_TOOLONG). */
        if (e != ENOTDIR && e != EACCES && e != ELOOP) {
            errno = e;
            return -1;
        }
        if (hooks_scan_add(sc, cap, hooks_join(dpath, "", "")) < 0)
            return -1;
        sc->s[sc->n - 1].state = e == ENOTDIR ? HOOKS_NOT_REGULAR
                                              : HOOKS_BROKEN;
        sc->s[sc->n - 1].why = e == ENOTDIR ? "not a directory"
                                            : "cannot be listed";
        return 0;
    }
    for (;;) {
        errno = 0;
        de = readdir(dir);
        if (!de) {
            if (errno != 0) {           /* a listing cut short */
                closedir(dir);
                return -1;
            }
            break;
        }
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (hooks_scan_add(sc, cap, hooks_join(dpath, "/", de->d_name)) < 0) {
            closedir(dir);
            return -1;
        }
    }
    closedir(dir);
    /* Byte-wise by name: every path has the same directory prefix. */
    qsort(sc->s + first, sc->n - first, sizeof(sc->s[0]), hooks_path_cmp);
    return 0;
}

static int hooks_scan_driver(const hooks_ctx *ctx, hooks_driver d,
                             struct hooks_scan *sc)
{
    size_t cap = 8, i;
    char *dpath;
    int e;

    sc->n = sc->present = 0;
    sc->s = malloc(cap * sizeof(sc->s[0]));
    if (!sc->s
        || hooks_scan_add(sc, &cap,
                          hooks_join(ctx->dir, "/", hooks_driver_names[d])) < 0)
        goto fail;
    dpath = hooks_join(sc->s[0].path, ".d", "");
    if (!dpath || hooks_scan_dir(sc, &cap, dpath) < 0) {
        free(dpath);
        goto fail;
    }
    free(dpath);
    for (i = 0; i < sc->n; i++) {
        struct hooks_script *s = &sc->s[i];

        if (i == 0 || s->why)       /* the main script, or a bad DRIVER.d */
            s->leftover = NULL;
        else
            s->leftover = hooks_leftover(strrchr(s->path, '/') + 1);
        if (!s->why)
            hooks_examine(s);
        if (s->state == HOOKS_PRESENT && s->leftover
            && (ctx->flags & HOOKS_SKIP_LEFTOVERS)) {
            s->state = HOOKS_SKIPPED;
            s->why = s->leftover;
        }
        if (s->state == HOOKS_PRESENT)
            s->order = (int)++sc->present;
    }
    return 0;
fail:
    e = errno;
    hooks_scan_free(sc);
    errno = e;
    return -1;
}

hooks_status hooks_rescan(hooks_ctx *ctx)
{
    struct hooks_scan fresh[HOOKS_DRIVER_COUNT];
    size_t i, j;

    for (i = 0; i < HOOKS_DRIVER_COUNT; i++) {
        if (hooks_scan_driver(ctx, (hooks_driver)i, &fresh[i]) < 0) {
            int e = errno;

            for (j = 0; j < i; j++)
                hooks_scan_free(&fresh[j]);
            return e == ENAMETOOLONG ? HOOKS_TOOLONG : HOOKS_INTERNAL;
        }
    }
    for (i = 0; i < HOOKS_DRIVER_COUNT; i++) {
        hooks_scan_free(&ctx->drv[i]);
        ctx->drv[i] = fresh[i];
    }
    return HOOKS_OK;
}

hooks_status hooks_ctx_new(const char *sysconfdir, unsigned flags,
                           hooks_ctx **out)
{
    hooks_ctx *ctx;
    hooks_status st;
    size_t i, longest = 0;

    if (!out)
        return HOOKS_INVALID;
    *out = NULL;
    if (!sysconfdir)
        sysconfdir = HOOKS_SYSCONFDIR;
    if (!*sysconfdir || (flags & ~HOOKS_SKIP_LEFTOVERS))
        return HOOKS_INVALID;
    for (i = 0; i < HOOKS_DRIVER_COUNT; i++)
        if (strlen(hooks_driver_names[i]) > longest)
            longest = strlen(hooks_driver_names[i]);
    /* The longest path the context itself builds: DIR/libvirt/hooks/X.d */
    if (strlen(sysconfdir) + strlen(HOOKS_SUBDIR "/.d") + longest >= PATH_MAX)
        return HOOKS_TOOLONG;

    ctx = calloc(1, sizeof(*ctx));
    if (!ctx)
        return HOOKS_INTERNAL;
    ctx->flags = flags;
    ctx->dir = hooks_join(sysconfdir, HOOKS_SUBDIR, "");
    st = ctx->dir ? hooks_rescan(ctx) : HOOKS_INTERNAL;
    if (st != HOOKS_OK) {
        hooks_ctx_free(ctx);
        return st;
    }
#ifdef HOOKS_WITH_LIBXML2
    xmlInitParser();
#endif
    *out = ctx;
    return HOOKS_OK;
}

const char *hooks_default_sysconfdir(void)
{
    return HOOKS_SYSCONFDIR;
}

const char *hooks_version(void)
{
    return HOOKS_VERSION;
}

const char *hooks_features(void)
{
    return HOOKS_HAVE_SPAWN ? "pipe2 posix_spawn"
           : HOOKS_HAVE_PIPE2 ? "pipe2" : "portable";
}

void hooks_ctx_free(hooks_ctx *ctx)
{
    size_t i;

    if (!ctx)
        return;
    for (i = 0; i < HOOKS_DRIVER_COUNT; i++)
        hooks_scan_free(&ctx->drv[i]);
    free(ctx->dir);
    free(ctx);
}

const char *hooks_dir(const hooks_ctx *ctx)
{
    return ctx->dir;
}

static const struct hooks_scan *hooks_scan_of(const hooks_ctx *ctx,
                                              hooks_driver d)
{
    return ctx && (unsigned)d < HOOKS_DRIVER_COUNT ? &ctx->drv[d] : NULL;
}

const char *hooks_script_path(const hooks_ctx *ctx, hooks_driver d)
{
    const struct hooks_scan *sc = hooks_scan_of(ctx, d);
    return sc ? sc->s[0].path : NULL;
}

hooks_state hooks_script_state(const hooks_ctx *ctx, hooks_driver d)
{
    const struct hooks_scan *sc = hooks_scan_of(ctx, d);
    return sc ? sc->s[0].state : HOOKS_ABSENT;
}

const char *hooks_script_warning(const hooks_ctx *ctx, hooks_driver d)
{
    const struct hooks_scan *sc = hooks_scan_of(ctx, d);
    return sc ? sc->s[0].why : NULL;
}

int hooks_driver_present(const hooks_ctx *ctx, hooks_driver d)
{
    const struct hooks_scan *sc = hooks_scan_of(ctx, d);
    return sc && sc->present > 0;
}

size_t hooks_script_count(const hooks_ctx *ctx, hooks_driver d)
{
    const struct hooks_scan *sc = hooks_scan_of(ctx, d);
    return sc ? sc->n : 0;
}

int hooks_script_at(const hooks_ctx *ctx, hooks_driver d, size_t i,
                    hooks_script_info *info)
{
    const struct hooks_scan *sc = hooks_scan_of(ctx, d);

    if (!sc || i >= sc->n || !info)
        return -1;
    info->path = sc->s[i].path;
    info->state = sc->s[i].state;
    info->warning = sc->s[i].why;
    info->leftover = sc->s[i].leftover;
    info->order = sc->s[i].order;
    return 0;
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
    int new_group;          /* lead a process group of its own */
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

/* Start the script.  Returns 0 with *pid set and *exec_errno 0, or with
 * *exec_errno set when it could not be executed (then *pid is -1, or a
 * child that has exited 127 and is the caller's to reap); -1 and errno
 * when no child could be made. */
#if HOOKS_HAVE_SPAWN
static int hooks_start(struct hooks_spawn *sp, pid_t *pid, int *exec_errno)
{
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    sigset_t all, none;
    short flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK;
    int fd, e;

    *exec_errno = 0;
    *pid = -1;
    if ((e = posix_spawn_file_actions_init(&fa)) != 0) {
        errno = e;
        return -1;
    }
    if ((e = posix_spawnattr_init(&at)) != 0) {
        posix_spawn_file_actions_destroy(&fa);
        errno = e;
        return -1;
    }
    /* The same child as hooks_child() makes: every signal to its default,
     * nothing blocked, its own group if asked, 0-2 and nothing else. */
    sigfillset(&all);
    sigemptyset(&none);
    if (sp->new_group)
        flags |= POSIX_SPAWN_SETPGROUP;
    e = posix_spawnattr_setflags(&at, flags);
    if (e == 0)
        e = posix_spawnattr_setsigdefault(&at, &all);
    if (e == 0)
        e = posix_spawnattr_setsigmask(&at, &none);
    if (e == 0)
        e = posix_spawnattr_setpgroup(&at, 0);
    for (fd = 0; e == 0 && fd < 3; fd++)
        e = posix_spawn_file_actions_adddup2(&fa, sp->fd[fd], fd);
    if (e == 0)
        e = posix_spawn_file_actions_addclosefrom_np(&fa, 3);
    if (e == 0) {
        /* Any failure from here on is the child's, exec's errno included
         * (glibc waits for the exec and reaps a child that failed). */
        *exec_errno = posix_spawn(pid, sp->path, &fa, &at, sp->argv,
                                  sp->envp);
        if (*exec_errno)
            *pid = -1;
    }
    posix_spawnattr_destroy(&at);
    posix_spawn_file_actions_destroy(&fa);
    if (e != 0) {
        errno = e;
        return -1;
    }
    return 0;
}
#else
/* The fork path: the child is made by hooks_child(), and an exec failure
 * comes back on a close-on-exec pipe. */
static int hooks_pipe(int p[2]);

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

    if (sp->new_group && setpgid(0, 0) < 0)
        goto fail;
    sigemptyset(&none);
    (void)sigprocmask(SIG_SETMASK, &none, NULL);
    execve(sp->path, sp->argv, sp->envp);
fail:
    e = errno;
    while (write(sp->report, &e, sizeof(e)) < 0 && errno == EINTR)
        ;
    _exit(127);
}

/* The exec errno the child reported, or 0 when the pipe closed on exec. */
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

static int hooks_start(struct hooks_spawn *sp, pid_t *pid, int *exec_errno)
{
    sigset_t all, saved;
    int report[2], e;

    *exec_errno = 0;
    if (hooks_pipe(report) < 0)
        return -1;
    sp->report = report[1];
    /* No host handler may run in the child before it has reset them. */
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &saved);
    *pid = fork();
    if (*pid == 0)
        hooks_child(sp);
    e = errno;
    pthread_sigmask(SIG_SETMASK, &saved, NULL);
    close(report[1]);
    if (*pid < 0) {
        close(report[0]);
        errno = e;
        return -1;
    }
    /* Also here: whichever of parent and child runs first, the group
     * exists before a deadline could signal it.  EACCES after the exec
     * is harmless: the child did it. */
    if (sp->new_group)
        (void)setpgid(*pid, *pid);
    *exec_errno = hooks_exec_errno(report[0]);
    close(report[0]);
    return 0;
}
#endif

/* ---- the parent ---------------------------------------------------- */

/* The script's environment, as the daemon builds it: LC_ALL=C, then these
 * from the host when set, in this order, and nothing else.  The pointers go
 * straight into environ: nothing is copied. */
static const char *const hooks_env_keep[] = {
    "LD_PRELOAD", "LD_LIBRARY_PATH", "PATH", "HOME", "USER", "LOGNAME",
    "TMPDIR"
};

#define HOOKS_ENV_MAX (1 + HOOKS_NELEM(hooks_env_keep) + 1)

/* The length of the NAME in "NAME=VALUE", or 0 if it is no such entry. */
static size_t hooks_env_name(const char *e)
{
    const char *eq = e ? strchr(e, '=') : NULL;
    return eq ? (size_t)(eq - e) : 0;
}

/* The script's environment into envp (HOOKS_ENV_MAX entries), or, when the
 * caller adds variables or keeps the host's, into *owned, allocated here
 * before fork (the child may not allocate).  Returns the array to use, or
 * NULL when memory ran out. */
static char **hooks_build_env(const hooks_opts *opts, char **envp,
                              char ***owned)
{
    static char lc_all[] = "LC_ALL=C";
    size_t i, j, n = 0, klen, extra = 0, host = 0;
    char **e, **out = envp;

    *owned = NULL;
    for (i = 0; opts->env && opts->env[i]; i++)
        extra++;
    for (e = environ; opts->keep_env && e && *e; e++)
        host++;
    if (extra || opts->keep_env) {
        out = malloc((HOOKS_ENV_MAX + host + extra) * sizeof(*out));
        if (!out)
            return NULL;
        *owned = out;
    }
    if (opts->keep_env) {
        for (e = environ; e && *e; e++)
            out[n++] = *e;
    } else {
        out[n++] = lc_all;
        for (i = 0; i < HOOKS_NELEM(hooks_env_keep); i++) {
            klen = strlen(hooks_env_keep[i]);
            for (e = environ; e && *e; e++) {
                if (strncmp(*e, hooks_env_keep[i], klen) == 0
                    && (*e)[klen] == '=') {
                    out[n++] = *e;
                    break;
                }
            }
        }
    }
    for (i = 0; i < extra; i++) {
        klen = hooks_env_name(opts->env[i]);
        for (j = 0; j < n; j++)
            if (strncmp(out[j], opts->env[i], klen + 1) == 0)
                break;
        out[j] = (char *)opts->env[i];      /* replace, or append */
        n += j == n;
    }
    out[n] = NULL;
    return out;
}

/* Give a close-on-exec fd a number >= 3: if the host runs with 0, 1 or 2
 * closed, pipe() and open() hand those out, and the child's dup2 onto 0..2
 * would then clobber one source with another. */
static int hooks_fd_high(int fd)
{
    int high, e;

    if (fd > 2)
        return fd;
    high = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    e = errno;
    close(fd);
    errno = e;
    return high;
}

static void hooks_close(int *fd)
{
    if (*fd >= 0) {
        close(*fd);
        *fd = -1;
    }
}

/* A pipe whose ends are close-on-exec and >= 3.  With pipe2() no other
 * thread's fork+exec can ever inherit an end; on the portable path it can
 * between pipe() and fcntl(), though never into our own children, which
 * close every fd. */
static int hooks_pipe(int p[2])
{
    int raw[2], i;

    p[0] = p[1] = -1;
#if HOOKS_HAVE_PIPE2
    if (pipe2(raw, O_CLOEXEC) < 0)
        return -1;
#else
    if (pipe(raw) < 0)
        return -1;
    for (i = 0; i < 2; i++)
        if (fcntl(raw[i], F_SETFD, FD_CLOEXEC) < 0) {
            int e = errno;
            close(raw[0]);
            close(raw[1]);
            errno = e;
            return -1;
        }
#endif
    for (i = 0; i < 2; i++)
        if ((p[i] = hooks_fd_high(raw[i])) < 0) {
            int e = errno;
            if (i == 0)
                close(raw[1]);
            hooks_close(&p[0]);
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
    const char *input;          /* NULL: stdin is /dev/null */
    size_t input_len;
    int capture;                /* keep stdout */
    size_t max_out, max_err;
    double deadline;            /* hooks_now() time; 0: none */
    double grace;               /* pipe grace; < 0: wait for the pipes */
    int in, out, err;           /* our ends: stdin writer, readers */
    size_t in_off;
    hooks_buf outbuf, errbuf;
    int sigpipe_hit;            /* a write to stdin got EPIPE */
    const char *failed_call;    /* for HOOKS_INTERNAL messages */
    pid_t pid;
    int group;                  /* pid leads its own process group */
    int exited;                 /* a zombie now (or lost: see wait_errno) */
    double exit_time;
    double last_check;          /* of exit, while pipes stay busy */
    int term_sent, kill_sent;   /* the deadline passed: SIGTERM, SIGKILL */
    int timed_out;              /* ... while the script itself still ran */
    double kill_at;
};

static double hooks_now(void)
{
    struct timespec t;

    if (clock_gettime(CLOCK_MONOTONIC, &t) != 0)
        return 0;
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Read what is there.  Returns 0, or -1 with errno on a real error; sets
 * *fd to -1 at end of file.  Past limit bytes (or always, when the stream
 * is not kept) what is read is dropped, so memory stays bounded however
 * much a script writes, and the script never blocks on a full pipe. */
static int hooks_drain(int *fd, hooks_buf *b, int keep, size_t limit)
{
    ssize_t n;

    if (!keep)
        b->len = 0;
    if (hooks_buf_reserve(b, HOOKS_READ_CHUNK) < 0) {
        errno = ENOMEM;
        return -1;
    }
    hooks_buf_populate(b);
    n = read(*fd, b->data + b->len, hooks_min(b->cap - b->len - 1,
                                              HOOKS_IO_MAX));
    if (n > 0) {
        b->len += (size_t)n;
        if (b->len > limit) {
            b->len = limit;
            b->over = 1;
        }
        b->data[b->len] = '\0';
    } else if (n == 0) {
        hooks_close(fd);
    } else if (!hooks_again(errno)) {
        return -1;
    }
    return 0;
}

/* Write the next part of stdin straight from the caller's buffer. */
static int hooks_feed(struct hooks_call *c)
{
    ssize_t n = 0;

    if (c->in_off < c->input_len)
        n = write(c->in, c->input + c->in_off,
                  hooks_min(c->input_len - c->in_off, HOOKS_IO_MAX));
    if (n > 0)
        c->in_off += (size_t)n;
    else if (n < 0 && errno == EPIPE)
        c->sigpipe_hit = 1;     /* the script stopped reading: not an error */
    else if (n < 0 && !hooks_again(errno))
        return -1;
    if (c->in_off == c->input_len || c->sigpipe_hit)
        hooks_close(&c->in);
    return 0;
}

/* Has the script ended?  waitid() with WNOWAIT leaves it a zombie, so its
 * pid, and the process group it leads, stay ours to signal until the one
 * waitpid() that reaps it.  block: wait for it. */
static void hooks_check_exit(struct hooks_call *c, int block)
{
    siginfo_t si;

    if (c->exited)
        return;
    memset(&si, 0, sizeof(si));
    while (waitid(P_PID, (id_t)c->pid, &si,
                  WEXITED | WNOWAIT | (block ? 0 : WNOHANG)) < 0) {
        if (errno != EINTR) {
            si.si_pid = c->pid;         /* lost: waitpid will say why */
            break;
        }
    }
    if (si.si_pid == c->pid) {
        c->exited = 1;
        c->exit_time = hooks_now();
    }
}

/* The call's deadline: SIGTERM to the script's group when it passes, then
 * SIGKILL HOOKS_KILL_GRACE later; also after the script exited, for what
 * it left behind (its zombie keeps the group's id ours).  Returns how long
 * until the next step (seconds), or -1 for none. */
static double hooks_enforce(struct hooks_call *c, double now)
{
    if (c->deadline <= 0 || c->kill_sent)
        return -1;
    if (!c->term_sent) {
        if (now < c->deadline)
            return c->deadline - now;
        kill(-c->pid, SIGTERM);
        c->term_sent = 1;
        c->timed_out = !c->exited;
        c->kill_at = now + HOOKS_KILL_GRACE;
    }
    if (now < c->kill_at)
        return c->kill_at - now;
    kill(-c->pid, SIGKILL);
    c->kill_sent = 1;
    return -1;
}

static double hooks_sooner(double a, double b)
{
    return a < 0 ? b : b < 0 ? a : a < b ? a : b;
}

/* Feed stdin and drain stdout and stderr together until all three are
 * done: a script that writes megabytes to stderr before it reads stdin
 * cannot deadlock against us.  Stop too when the script has exited and
 * its pipes, held by something it left behind, stay open past the grace;
 * and enforce the deadline. */
static int hooks_exchange(struct hooks_call *c)
{
    struct pollfd pfd[3];
    int *fds[3];
    nfds_t n, i;
    double now, wait, backoff = 0.001;
    int r, ms;

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
        now = hooks_now();
        wait = hooks_enforce(c, now);
        if (c->exited) {
            if (n == 0)
                return 0;
            if (c->grace >= 0) {
                if (now >= c->exit_time + c->grace)
                    return 0;           /* leave the pipes to their holder */
                wait = c->exit_time + c->grace - now;
            }
        } else if (n == 0) {
            /* Pipes closed, script still running: wait for its end,
             * looking at the clock now and then if there is a deadline. */
            if (c->deadline <= 0 || c->kill_sent) {
                hooks_check_exit(c, 1);
                continue;
            }
            wait = hooks_sooner(wait, backoff);
            backoff = backoff < 0.05 ? backoff * 2 : backoff;
        } else if (c->grace >= 0) {
            wait = hooks_sooner(wait, 0.1);     /* to notice its exit */
            if (now - c->last_check >= 0.1) {   /* even if pipes are busy */
                c->last_check = now;
                hooks_check_exit(c, 0);
            }
        }
        ms = wait < 0 ? -1 : (int)(wait * 1000) + 1;
        r = poll(pfd, n, ms);
        if (r < 0 && errno != EINTR) {
            c->failed_call = "poll";
            return -1;
        }
        if (r <= 0) {
            hooks_check_exit(c, 0);
            continue;
        }
        for (i = 0; i < n; i++) {
            if (!pfd[i].revents)
                continue;
            if (fds[i] == &c->in)
                r = hooks_feed(c);
            else if (fds[i] == &c->out)
                r = hooks_drain(&c->out, &c->outbuf, c->capture, c->max_out);
            else
                r = hooks_drain(&c->err, &c->errbuf, 1, c->max_err);
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
    hooks_buf m = { NULL, 0, 0, 0, 0 };
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

static void hooks_describe(hooks_script_result *r, const char *const *argv,
                           const char *detail)
{
    char what[400], ebuf[128];    /* room for any detail below */

    switch (r->status) {
    case HOOKS_EXITED:
        snprintf(what, sizeof(what), "exit status %d", r->code);
        break;
    case HOOKS_SIGNALED:
        snprintf(what, sizeof(what), "fatal signal %d", r->code);
        break;
    case HOOKS_EXEC_FAILED:
    case HOOKS_TOOLONG:
        snprintf(what, sizeof(what), "cannot execute: %s",
                 hooks_strerror(r->code, ebuf, sizeof(ebuf)));
        break;
    case HOOKS_INTERNAL:
        snprintf(what, sizeof(what), "internal error: %s: %s",
                 detail ? detail : "call",
                 hooks_strerror(r->code, ebuf, sizeof(ebuf)));
        break;
    case HOOKS_TIMEDOUT:
    case HOOKS_OUTPUT_LIMIT:
        snprintf(what, sizeof(what), "%s", detail ? detail : "?");
        break;
    case HOOKS_BAD_OUTPUT:
        snprintf(what, sizeof(what), "invalid XML output: %s",
                 detail ? detail : "?");
        /* The stderr of a script that exited 0 is no explanation. */
        r->message = hooks_message(argv, NULL, what, NULL, 0);
        return;
    case HOOKS_OK:
    case HOOKS_NO_HOOK:
    case HOOKS_INVALID:
    default:
        return;
    }
    r->message = hooks_message(argv, NULL, what, r->err, r->err_len);
    if (r->message && r->err_truncated) {
        static const char mark[] = " [stderr truncated]";
        size_t n = strlen(r->message);
        char *p = realloc(r->message, n + sizeof(mark));

        if (p)
            memcpy(p + n, mark, sizeof(mark));
        r->message = p ? p : r->message;
    }
}

/* Bounds of a call, from its options. */
struct hooks_bounds {
    const hooks_opts *opts;
    double deadline;            /* hooks_now() time; 0: none */
    double grace;               /* pipe grace, seconds; < 0: none */
    size_t max_out, max_err;
    int group, kill_group;      /* own process group; SIGKILL it at exit */
};

/* Run one script that the scan found present, argv[0] being its path, with
 * input on its stdin (NULL: /dev/null), and fill res. */
static void hooks_spawn_one(const char *const *argv, const char *input,
                            size_t input_len, int capture,
                            const struct hooks_bounds *bd,
                            hooks_script_result *res)
{
    struct hooks_call c;
    struct hooks_spawn sp;
    char *envp_small[HOOKS_ENV_MAX], **envp, **envp_owned = NULL;
    int inpipe[2] = { -1, -1 }, outpipe[2] = { -1, -1 };
    int errpipe[2] = { -1, -1 }, devnull = -1;
    struct sigaction chld;
    char detail[64];
    sigset_t saved, pipeset, pending;
    int sigpipe_was_pending, wstatus, e, sig;
    pid_t pid;

    memset(&c, 0, sizeof(c));
    c.input = input;
    c.input_len = input_len;
    c.capture = capture;
    c.max_out = bd->max_out;
    c.max_err = bd->max_err;
    c.deadline = bd->deadline;
    c.grace = bd->grace;
    c.group = bd->group;
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

    envp = hooks_build_env(bd->opts, envp_small, &envp_owned);
    if (!envp) {
        res->status = HOOKS_INTERNAL;
        res->code = ENOMEM;
        hooks_describe(res, argv, "malloc");
        return;
    }
    sp.path = argv[0];
    sp.argv = (char *const *)argv;
    sp.envp = envp;
    sp.maxfd = sysconf(_SC_OPEN_MAX);
    if (sp.maxfd < 0)
        sp.maxfd = 1024;
    sp.nsig = hooks_nsig();
    sp.new_group = bd->group;
    memset(&sp.dfl, 0, sizeof(sp.dfl));
    sp.dfl.sa_handler = SIG_DFL;
    sigemptyset(&sp.dfl.sa_mask);

    /* SIGPIPE stays blocked in this thread for the whole exchange: a write
     * to a script that quit must give EPIPE, never kill the host. */
    sigemptyset(&pipeset);
    sigaddset(&pipeset, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipeset, &saved);
    sigpending(&pending);
    sigpipe_was_pending = sigismember(&pending, SIGPIPE);

    if (input) {
        if (hooks_pipe(inpipe) < 0) {
            c.failed_call = "pipe";
            goto fail;
        }
    } else {
        devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
        if (devnull < 0 || (devnull = hooks_fd_high(devnull)) < 0) {
            c.failed_call = "open /dev/null";
            goto fail;
        }
    }
    if (hooks_pipe(outpipe) < 0 || hooks_pipe(errpipe) < 0) {
        c.failed_call = "pipe";
        goto fail;
    }
    sp.fd[0] = input ? inpipe[0] : devnull;
    sp.fd[1] = outpipe[1];
    sp.fd[2] = errpipe[1];

    if (hooks_start(&sp, &pid, &e) < 0) {
        c.failed_call = HOOKS_HAVE_SPAWN ? "posix_spawn" : "fork";
        goto fail;
    }
    c.pid = pid;

    hooks_close(&inpipe[0]);
    hooks_close(&outpipe[1]);
    hooks_close(&errpipe[1]);
    hooks_close(&devnull);
    c.in = inpipe[1];
    c.out = outpipe[0];
    c.err = errpipe[0];
    inpipe[1] = outpipe[0] = errpipe[0] = -1;

    if (e) {
        /* Only execve() knows the limit: sysconf(_SC_ARG_MAX) is a
         * constant 128 KiB on musl where Linux takes 2 MiB, and Linux has
         * a limit of its own for one string (128 KiB). */
        res->status = e == E2BIG ? HOOKS_TOOLONG : HOOKS_EXEC_FAILED;
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
     * see EOF / EPIPE and end, so the wait below cannot hang on us.  Its
     * group, if it has one, goes now if asked or after such an error: the
     * script's zombie still holds the group's id, so no one else is hit. */
    hooks_close(&c.in);
    hooks_close(&c.out);
    hooks_close(&c.err);
    if (pid > 0 && c.group && (bd->kill_group || res->status != HOOKS_OK))
        kill(-pid, SIGKILL);
    if (pid < 0) {
        /* posix_spawn() reaped a child that could not exec */
    } else if (hooks_reap(pid, &wstatus) < 0) {
        if (res->status == HOOKS_OK) {
            res->status = HOOKS_INTERNAL;
            res->code = errno;
            c.failed_call = "waitpid";
        }
    } else if (res->status == HOOKS_OK) {
        int termsig = WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : 0;

        if (c.timed_out) {
            res->status = HOOKS_TIMEDOUT;
            res->code = termsig;
            snprintf(detail, sizeof(detail),
                     termsig ? "timed out, fatal signal %d" : "timed out",
                     termsig);
            c.failed_call = detail;
        } else if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) != 0) {
            res->status = HOOKS_EXITED;
            res->code = WEXITSTATUS(wstatus);
        } else if (termsig) {
            res->status = HOOKS_SIGNALED;
            res->code = termsig;
        } else if (capture && c.outbuf.over) {
            res->status = HOOKS_OUTPUT_LIMIT;
            snprintf(detail, sizeof(detail), "stdout over %lu bytes",
                     (unsigned long)c.max_out);
            c.failed_call = detail;
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
    hooks_close(&devnull);

    /* Swallow the SIGPIPE our own write raised, and only that one. */
    if (c.sigpipe_hit && !sigpipe_was_pending) {
        sigpending(&pending);
        if (sigismember(&pending, SIGPIPE))
            sigwait(&pipeset, &sig);
    }
    pthread_sigmask(SIG_SETMASK, &saved, NULL);

    if (capture) {
        res->out = c.outbuf.data;
        res->out_len = c.outbuf.len;
    } else {
        free(c.outbuf.data);
    }
    res->err = c.errbuf.data;
    res->err_len = c.errbuf.len;
    res->err_truncated = c.errbuf.over;
    free(envp_owned);
    hooks_describe(res, argv, c.failed_call);
}

#ifdef HOOKS_WITH_LIBXML2
/* Parse a document; on success copy its root element's name into root.
 * libxml2 keeps its last error per thread, and the parse flags keep it
 * from printing anything. */
static int hooks_xml_root(const char *doc, size_t len, char *root,
                          size_t rootsz, char *why, size_t whysz)
{
    xmlDocPtr x;
    xmlNodePtr r;
    const xmlError *err;
    size_t n;

    if (len > INT_MAX) {
        snprintf(why, whysz, "document too large to check");
        return -1;
    }
    xmlResetLastError();
    x = xmlReadMemory(doc, (int)len, NULL, NULL,
                      XML_PARSE_NONET | XML_PARSE_NOERROR
                      | XML_PARSE_NOWARNING);
    r = x ? xmlDocGetRootElement(x) : NULL;
    if (!r) {
        err = xmlGetLastError();
        snprintf(why, whysz, "not well-formed XML: %s",
                 err && err->message ? err->message : "no root element");
        n = strlen(why);
        while (n > 0 && why[n - 1] == '\n')
            why[--n] = '\0';
        xmlFreeDoc(x);
        return -1;
    }
    snprintf(root, rootsz, "%s", (const char *)r->name);
    xmlFreeDoc(x);
    return 0;
}
#endif

/* A filter's output must be XML with the input's root element.  Returns
 * 0 if it is (or nothing can be checked), else -1 with the reason. */
static int hooks_check_output(const hooks_opts *opts,
                              const hooks_script_result *r,
                              char *why, size_t whysz)
{
#ifdef HOOKS_WITH_LIBXML2
    char want[128], got[128];     /* longer names are cut, not overrun */

    if (hooks_xml_root(r->out, r->out_len, got, sizeof(got), why, whysz) < 0)
        return -1;
    if (opts->input
        && hooks_xml_root(opts->input, opts->input_len, want, sizeof(want),
                          why, whysz) == 0
        && strcmp(want, got) != 0) {
        snprintf(why, whysz, "root element <%s>, expected <%s>", got, want);
        return -1;
    }
#else
    (void)opts;
    (void)r;
    (void)why;
    (void)whysz;
#endif
    return 0;
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

/* Everything the scripts wrote on stdout (want_out) or stderr, in run
 * order.  With a single script the result shares its buffer (see
 * hooks_free_unshared). */
static int hooks_gather(const hooks_result *res, int want_out, char **data,
                        size_t *len)
{
    hooks_buf all = { NULL, 0, 0, 0, 0 };
    size_t i;

    for (i = 0; i < res->nscripts; i++) {
        const hooks_script_result *r = &res->scripts[i];
        char *d = want_out ? r->out : r->err;
        size_t n = want_out ? r->out_len : r->err_len;

        if (res->nscripts == 1) {
            *data = d;
            *len = n;
            return 0;
        }
        if (d && hooks_buf_add(&all, d, n) < 0) {
            free(all.data);
            return -1;
        }
    }
    *data = all.data;
    *len = all.len;
    return 0;
}

/* Run every present script of the driver in order, chaining a filter's
 * document, and sum the outcome up in res. */
static void hooks_run_all(const struct hooks_scan *sc, const char **argv,
                          const hooks_opts *opts, int filter,
                          hooks_result *res)
{
    const char *doc = opts->input;
    size_t doc_len = opts->input_len, i, adopted = (size_t)-1;
    hooks_buf msg = { NULL, 0, 0, 0, 0 };
    int capture = filter || opts->capture_stdout;
    struct hooks_bounds bd;
    char why[320];

    bd.opts = opts;
    bd.deadline = opts->timeout > 0 ? hooks_now() + opts->timeout : 0;
    bd.grace = opts->pipe_grace == 0 ? HOOKS_PIPE_GRACE : opts->pipe_grace;
    bd.max_out = opts->max_stdout ? opts->max_stdout : HOOKS_MAX_STDOUT;
    bd.max_err = opts->max_stderr ? opts->max_stderr : HOOKS_MAX_STDERR;
    bd.kill_group = opts->kill_group;
    bd.group = opts->kill_group || opts->timeout > 0;

    res->scripts = calloc(sc->present, sizeof(res->scripts[0]));
    if (!res->scripts) {
        res->status = HOOKS_INTERNAL;
        res->code = ENOMEM;
        res->message = hooks_message(NULL, sc->s[0].path, "internal error",
                                     "out of memory", 13);
        return;
    }
    for (i = 0; i < sc->n; i++) {
        hooks_script_result *r;
        double t0;

        if (sc->s[i].state != HOOKS_PRESENT)
            continue;
        if (bd.deadline > 0 && (res->status == HOOKS_TIMEDOUT
                            || hooks_now() >= bd.deadline))
            break;                      /* no time left for the rest */
        r = &res->scripts[res->nscripts++];
        argv[0] = sc->s[i].path;
        r->path = hooks_join(sc->s[i].path, "", "");
        if (r->path) {
            t0 = hooks_now();
            hooks_spawn_one(argv, doc, doc_len, capture, &bd, r);
            r->seconds = hooks_now() - t0;
        } else {
            r->status = HOOKS_INTERNAL;
            r->code = ENOMEM;
            hooks_describe(r, (const char *const *)argv, "malloc");
        }
        if (filter && r->status == HOOKS_OK && r->out_len > 0) {
            if (hooks_check_output(opts, r, why, sizeof(why)) == 0) {
                doc = r->out;
                doc_len = r->out_len;
                adopted = res->nscripts - 1;
            } else {
                r->status = HOOKS_BAD_OUTPUT;
                hooks_describe(r, (const char *const *)argv, why);
            }
        }
        if (r->status != HOOKS_OK) {
            if (res->status == HOOKS_OK) {
                res->status = r->status;
                res->code = r->code;
            }
            if (r->message) {
                if (msg.len > 0)
                    hooks_buf_str(&msg, "\n");
                hooks_buf_str(&msg, r->message);
            }
        }
    }
    res->message = msg.data;
    if (hooks_gather(res, 0, &res->err, &res->err_len) < 0
        || (!filter && capture
            && hooks_gather(res, 1, &res->out, &res->out_len) < 0)) {
        if (res->status == HOOKS_OK) {
            res->status = HOOKS_INTERNAL;
            res->code = ENOMEM;
        }
    }
    if (filter && adopted != (size_t)-1) {
        res->out = res->scripts[adopted].out;
        res->out_len = res->scripts[adopted].out_len;
    }
}

/* Validate, then run the driver's scripts if the scan found any.  res is
 * never NULL here. */
static hooks_status hooks_call(const hooks_ctx *ctx, hooks_driver d,
                               const char *object, const char *op,
                               const char *subop, const char *extra,
                               const hooks_opts *opts, int filter,
                               hooks_result *res)
{
    const struct hooks_scan *sc = hooks_scan_of(ctx, d);
    const char *argv[6];
    size_t i;

    if (!object)
        object = "-";
    if (!extra)
        extra = "-";
    if (!ctx)
        return hooks_invalid(res, "(no context)", "context is NULL");
    if (!sc)
        return hooks_invalid(res, "(bad driver)", "driver out of range");
    if (!hooks_arg_ok(object) || !hooks_arg_ok(op) || !hooks_arg_ok(subop)
        || !hooks_arg_ok(extra))
        return hooks_invalid(res, sc->s[0].path,
                             "an argument is NULL or empty");
    if (!opts->input && opts->input_len)
        return hooks_invalid(res, sc->s[0].path, "input_len without input");
    for (i = 0; opts->env && opts->env[i]; i++)
        if (hooks_env_name(opts->env[i]) == 0)
            return hooks_invalid(res, sc->s[0].path,
                                 "an environment entry is not NAME=VALUE");
    if (sc->present == 0) {
        res->status = HOOKS_NO_HOOK;
        return res->status;
    }
    argv[1] = object;
    argv[2] = op;
    argv[3] = subop;
    argv[4] = extra;
    argv[5] = NULL;
    hooks_run_all(sc, argv, opts, filter || opts->filter, res);
    return res->status;
}

/* The public calls: res may be NULL (a local one is used and dropped), and
 * cancellation is held off for the whole call, since poll, read, waitpid
 * and sigwait are cancellation points and a call cut there would leave its
 * pipes open and its child unreaped.  why: NULL, or why a typed call is
 * refused. */
static hooks_status hooks_call_public(const hooks_ctx *ctx, hooks_driver d,
                                      const char *object, const char *op,
                                      const char *subop, const char *extra,
                                      const hooks_opts *opts, int filter,
                                      hooks_result *res, const char *why)
{
    static const hooks_opts no_opts = { 0 };
    hooks_result own;
    hooks_status st;
    int cancel;

    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &cancel);
    if (!res)
        res = &own;
    memset(res, 0, sizeof(*res));
    if (why)
        st = hooks_invalid(res, hooks_driver_name(d) ? hooks_driver_name(d)
                                                     : "(bad driver)", why);
    else
        st = hooks_call(ctx, d, object, op, subop, extra,
                        opts ? opts : &no_opts, filter, res);
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
    return hooks_call_public(ctx, d, object, op, subop, extra, opts, 0, res,
                             NULL);
}

hooks_status hooks_run(const hooks_ctx *ctx, hooks_driver d,
                       const char *object, hooks_op op, hooks_subop subop,
                       const char *extra, const hooks_opts *opts,
                       hooks_result *res)
{
    const char *why = NULL;

    if (!hooks_driver_has_op(d, op))
        why = "no such operation for this driver";
    else if (hooks_op_subop(d, op) != subop)
        why = "wrong sub-operation for this operation";
    return hooks_call_public(ctx, d, object, hooks_op_name(op),
                             hooks_subop_name(subop), extra, opts,
                             hooks_op_is_filter(d, op), res, why);
}

/* Free p unless it is one of the scripts' own buffers, which a
 * single-script result shares (see hooks_gather). */
static void hooks_free_unshared(const hooks_result *res, char *p)
{
    size_t i;

    for (i = 0; p && i < res->nscripts; i++)
        if (p == res->scripts[i].out || p == res->scripts[i].err)
            return;
    free(p);
}

void hooks_result_free(hooks_result *res)
{
    size_t i;

    if (!res)
        return;
    hooks_free_unshared(res, res->out);
    hooks_free_unshared(res, res->err);
    free(res->message);
    for (i = 0; i < res->nscripts; i++) {
        free(res->scripts[i].path);
        free(res->scripts[i].out);
        free(res->scripts[i].err);
        free(res->scripts[i].message);
    }
    free(res->scripts);
    memset(res, 0, sizeof(*res));
}
