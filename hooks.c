/* hooks.c -- run libvirt-style synchronous hook scripts.  See hooks.h.
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the hooks authors
 *
 * A call runs each present script in order.  For one script: make its
 * pipes, start the child, then loop -- pump bytes (feed stdin, drain
 * stdout and stderr) and watch the process (its exit, the deadline, the
 * kills) -- until it has exited and its pipes are closed or given up;
 * reap it, classify its end, write its message.  The invariants:
 *
 *  - The child has fds 0, 1 and 2 only, every signal (the C library's
 *    internal ones too) at its default and none blocked, and its own
 *    process group when the call has a deadline, kill_group or a cancel
 *    flag (section 6).
 *  - The parent reaps exactly one pid, its child, once done signalling
 *    the child's group: until then the zombie pins the group id (8, 9).
 *  - An exec failure comes back as an errno (posix_spawn's, or read from
 *    a close-on-exec pipe), never taken for an exit status 127 (6, 9).
 *  - A deadline bounds the whole call, whoever holds the pipes; a call
 *    whose time ran out, or that was canceled, is never a success, and
 *    names each script it did not run (8, 9).
 *
 * Platform choices, made in section 1 and nowhere else:
 *
 *                    glibc 2.34+ Linux   other Linux       other systems
 *   start the child  clone (CLONE_VM,    fork + execve     fork + execve
 *                    CLONE_VFORK), else
 *                    posix_spawn
 *   close-on-exec    pipe2               pipe2             pipe + fcntl
 *   close fds >= 3   close_range (many:  close_range       closefrom (BSD),
 *                    CLONE_FILES and                       else poll + close
 *                    UNSHARE; spawn:
 *                    closefrom action)
 *   reset signals    rt_sigaction (spawn: rt_sigaction     signal
 *                    sigdefault, every   (every number)
 *                    bit set)
 *   big captures     madvise populate    madvise populate  -
 *
 * HOOKS_PORTABLE takes the last column everywhere; HOOKS_FORK (a context
 * flag) the fork path of the second column on glibc too.
 */

/* ---- 1. platform -------------------------------------------------------- */

/* A vendor may build this file with no feature macro at all.  32-bit glibc
 * needs 64-bit off_t and ino_t, or readdir() and stat() fail (EOVERFLOW)
 * on XFS, btrfs, ext4 under qemu-user; no type of hooks.h depends on it. */
#if !defined(_POSIX_C_SOURCE) && !defined(_XOPEN_SOURCE) \
    && !defined(_GNU_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
#ifndef _FILE_OFFSET_BITS
#define _FILE_OFFSET_BITS 64
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
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifdef HOOKS_WITH_LIBXML2
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#define HOOKS_XML_WORD " libxml2"
#define HOOKS_XML_INIT() xmlInitParser()
#else
#define HOOKS_XML_WORD ""
#define HOOKS_XML_INIT() ((void)0)
#endif

#if defined(__linux__) && !defined(HOOKS_PORTABLE)
#define HOOKS_LINUX 1
#else
#define HOOKS_LINUX 0
#endif

/* glibc 2.34's posix_spawn can close fds from 3 up: every guarantee of the
 * fork path, with a clone whose cost does not grow with the host's memory.
 * glibc declares the action only under _GNU_SOURCE. */
#if HOOKS_LINUX && defined(__GLIBC__) \
    && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
#define HOOKS_HAVE_SPAWN 1
#include <spawn.h>
#ifndef _GNU_SOURCE
int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *fa,
                                             int from);
#endif
#else
#define HOOKS_HAVE_SPAWN 0
#endif

/* With glibc 2.34+ on Linux the child is made by clone() itself (section
 * 6: cheaper than posix_spawn, and flat in the host's fd count), with
 * posix_spawn as its fallback.  <sched.h> declares clone() and its flags
 * only under _GNU_SOURCE; the flags' values are the same on every
 * architecture.  hppa's stack grows up and ia64 has clone2: not there.
 * ThreadSanitizer takes every clone() for a fork, and its runtime aborts
 * in the parent of one that shares its memory: not there either. */
#if defined(__SANITIZE_THREAD__)
#define HOOKS_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define HOOKS_TSAN 1
#endif
#endif
#if HOOKS_HAVE_SPAWN && !defined(__hppa__) && !defined(__ia64__) \
    && !defined(HOOKS_TSAN)
#define HOOKS_HAVE_CLONE 1
#ifndef _GNU_SOURCE
int clone(int (*fn)(void *), void *stack, int flags, void *arg, ...);
#endif
#define HOOKS_CLONE_VM 0x100
#define HOOKS_CLONE_FILES 0x400
#define HOOKS_CLONE_VFORK 0x4000
#define HOOKS_CLOSE_RANGE_UNSHARE 2U
#define HOOKS_CLONE_STACK 4096      /* bytes: the child makes syscalls only */
#define HOOKS_PR_GET_DUMPABLE 3
#define HOOKS_CLONE_SHARE_AT 64     /* an end this high: share the fd table */
#else
#define HOOKS_HAVE_CLONE 0
#endif

/* Linux (table above; MADV_POPULATE_WRITE is 5.14, 23 everywhere): glibc
 * declares pipe2 only under _GNU_SOURCE and syscall under _DEFAULT_SOURCE,
 * musl syscall under _GNU_SOURCE or _BSD_SOURCE. */
#if HOOKS_LINUX
#include <sys/syscall.h>
#if defined(__GLIBC__) && !defined(_GNU_SOURCE)
int pipe2(int fd[2], int flags);
#endif
#if defined(__GLIBC__) ? !defined(__USE_MISC) \
    : !defined(_GNU_SOURCE) && !defined(_BSD_SOURCE)
long syscall(long number, ...);
#endif
int madvise(void *addr, size_t len, int advice);
#define HOOKS_MADV_POPULATE_WRITE 23
#define HOOKS_F_SETPIPE_SZ 1031     /* fcntl, Linux 2.6.35, every arch */
#endif

#if HOOKS_HAVE_CLONE && !defined(SYS_close_range)
#undef HOOKS_HAVE_CLONE             /* kernel headers older than 5.9 */
#define HOOKS_HAVE_CLONE 0
#endif

/* The BSDs have closefrom(); OpenBSD and NetBSD declare it only in their
 * default namespaces. */
#if !defined(HOOKS_PORTABLE) && (defined(__FreeBSD__) \
    || defined(__OpenBSD__) || defined(__NetBSD__))
#define HOOKS_HAVE_CLOSEFROM 1
#if (defined(__OpenBSD__) && !__BSD_VISIBLE) \
    || (defined(__NetBSD__) && !defined(_NETBSD_SOURCE))
int closefrom(int fd);
#endif
#else
#define HOOKS_HAVE_CLOSEFROM 0
#endif

/* S_ISVTX is XSI; its value is the same everywhere. */
#ifndef S_ISVTX
#define S_ISVTX 01000
#endif

/* SA_NOCLDWAIT is XSI: FreeBSD hides it from a POSIX-only build, where a
 * host's SA_NOCLDWAIT then goes unseen until waitpid() finds no status. */
#ifndef SA_NOCLDWAIT
#define SA_NOCLDWAIT 0
#endif

/* POSIX wants the application to declare it; glibc and musl do under
 * _GNU_SOURCE (strict vendors warn of a redundant declaration). */
#if !(defined(__linux__) && defined(_GNU_SOURCE))
extern char **environ;
#endif

/* One past the highest signal number known at compile time.  NSIG is not
 * POSIX (glibc has _NSIG even in strict mode), and on FreeBSD it counts
 * only the old 32 signals: hooks_nsig() also asks SIGRTMAX. */
#if defined(NSIG)
#define HOOKS_NSIG NSIG
#elif defined(_NSIG)
#define HOOKS_NSIG _NSIG
#else
#define HOOKS_NSIG 129
#endif
/* The size of the kernel's sigset_t, which its raw signal calls take
 * (Linux: (NSIG - 1) / 8 bytes; glibc's sigset_t is larger). */
#define HOOKS_KSIGSET_SIZE ((size_t)((HOOKS_NSIG - 1) / 8))

#ifndef HOOKS_SYSCONFDIR
#define HOOKS_SYSCONFDIR "/etc"
#endif
#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

#define HOOKS_SUBDIR "/libvirt/hooks"
#define HOOKS_IO_MAX (1u << 20)     /* largest read or write at once */
#define HOOKS_READ_CHUNK 65536      /* room made before each read */
#define HOOKS_POPULATE_FROM ((size_t)1 << 20)
#define HOOKS_POPULATE_STEP ((size_t)2 << 20)
#define HOOKS_PIPE_GROW_AT ((size_t)256 << 10)  /* kept stdout: then ... */
#define HOOKS_PIPE_SIZE (1 << 20)   /* ... a pipe this big (pipe-max-size) */
#define HOOKS_FD_SCAN_MAX 65536     /* poll + close: fds below this */
#define HOOKS_EXIT_CHECK 0.05       /* s between looks at a busy script */
#define HOOKS_CANCEL_CHECK 0.02     /* s between looks at *opts.cancel */
#define HOOKS_TIME_MAX 31536000.0   /* a year: longer times count as it */
#define HOOKS_NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- 2. names and the table of calls ------------------------------------ */

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

static const char *const hooks_state_names[] = {
    "absent", "present", "not-executable", "not-regular", "broken",
    "skipped", "unsafe"
};

static const char *const hooks_status_names[] = {
    "ok", "no-hook", "exited", "signaled", "exec-failed", "internal",
    "bad-output", "timed-out", "output-limit", "canceled", "invalid",
    "too-long"
};

/* Every call the daemon makes: per driver, each operation (in the order of
 * hooks_op_names) as its sub-operation, - none, b begin or e end, or as .
 * if the driver has no such operation. */
static const char hooks_calls[HOOKS_DRIVER_COUNT][HOOKS_OP_COUNT + 1] = {
    /* daemon  */ "--b...........",
    /* qemu    */ "b..ebbebbbb...",
    /* lxc     */ "b..ebbe..b....",
    /* network */ "b..e.b.....bbb",
    /* libxl   */ "b..ebbeb.b....",
    /* bhyve   */ "b..ebbe......."
};

/* The name of v in names, or NULL; through unsigned, a negative enum
 * value is out of range too. */
static const char *hooks_name(const char *const *names, size_t n, unsigned v)
{
    return v < n ? names[v] : NULL;
}

/* The index of name in names, or -1 (also for a NULL name or out). */
static int hooks_lookup(const char *const *names, size_t n, const char *name,
                        const void *out)
{
    size_t i;

    for (i = 0; name && out && i < n; i++)
        if (strcmp(names[i], name) == 0)
            return (int)i;
    return -1;
}

/* The public name functions, hooks_X_name() and hooks_X_from_name(), each
 * a lookup in its table. */
#define HOOKS_NAMER(type, table) \
    const char *type##_name(type v) \
    { \
        return hooks_name(table, HOOKS_NELEM(table), (unsigned)v); \
    }
#define HOOKS_PARSER(type, table) \
    int type##_from_name(const char *name, type *out) \
    { \
        int i = hooks_lookup(table, HOOKS_NELEM(table), name, out); \
        return i < 0 ? -1 : (*out = (type)i, 0); \
    }
HOOKS_NAMER(hooks_driver, hooks_driver_names)
HOOKS_NAMER(hooks_op, hooks_op_names)
HOOKS_NAMER(hooks_subop, hooks_subop_names)
HOOKS_NAMER(hooks_reason, hooks_reason_names)
HOOKS_NAMER(hooks_state, hooks_state_names)
HOOKS_NAMER(hooks_status, hooks_status_names)
HOOKS_PARSER(hooks_driver, hooks_driver_names)
HOOKS_PARSER(hooks_op, hooks_op_names)
HOOKS_PARSER(hooks_subop, hooks_subop_names)
HOOKS_PARSER(hooks_reason, hooks_reason_names)

hooks_subop hooks_op_subop(hooks_driver d, hooks_op op)
{
    static const char marks[HOOKS_SUBOP_COUNT + 1] = "-be";

    if ((unsigned)d >= HOOKS_DRIVER_COUNT || (unsigned)op >= HOOKS_OP_COUNT
        || hooks_calls[d][op] == '.')
        return HOOKS_SUBOP_COUNT;
    return (hooks_subop)(strchr(marks, hooks_calls[d][op]) - marks);
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

const char *hooks_version(void)
{
    return HOOKS_VERSION;
}

const char *hooks_default_sysconfdir(void)
{
    return HOOKS_SYSCONFDIR;
}

const char *hooks_features(void)
{
    return HOOKS_HAVE_CLONE ? "pipe2 clone posix_spawn" HOOKS_XML_WORD
           : HOOKS_HAVE_SPAWN ? "pipe2 posix_spawn" HOOKS_XML_WORD
           : HOOKS_LINUX ? "pipe2" HOOKS_XML_WORD : "portable" HOOKS_XML_WORD;
}

/* ---- 3. small helpers --------------------------------------------------- */

static size_t hooks_min(size_t a, size_t b)
{
    return a < b ? a : b;
}

static double hooks_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* *opts.cancel set?  Read atomically where the compiler can: another
 * thread may store to it (atomically too, hooks.h says). */
static int hooks_canceled(volatile sig_atomic_t *flag)
{
#if defined(__ATOMIC_RELAXED)
    return flag && __atomic_load_n(flag, __ATOMIC_RELAXED) != 0;
#else
    return flag && *flag != 0;
#endif
}

/* The sooner of two waits in seconds, where < 0 means none. */
static double hooks_sooner(double a, double b)
{
    return a < 0 ? b : b < 0 ? a : a < b ? a : b;
}

/* A wait in seconds as poll()'s milliseconds, rounded up; -1: forever. */
static int hooks_ms(double s)
{
    return s < 0 ? -1 : s >= 1e6 ? 1000000000 : (int)(s * 1000) + 1;
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

/* Close *fd if open, keeping errno: callers close on their error paths. */
static void hooks_close(int *fd)
{
    int e = errno;

    if (*fd >= 0)
        close(*fd);
    *fd = -1;
    errno = e;
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

/* ---- 4. growable byte buffer -------------------------------------------- */

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
    if (!(p = realloc(b->data, cap)))
        return -1;
    b->data = p;
    b->cap = cap;
    if (b->ready != (size_t)-1)
        b->ready = b->len;  /* what lies past len may be fresh memory */
    return 0;
}

/* Before a read into a big buffer: fault in the pages it may fill, and
 * more, in one call, not a fault per page (10 us each on a virtual
 * machine).  Older kernels say EINVAL: the buffer goes on without. */
static void hooks_buf_populate(hooks_buf *b)
{
#if HOOKS_LINUX
    uintptr_t from, to, base = (uintptr_t)b->data, page;

    if (b->len < HOOKS_POPULATE_FROM || b->ready == (size_t)-1
        || b->ready >= b->len + HOOKS_READ_CHUNK)
        return;
    page = (uintptr_t)sysconf(_SC_PAGESIZE);
    from = (base + b->ready + page - 1) & ~(uintptr_t)(page - 1);
    to = (base + hooks_min(b->cap, b->len + HOOKS_POPULATE_STEP))
         & ~(uintptr_t)(page - 1);
    if (to > from)
        b->ready = madvise((void *)from, to - from, HOOKS_MADV_POPULATE_WRITE)
                   < 0 ? (size_t)-1 : to - base;
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

/* ---- 5. scan and context ------------------------------------------------ */

struct hooks_script {
    char *path;
    hooks_state state;
    const char *why;        /* static text, or NULL */
    const char *leftover;   /* static text, or NULL */
    int order;              /* 1, 2, ...: place in the run; 0: not run */
};

/* A driver's scan: the main script, then DRIVER.d/'s entries by name. */
struct hooks_scan {
    struct hooks_script *s;
    size_t n, present;
};

/* One scan of every driver.  A call holds a reference for as long as it
 * runs, so a rescan in another thread never frees it under the call. */
struct hooks_snap {
    unsigned long refs;
    struct hooks_scan drv[HOOKS_DRIVER_COUNT];
};

struct hooks_ctx {
    char *dir;                  /* SYSCONFDIR/libvirt/hooks */
    unsigned flags;
    pthread_mutex_t lock;       /* guards snap and its refs */
    struct hooks_snap *snap;    /* the current scan */
};

/* Classify a path the way the daemon does: stat() follows symlinks, so a
 * link to an executable is a script, and a link to nothing is not. */
static void hooks_examine(struct hooks_script *s)
{
    struct stat st;
    int e;

    s->state = HOOKS_BROKEN;        /* s->why is NULL */
    if (strlen(s->path) >= PATH_MAX) {
        s->why = "path longer than PATH_MAX";
    } else if (stat(s->path, &st) != 0) {
        e = errno;
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
        s->why = S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file";
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
    static const struct { const char *suffix, *what; } kinds[] = {
        { "~", "editor backup" }, { ".swp", "editor swap file" },
        { ".dpkg-old", "dpkg backup" }, { ".dpkg-new", "dpkg new version" },
        { ".dpkg-dist", "dpkg new version" }, { ".rpmsave", "rpm backup" },
        { ".dpkg-tmp", "dpkg temporary" }, { ".rpmorig", "rpm backup" },
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
    sc->s[sc->n++] = (struct hooks_script){ .path = path };
    return 0;
}

/* List DRIVER.d/ into sc after the main script, sorted byte-wise.  After
 * ENOENT, or ENOTDIR from a parent, there is no DRIVER.d; after ENOTDIR
 * from itself, EACCES or ELOOP it is an entry, with the reason.  Other
 * failures (out of fds or memory, a name too long) say nothing about it:
 * the scan fails, and a rescan keeps the previous one. */
static int hooks_scan_dir(struct hooks_scan *sc, size_t *cap,
                          const char *dpath)
{
    struct dirent *de;
    struct stat st;
    DIR *dir = opendir(dpath);
    size_t first = sc->n;
    int e = errno;

    if (!dir && (e == ENOENT || (e == ENOTDIR && stat(dpath, &st) != 0)))
        return 0;
    if (!dir) {
        if ((e != ENOTDIR && e != EACCES && e != ELOOP)
            || hooks_scan_add(sc, cap, hooks_join(dpath, "", "")) < 0)
            return -1;
        sc->s[first].state = e == ENOTDIR ? HOOKS_NOT_REGULAR : HOOKS_BROKEN;
        sc->s[first].why = e == ENOTDIR ? "not a directory"
                                        : "cannot be listed";
        return 0;
    }
    while ((errno = 0, de = readdir(dir)) != NULL)
        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0
            && hooks_scan_add(sc, cap, hooks_join(dpath, "/", de->d_name)) < 0)
            break;
    /* de: an entry not added (out of memory); else errno is 0 at the end
     * of the listing, or why it was cut short */
    e = de && !errno ? ENOMEM : errno;
    closedir(dir);
    if ((errno = e) != 0)
        return -1;
    qsort(sc->s + first, sc->n - first, sizeof(sc->s[0]), hooks_path_cmp);
    return 0;
}

/* Strict modes: why someone other than root and the caller could change
 * what runs, by the file or directory at path, seen as which: 0 the hooks
 * directory, 1 DRIVER.d/, 2 a directory on a symlink's way, 3 the script,
 * 4 a directory above the hooks directory. */
static const char *const hooks_unsafe_why[5][3] = {
    { "the hooks directory is writable by others than its owner",
      "the hooks directory is owned by another user than root or the "
      "caller", "the hooks directory cannot be examined" },
    { "its .d directory is writable by others than its owner",
      "its .d directory is owned by another user than root or the caller",
      "its .d directory cannot be examined" },
    { "a directory on the way to the file it links to is writable by "
      "others than its owner", "a directory on the way to the file it "
      "links to is owned by another user than root or the caller",
      "the file it links to cannot be examined" },
    { "writable by others than its owner", "owned by another user than "
      "root or the caller", "cannot be examined" },
    { "a directory above the hooks directory is writable by others than "
      "its owner", "a directory above the hooks directory is owned by "
      "another user than root or the caller",
      "a directory above the hooks directory cannot be examined" }
};

/* Is the file or directory at path safe in strict modes?  Writable by
 * its group or others is not, even sticky: in the hooks directory and
 * DRIVER.d/ a new entry would run. */
static const char *hooks_unsafe(const char *path, int which)
{
    struct stat st;

    if (!path || stat(path, &st) != 0)
        return hooks_unsafe_why[which][2];
    if (st.st_mode & (S_IWGRP | S_IWOTH))
        return hooks_unsafe_why[which][0];
    if (st.st_uid != 0 && st.st_uid != geteuid())
        return hooks_unsafe_why[which][1];
    return NULL;
}

/* Strict modes above path, up to "/" (or to the first name of a relative
 * path): may anyone but root and the caller replace what lies below a
 * directory?  Writable by others is safe only when sticky (an entry's
 * owner alone renames it) with the entry below root's or the caller's. */
static const char *hooks_unsafe_up(const char *path, int which)
{
    char dir[PATH_MAX], *slash;
    struct stat up, below;
    uid_t me = geteuid();

    if (strlen(path) >= sizeof(dir) || lstat(path, &below) != 0)
        return hooks_unsafe_why[which][2];
    memcpy(dir, path, strlen(path) + 1);
    while ((slash = strrchr(dir, '/')) != NULL) {
        slash[slash == dir] = '\0';     /* "/x": the directory "/" */
        if (stat(dir, &up) != 0)
            return hooks_unsafe_why[which][2];
        if (up.st_uid != 0 && up.st_uid != me)
            return hooks_unsafe_why[which][1];
        if ((up.st_mode & (S_IWGRP | S_IWOTH))
            && !((up.st_mode & S_ISVTX)
                 && (below.st_uid == 0 || below.st_uid == me)))
            return hooks_unsafe_why[which][0];
        if (strcmp(dir, "/") == 0)
            break;
        below = up;
    }
    return NULL;
}

/* Strict modes along a symlink chain from path: every directory on the
 * way to each file it links to.  A target is relative to the link's own
 * directory. */
static const char *hooks_strict_links(const char *path)
{
    char cur[PATH_MAX], to[PATH_MAX], *cut;
    const char *why = NULL;
    struct stat st;
    size_t at;
    ssize_t n;
    int hops;

    if (strlen(path) >= sizeof(cur))
        return hooks_unsafe_why[2][2];
    memcpy(cur, path, strlen(path) + 1);
    for (hops = 0; !why && hops < 40 && lstat(cur, &st) == 0
                   && S_ISLNK(st.st_mode); hops++) {
        if ((n = readlink(cur, to, sizeof(to) - 1)) < 0)
            return hooks_unsafe_why[2][2];
        to[n] = '\0';
        cut = strrchr(cur, '/');
        at = to[0] == '/' || !cut ? 0 : (size_t)(cut + 1 - cur);
        if (at + (size_t)n >= sizeof(cur))
            return hooks_unsafe_why[2][2];
        memcpy(cur + at, to, (size_t)n + 1);
        why = hooks_unsafe_up(cur, 2);
    }
    return why;
}

/* Strict modes for a script (dotd: its DRIVER.d/, or NULL for the main
 * script): the hooks directory and all above it, DRIVER.d/, the ways of
 * their links and of the script's, the script itself. */
static const char *hooks_strict(const char *hooks_dir, const char *dotd,
                                const char *path)
{
    const char *why = hooks_unsafe(hooks_dir, 0);

    why = why ? why : hooks_unsafe_up(hooks_dir, 4);
    why = why ? why : hooks_strict_links(hooks_dir);
    if (dotd) {
        why = why ? why : hooks_unsafe(dotd, 1);
        why = why ? why : hooks_strict_links(dotd);
    }
    why = why ? why : hooks_strict_links(path);
    return why ? why : hooks_unsafe(path, 3);
}

/* Classify what a driver's listing holds, and number the run. */
static void hooks_scan_classify(struct hooks_scan *sc, const hooks_ctx *ctx,
                                const char *dotd)
{
    size_t i;

    for (i = 0; i < sc->n; i++) {
        struct hooks_script *s = &sc->s[i];

        /* not the main script, nor a DRIVER.d that could not be listed */
        if (i > 0 && !s->why)
            s->leftover = hooks_leftover(strrchr(s->path, '/') + 1);
        if (!s->why)
            hooks_examine(s);
        if (s->state == HOOKS_PRESENT && s->leftover
            && (ctx->flags & HOOKS_SKIP_LEFTOVERS)) {
            s->state = HOOKS_SKIPPED;
            s->why = s->leftover;
        }
        if (s->state == HOOKS_PRESENT && (ctx->flags & HOOKS_STRICT)
            && (s->why = hooks_strict(ctx->dir, i > 0 ? dotd : NULL,
                                      s->path)) != NULL)
            s->state = HOOKS_UNSAFE;
        if (s->state == HOOKS_PRESENT)
            s->order = (int)++sc->present;
    }
}

/* Scan a driver into sc, which is zeroed.  On failure sc keeps what was
 * added, for hooks_scan_free(). */
static int hooks_scan_driver(const hooks_ctx *ctx, hooks_driver d,
                             struct hooks_scan *sc)
{
    size_t cap = 8;
    char *dpath = NULL;
    int bad, e;

    bad = !(sc->s = malloc(cap * sizeof(sc->s[0])))
          || hooks_scan_add(sc, &cap, hooks_join(ctx->dir, "/",
                                                 hooks_driver_names[d])) < 0
          || !(dpath = hooks_join(sc->s[0].path, ".d", ""))
          || hooks_scan_dir(sc, &cap, dpath) < 0;
    e = errno;
    if (!bad)
        hooks_scan_classify(sc, ctx, dpath);
    free(dpath);
    errno = e;
    return bad ? -1 : 0;
}

static void hooks_snap_free(struct hooks_snap *sn)
{
    size_t i;

    for (i = 0; sn && i < HOOKS_DRIVER_COUNT; i++)
        hooks_scan_free(&sn->drv[i]);
    free(sn);
}

/* The current scan, with a reference for hooks_snap_put() to drop. */
static struct hooks_snap *hooks_snap_get(hooks_ctx *ctx)
{
    struct hooks_snap *sn;

    pthread_mutex_lock(&ctx->lock);
    sn = ctx->snap;
    sn->refs++;
    pthread_mutex_unlock(&ctx->lock);
    return sn;
}

static void hooks_snap_put(hooks_ctx *ctx, struct hooks_snap *sn)
{
    unsigned long left;

    pthread_mutex_lock(&ctx->lock);
    left = --sn->refs;
    pthread_mutex_unlock(&ctx->lock);
    if (left == 0)
        hooks_snap_free(sn);
}

hooks_status hooks_rescan(hooks_ctx *ctx)
{
    struct hooks_snap *fresh, *old;
    size_t i;

    if (!ctx)
        return HOOKS_INVALID;
    if (!(fresh = calloc(1, sizeof(*fresh))))
        return HOOKS_INTERNAL;
    fresh->refs = 1;                    /* the context's */
    for (i = 0; i < HOOKS_DRIVER_COUNT; i++)
        if (hooks_scan_driver(ctx, (hooks_driver)i, &fresh->drv[i]) < 0) {
            int e = errno;

            hooks_snap_free(fresh);
            errno = e;
            return e == ENAMETOOLONG ? HOOKS_TOOLONG : HOOKS_INTERNAL;
        }
    pthread_mutex_lock(&ctx->lock);
    old = ctx->snap;
    ctx->snap = fresh;
    pthread_mutex_unlock(&ctx->lock);
    if (old)
        hooks_snap_put(ctx, old);
    return HOOKS_OK;
}

hooks_status hooks_ctx_new(const char *sysconfdir, unsigned flags,
                           hooks_ctx **out)
{
    hooks_ctx *ctx;
    hooks_status st;

    if (!out)
        return HOOKS_INVALID;
    *out = NULL;
    sysconfdir = sysconfdir ? sysconfdir : HOOKS_SYSCONFDIR;
    if (!*sysconfdir || (flags & ~(HOOKS_SKIP_LEFTOVERS | HOOKS_FORK
                                     | HOOKS_STRICT)))
        return HOOKS_INVALID;
    /* The longest path the context builds: DIR/libvirt/hooks/network.d */
    if (strlen(sysconfdir) + strlen(HOOKS_SUBDIR "/network.d") >= PATH_MAX)
        return HOOKS_TOOLONG;
    if (!(ctx = calloc(1, sizeof(*ctx)))
        || (errno = pthread_mutex_init(&ctx->lock, NULL)) != 0) {
        free(ctx);
        return HOOKS_INTERNAL;
    }
    ctx->flags = flags;
    ctx->dir = hooks_join(sysconfdir, HOOKS_SUBDIR, "");
    st = ctx->dir ? hooks_rescan(ctx) : HOOKS_INTERNAL;
    if (st != HOOKS_OK) {
        int e = errno;

        hooks_ctx_free(ctx);
        errno = e;
        return st;
    }
    HOOKS_XML_INIT();
    *out = ctx;
    return HOOKS_OK;
}

void hooks_ctx_free(hooks_ctx *ctx)
{
    if (!ctx)
        return;
    hooks_snap_free(ctx->snap);
    pthread_mutex_destroy(&ctx->lock);
    free(ctx->dir);
    free(ctx);
}

const char *hooks_dir(const hooks_ctx *ctx)
{
    return ctx ? ctx->dir : NULL;
}

/* A driver's part of the current scan (valid until a rescan), or NULL. */
static const struct hooks_scan *hooks_scan_of(const hooks_ctx *ctx,
                                              hooks_driver d)
{
    const struct hooks_scan *sc = NULL;

    if (ctx && (unsigned)d < HOOKS_DRIVER_COUNT) {
        pthread_mutex_lock((pthread_mutex_t *)&ctx->lock);
        sc = &ctx->snap->drv[d];
        pthread_mutex_unlock((pthread_mutex_t *)&ctx->lock);
    }
    return sc;
}

/* The main script's fields, through hooks_scan_of. */
#define HOOKS_MAIN(type, fn, field, none) \
    type fn(const hooks_ctx *ctx, hooks_driver d) \
    { \
        const struct hooks_scan *sc = hooks_scan_of(ctx, d); \
        return sc ? sc->s[0].field : none; \
    }
HOOKS_MAIN(const char *, hooks_script_path, path, NULL)
HOOKS_MAIN(hooks_state, hooks_script_state, state, HOOKS_ABSENT)
HOOKS_MAIN(const char *, hooks_script_warning, why, NULL)

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
    *info = (hooks_script_info){ .path = sc->s[i].path,
        .state = sc->s[i].state, .warning = sc->s[i].why,
        .leftover = sc->s[i].leftover, .order = sc->s[i].order };
    return 0;
}

/* ---- 6. the child ------------------------------------------------------- */

/* Everything the child needs, prepared by the parent: after fork() in a
 * threaded host the child may make async-signal-safe calls only. */
struct hooks_child {
    const char *path;
    char *const *argv;
    char *const *envp;
    int fd[3];              /* become the child's 0, 1 and 2 (all >= 3) */
    int report;             /* fork path: write end of the exec-errno pipe */
    int maxfd;              /* fork path without close_range: close below */
    int nsig;               /* reset signals 1 .. nsig-1 */
    int group;              /* lead a process group of its own */
#if HOOKS_HAVE_CLONE
    int null_in;            /* fd[0] is /dev/null, opened read-write */
    int shared;             /* clone path: the fd table shared at first */
    char proc[3][96];       /* then fd[i] reopened as /proc/.../fd/N */
    int step, err;          /* set by the clone child: what failed where */
#endif
};

/* The script's environment, as the daemon builds it: LC_ALL=C, then these
 * from the host when set (the first of duplicates, as getenv() finds), in
 * this order, and nothing else.  The pointers point into environ. */
static const char *const hooks_env_keep[] = {
    "LD_PRELOAD", "LD_LIBRARY_PATH", "PATH", "HOME", "USER", "LOGNAME",
    "TMPDIR"
};

/* The length of the NAME in "NAME=VALUE", or 0 if it is no such entry. */
static size_t hooks_env_name(const char *e)
{
    const char *eq = e ? strchr(e, '=') : NULL;
    return eq ? (size_t)(eq - e) : 0;
}

/* Does entry e name the variable of "NAME=..." (klen: the NAME's length)? */
static int hooks_env_is(const char *e, const char *name, size_t klen)
{
    return strncmp(e, name, klen) == 0 && e[klen] == '=';
}

/* Put an opts.env entry into out[0 .. *n): it replaces the first entry of
 * its name, every later one is dropped, and it is appended if none. */
static void hooks_env_set(char **out, size_t *n, const char *add)
{
    size_t klen = hooks_env_name(add), i, j = 0, at = *n;

    for (i = 0; i < *n; i++) {
        if (!hooks_env_is(out[i], add, klen))
            out[j++] = out[i];
        else if (at == *n)
            at = j++;               /* keep the first one's place */
    }
    *n = j;
    out[at] = (char *)add;
    *n += at == j;
}

/* The script's environment, allocated before any fork (the child may not
 * allocate); free() it after the child started.  NULL: out of memory. */
static char **hooks_build_env(const hooks_opts *opts)
{
    static char lc_all[] = "LC_ALL=C";
    size_t i, n = 0, host = 0, extra = 0;
    char **e, **out;

    for (i = 0; opts->env && opts->env[i]; i++)
        extra++;
    for (e = environ; e && *e; e++)
        host++;
    if (!(out = malloc((2 + HOOKS_NELEM(hooks_env_keep) + host + extra)
                       * sizeof(*out))))
        return NULL;
    if (opts->keep_env) {
        for (e = environ; e && *e; e++)
            out[n++] = *e;
    } else {
        out[n++] = lc_all;
        for (i = 0; i < HOOKS_NELEM(hooks_env_keep); i++)
            for (e = environ; e && *e; e++)
                if (hooks_env_is(*e, hooks_env_keep[i],
                                 strlen(hooks_env_keep[i]))) {
                    out[n++] = *e;
                    break;
                }
    }
    for (i = 0; i < extra; i++)
        hooks_env_set(out, &n, opts->env[i]);
    out[n] = NULL;
    return out;
}

char **hooks_script_env(const hooks_opts *opts)
{
    static const hooks_opts none;

    return hooks_build_env(opts ? opts : &none);
}

/* Give a close-on-exec fd a number >= 3: if the host runs with 0, 1 or 2
 * closed, pipe() and open() hand those out, and the child's dup2 onto 0..2
 * would then clobber one source with another. */
static int hooks_fd_high(int fd)
{
    int high;

    if (fd > 2)
        return fd;
    high = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    hooks_close(&fd);
    return high;
}

/* A pipe whose ends are close-on-exec and >= 3, and end p[ours] (0 or 1)
 * non-blocking: a write may find less room than it brings, and a read
 * must not wait when someone else -- a script holding our end through
 * /proc/PPID/fd -- took the bytes poll() saw, or the deadline would wait
 * with it.  pipe() + fcntl() leave a window in which another thread's
 * fork+exec can inherit an end (never our children: they close every fd);
 * pipe2() has none.  fcntl() cannot fail on a new pipe, fd_high() can. */
static int hooks_pipe(int p[2], int ours)
{
#if HOOKS_LINUX
    if (pipe2(p, O_CLOEXEC) < 0)
        return -1;
#else
    if (pipe(p) < 0)
        return -1;
    (void)fcntl(p[0], F_SETFD, FD_CLOEXEC);
    (void)fcntl(p[1], F_SETFD, FD_CLOEXEC);
#endif
    p[0] = hooks_fd_high(p[0]);
    p[1] = hooks_fd_high(p[1]);
    if (p[0] >= 0 && p[1] >= 0) {
        (void)fcntl(p[ours], F_SETFL, O_NONBLOCK);  /* no other flag set */
        return 0;
    }
    hooks_close(&p[0]);
    hooks_close(&p[1]);
    return -1;
}

static int hooks_nsig(void)
{
    int n = HOOKS_NSIG;

#ifdef SIGRTMAX
    if (SIGRTMAX + 1 > n)
        n = SIGRTMAX + 1;
#endif
    return n;
}

#if HOOKS_HAVE_SPAWN
/* The fork path's child, made by glibc: every signal at its default, none
 * blocked, its own group if asked, fds 0-2 only.  Only a sigdefault set
 * with every bit on includes glibc's internal 32 and 33 (sigfillset()
 * leaves them out), which its child would set to SIG_IGN.  0, or the errno
 * of what failed, exec included (then *pid is -1: glibc reaps it). */
static int hooks_spawn_start(const struct hooks_child *ch, pid_t *pid)
{
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    sigset_t all, none;
    short flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK
                  | (ch->group ? POSIX_SPAWN_SETPGROUP : 0);
    int fd, e;

    memset(&all, 0xff, sizeof(all));
    sigemptyset(&none);
    if ((e = posix_spawn_file_actions_init(&fa)) != 0)
        return e;
    if ((e = posix_spawnattr_init(&at)) == 0) {
        e = posix_spawnattr_setflags(&at, flags);
        e = e ? e : posix_spawnattr_setsigdefault(&at, &all);
        e = e ? e : posix_spawnattr_setsigmask(&at, &none);
        e = e ? e : posix_spawnattr_setpgroup(&at, 0);
        for (fd = 0; !e && fd < 3; fd++)
            e = posix_spawn_file_actions_adddup2(&fa, ch->fd[fd], fd);
        e = e ? e : posix_spawn_file_actions_addclosefrom_np(&fa, 3);
        e = e ? e : posix_spawn(pid, ch->path, &fa, &at, ch->argv, ch->envp);
        posix_spawnattr_destroy(&at);
    }
    posix_spawn_file_actions_destroy(&fa);
    if (e)
        *pid = -1;
    return e;
}
#endif

/* Set a signal to SIG_DFL in the fork path's child; on Linux by the raw
 * call, which reaches the C library's internal signals too (an all-zero
 * kernel sigaction is SIG_DFL on every architecture). */
static void hooks_sig_default(int sig)
{
#if HOOKS_LINUX && defined(SYS_rt_sigaction)
    static const unsigned long zero[16];

    (void)syscall(SYS_rt_sigaction, sig, zero, (void *)0,
                  HOOKS_KSIGSET_SIZE);
#else
    (void)signal(sig, SIG_DFL);     /* as async-signal-safe as sigaction */
#endif
}

/* In the child, once it leads a group of its own: drop what was sent to
 * the host's group (or to every process) while it was still a member and
 * blocked every signal, or it would reach the script once unblocked.  On
 * Linux by the raw rt_sigtimedwait with no wait, which takes a pending
 * signal (one syscall when there is none); else by setting each pending
 * one to SIG_IGN, which discards it (POSIX), and back to SIG_DFL. */
static void hooks_sig_drop(int nsig)
{
#if HOOKS_LINUX && defined(SYS_rt_sigtimedwait)
    static const unsigned long all[4] = { ~0UL, ~0UL, ~0UL, ~0UL };
    static const long now[2];

    (void)nsig;
    while (syscall(SYS_rt_sigtimedwait, all, (void *)0, now,
                   HOOKS_KSIGSET_SIZE) > 0)
        ;
#else
    sigset_t set;
    int sig;

    if (sigpending(&set) != 0)
        return;
    for (sig = 1; sig < nsig; sig++)
        if (sigismember(&set, sig) == 1) {
            (void)signal(sig, SIG_IGN);
            (void)signal(sig, SIG_DFL);
        }
#endif
}

#if HOOKS_HAVE_CLONE
/* The clone path's child: the fork path's child, but it runs in the
 * parent's memory, on a stack in the parent's frame, while the parent
 * waits for it to exec or exit (CLONE_VFORK); it writes what failed into
 * ch, as glibc's posix_spawn does.  It makes raw system calls only, as
 * glibc's child calls its internal functions: no wrapper of another
 * library (LD_PRELOAD) may run here, on this small stack, or take a lock
 * that a thread of the host holds.  From a host with many fds it also
 * runs on the calling thread's fd table, which it leaves for an empty one
 * of its own (close_range from 0 with UNSHARE copies no fd) before it
 * opens its three ends again by their /proc names: copying 10,000 fds
 * into the child only to close them there costs four times the script.
 * No fd of the host is ever changed.  Step 1 (setting up) failing leaves
 * the call to posix_spawn; step 2 (setpgid, execve) is the exec's errno. */
static int hooks_clone_child(void *arg)
{
    static const unsigned long none[4];
    struct hooks_child *ch = arg;
    int sig, fd;

    for (sig = 1; sig < ch->nsig; sig++)
        hooks_sig_default(sig);
    ch->step = 1;
    errno = EBADF;
    if (ch->shared) {
        if (syscall(SYS_close_range, 0U, ~0U, HOOKS_CLOSE_RANGE_UNSHARE) < 0)
            goto fail;
        for (fd = 0; fd < 3; fd++)
            if (syscall(SYS_openat, AT_FDCWD, ch->proc[fd], fd ? O_WRONLY
                        : ch->null_in ? O_RDWR : O_RDONLY) != fd)
                goto fail;
    } else {
        for (fd = 0; fd < 3; fd++)
            if (syscall(SYS_dup3, ch->fd[fd], fd, 0) < 0)
                goto fail;
        if (syscall(SYS_close_range, 3U, ~0U, 0U) < 0)
            goto fail;
    }
    ch->step = 2;
    if (ch->group && syscall(SYS_setpgid, 0, 0) < 0)
        goto fail;
    if (ch->group)
        hooks_sig_drop(ch->nsig);
    (void)syscall(SYS_rt_sigprocmask, SIG_SETMASK, none, (void *)0,
                  HOOKS_KSIGSET_SIZE);
    (void)syscall(SYS_execve, ch->path, ch->argv, ch->envp);
fail:
    ch->err = errno;
    (void)syscall(SYS_exit_group, 127);
    return 127;                     /* not reached */
}

/* Should the clone child share the fd table?  Where the host's next fds
 * are numbered high (HOOKS_CLONE_SHARE_AT: copying fewer costs less than
 * three opens), and the child may open them through /proc: as
 * /proc/thread-self names the calling thread (its fd table, which another
 * thread's unshare() may have made its own; under a /proc of another pid
 * namespace too, where getpid() would name another process), and the
 * host is dumpable or root (else /proc/PID/fd is closed to the child, and
 * every call would start one child in vain).  Not under valgrind, which
 * ends a program that calls clone() with CLONE_FILES (it emulates fork
 * and vfork only) and preloads its core into every program it runs.
 * Then ch->proc says what. */
static int hooks_clone_names(struct hooks_child *ch)
{
    const char *pre;
    char self[64];
    ssize_t n;
    int i;

    if (ch->fd[0] < HOOKS_CLONE_SHARE_AT && ch->fd[1] < HOOKS_CLONE_SHARE_AT
        && ch->fd[2] < HOOKS_CLONE_SHARE_AT)
        return 0;
    if ((pre = getenv("LD_PRELOAD")) && strstr(pre, "/vgpreload_core"))
        return 0;
    if (syscall(SYS_prctl, HOOKS_PR_GET_DUMPABLE, 0L, 0L, 0L, 0L) != 1
        && geteuid() != 0)
        return 0;
    if ((n = readlink("/proc/thread-self", self, sizeof(self) - 1)) <= 0
        || n == (ssize_t)sizeof(self) - 1)
        return 0;
    self[n] = '\0';
    for (i = 0; i < 3; i++)
        if (snprintf(ch->proc[i], sizeof(ch->proc[i]), "/proc/%s/fd/%d",
                     self, ch->fd[i]) >= (int)sizeof(ch->proc[i]))
            return 0;
    return 1;
}

/* Start the child by clone(), as hooks_spawn_start() does: 0, or the
 * errno of what failed, exec included (then *pid is -1: reaped here).
 * Every signal, the C library's internal ones too, is blocked around
 * clone(): no handler of the host may run in the child, on the host's
 * memory.  *again: the child could not set itself up (no close_range, no
 * /proc) or clone() was refused (qemu-user refuses CLONE_FILES):
 * posix_spawn is to start the script instead. */
static int hooks_clone_start(struct hooks_child *ch, pid_t *pid, int *again)
{
    long stack[HOOKS_CLONE_STACK / sizeof(long)];
    unsigned long all[4], saved[4];
    int flags = HOOKS_CLONE_VM | HOOKS_CLONE_VFORK | SIGCHLD;

    ch->shared = hooks_clone_names(ch);
    flags |= ch->shared ? HOOKS_CLONE_FILES : 0;
    ch->step = ch->err = 0;
    memset(all, 0xff, sizeof(all));
    (void)syscall(SYS_rt_sigprocmask, SIG_BLOCK, all, saved,
                  HOOKS_KSIGSET_SIZE);
    *pid = clone(hooks_clone_child, stack + sizeof(stack) / sizeof(long),
                 flags, ch);
    (void)syscall(SYS_rt_sigprocmask, SIG_SETMASK, saved, (void *)0,
                  HOOKS_KSIGSET_SIZE);
    if (*pid > 0 && ch->err)
        while (waitpid(*pid, NULL, 0) < 0 && errno == EINTR)
            ;
    *again = *pid < 0 || (ch->err && ch->step < 2);
    if (ch->err)
        *pid = -1;
    else if (ch->group && *pid > 0) /* under emulators that fork instead */
        (void)setpgid(*pid, *pid);
    return ch->err;
}
#endif

/* Close every fd from 3 up but keep, async-signal-safely: close_range
 * (Linux 5.9) or closefrom (BSD); else poll() says which fds of a chunk
 * are open (the rest get POLLNVAL), and those below maxfd, the higher of
 * RLIMIT_NOFILE's limits, are closed (an fd above both survives). */
static void hooks_close_from(int keep, int maxfd)
{
    struct pollfd p[256];
    int base, i, n, polled;

#if HOOKS_LINUX && defined(SYS_close_range)
    if (syscall(SYS_close_range, 3U, (unsigned)keep - 1, 0U) == 0
        && syscall(SYS_close_range, (unsigned)keep + 1, ~0U, 0U) == 0)
        return;
#elif HOOKS_HAVE_CLOSEFROM
    for (i = 3; i < keep; i++)
        (void)close(i);
    (void)closefrom(keep + 1);
    return;
#endif
    for (base = 3; base < maxfd; base += n) {
        n = maxfd - base < 256 ? maxfd - base : 256;
        for (i = 0; i < n; i++) {
            p[i].fd = base + i;
            p[i].events = 0;
        }
        polled = poll(p, (nfds_t)n, 0) >= 0;
        for (i = 0; i < n; i++)
            if (p[i].fd != keep && !(polled && (p[i].revents & POLLNVAL)))
                (void)close(p[i].fd);
    }
}

/* The fork path's child.  From fork() to execve() it may only make
 * async-signal-safe calls: rt_sigaction or sigaction, dup2, close_range
 * or closefrom or poll and close, setpgid, sigprocmask, execve, write and
 * _exit.  Every signal is blocked (the parent did so before fork), so no
 * host handler can run while the dispositions are reset; exec itself
 * resets caught signals but keeps ignored ones. */
static void hooks_fork_child(const struct hooks_child *ch)
{
    sigset_t none;
    int sig, fd, e;

    for (sig = 1; sig < ch->nsig; sig++)
        hooks_sig_default(sig);
    /* Every source is >= 3, so no dup2 overwrites a source still to be
     * copied, and dup2 clears close-on-exec. */
    for (fd = 0; fd < 3; fd++)
        if (dup2(ch->fd[fd], fd) < 0)
            goto fail;
    hooks_close_from(ch->report, ch->maxfd);
    if (ch->group && setpgid(0, 0) < 0)
        goto fail;
    if (ch->group)
        hooks_sig_drop(ch->nsig);
    sigemptyset(&none);
    (void)sigprocmask(SIG_SETMASK, &none, NULL);
    execve(ch->path, ch->argv, ch->envp);
fail:
    e = errno;
    while (write(ch->report, &e, sizeof(e)) < 0 && errno == EINTR)
        ;
    _exit(127);
}

/* Fork the child; *report: our end of its exec-errno pipe, to read once it
 * exited (a failed exec writes before _exit).  0, or -1, errno, *what. */
static int hooks_fork_start(struct hooks_child *ch, pid_t *pid, int *report,
                            const char **what)
{
    sigset_t all, saved;
    int p[2], e;

    *what = "pipe";
    if (hooks_pipe(p, 0) < 0)
        return -1;
    ch->report = p[1];
    /* No host handler may run in the child before it has reset them. */
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &saved);
    *pid = fork();
    if (*pid == 0)
        hooks_fork_child(ch);
    e = errno;
    pthread_sigmask(SIG_SETMASK, &saved, NULL);
    close(p[1]);
    if (*pid < 0) {
        close(p[0]);
        *what = "fork";
        errno = e;
        return -1;
    }
    /* Also here, whichever of the two runs first: the group must exist
     * before a deadline could signal it. */
    if (ch->group)
        (void)setpgid(*pid, *pid);
    *report = p[0];
    *what = NULL;
    return 0;
}

/* ---- 7. the I/O pump: stdin in, stdout and stderr out ------------------- */

struct hooks_pump {
    int fd[3];              /* ours of stdin, stdout, stderr; -1: closed */
    const char *in;         /* what stdin gets */
    size_t in_len, in_off;
    hooks_buf buf[2];       /* stdout, stderr */
    int keep_out;           /* keep stdout (else read and drop it) */
    size_t max[2];          /* bytes kept of each */
    int idle;               /* the last round saw no event */
    int *epipe;             /* set on EPIPE: we raised a SIGPIPE */
    int grown;              /* stdout's pipe made bigger, or tried */
};

static int hooks_pump_open(const struct hooks_pump *p)
{
    return (p->fd[0] >= 0) + (p->fd[1] >= 0) + (p->fd[2] >= 0);
}

/* Linux: once a kept stdout is big, a pipe of 1 MiB instead of 64 KiB,
 * so that the script and the host take turns sixteen times less often
 * (256 MiB through a filter: a tenth faster).  Refused (over the user's
 * pipe-user-pages-soft), it changes nothing; no flag of the pipe moves. */
static void hooks_pump_grow(struct hooks_pump *p, int i)
{
#if HOOKS_LINUX
    if (i == 1 && p->keep_out && !p->grown
        && p->buf[0].len >= HOOKS_PIPE_GROW_AT) {
        p->grown = 1;
        (void)fcntl(p->fd[1], HOOKS_F_SETPIPE_SZ, HOOKS_PIPE_SIZE);
    }
#else
    (void)p;
    (void)i;
#endif
}

/* Read what pipe i has into its buffer, up to the limit; more, or stdout
 * not kept, is read and dropped: the script never blocks on a full pipe,
 * and memory stays bounded. */
static int hooks_pump_read(struct hooks_pump *p, int i)
{
    hooks_buf *b = &p->buf[i - 1];
    size_t max = p->max[i - 1];
    ssize_t n;

    if (i == 1 && !p->keep_out)
        b->len = 0;
    if (hooks_buf_reserve(b, HOOKS_READ_CHUNK) < 0) {
        errno = ENOMEM;
        return -1;
    }
    hooks_buf_populate(b);
    hooks_pump_grow(p, i);
    n = read(p->fd[i], b->data + b->len,
             hooks_min(b->cap - b->len - 1, HOOKS_IO_MAX));
    if (n > 0) {
        b->len += (size_t)n;
        if (b->len > max) {
            b->len = max;
            b->over = 1;
        }
        b->data[b->len] = '\0';
    } else if (n == 0) {
        hooks_close(&p->fd[i]);
    }
    return n < 0 && !hooks_again(errno) ? -1 : 0;
}

/* Write the next part of stdin straight from the caller's buffer. */
static int hooks_pump_write(struct hooks_pump *p)
{
    ssize_t n = 0;

    if (p->in_off < p->in_len)
        n = write(p->fd[0], p->in + p->in_off,
                  hooks_min(p->in_len - p->in_off, HOOKS_IO_MAX));
    if (n > 0)
        p->in_off += (size_t)n;
    else if (n < 0 && errno != EPIPE && !hooks_again(errno))
        return -1;
    if (n < 0 && errno == EPIPE)
        *p->epipe = 1;
    /* all written, or EPIPE: the script stopped reading, which is fine */
    if (p->in_off == p->in_len || (n < 0 && errno == EPIPE))
        hooks_close(&p->fd[0]);
    return 0;
}

/* One round: wait up to ms (-1: for ever) for any open pipe, then move
 * what can move without blocking: feeding stdin while draining both
 * outputs, a script that writes megabytes before it reads cannot deadlock
 * with us.  Returns the number of pipes still open, or -1, errno, *what. */
static int hooks_pump_step(struct hooks_pump *p, int ms, const char **what)
{
    struct pollfd pfd[3];
    int i, r;

    for (i = 0; i < 3; i++) {   /* poll() skips a closed one: fd -1 */
        pfd[i].fd = p->fd[i];
        pfd[i].events = i == 0 ? POLLOUT : POLLIN;
        pfd[i].revents = 0;
    }
    r = poll(pfd, 3, ms);
    p->idle = r <= 0;
    if (r < 0 && errno != EINTR) {
        *what = "poll";
        return -1;
    }
    for (i = 0; r > 0 && i < 3; i++) {
        if (pfd[i].revents
            && (i == 0 ? hooks_pump_write(p) : hooks_pump_read(p, i)) < 0) {
            *what = i == 0 ? "write" : "read";
            return -1;
        }
    }
    return hooks_pump_open(p);
}

/* ---- 8. the process: exit, deadline, kills, reap ------------------------ */

struct hooks_proc {
    pid_t pid;              /* -1: none to wait for */
    int group;              /* pid leads a process group of its own */
    int kill_group;         /* SIGKILL the group once the script exited */
    volatile sig_atomic_t *cancel;
    double deadline;        /* hooks_now() time; 0: none */
    int exited;             /* its end is known (a zombie, or lost) */
    double exit_time;       /* when the exit was seen */
    double last_look;       /* when waitid() last looked */
    double kill_at;         /* SIGKILL due, after the deadline's SIGTERM */
    int term_sent;          /* the deadline's SIGTERM */
    int stopped;            /* the deadline or a cancel killed the group */
    int timed_out, canceled;    /* ... while the script itself ran */
};

static void hooks_proc_kill(struct hooks_proc *pr, int sig)
{
    kill(pr->group ? -pr->pid : pr->pid, sig);
}

/* Has the script ended?  waitid() with WNOWAIT leaves a zombie that pins
 * its pid and group id until the one waitpid() that reaps it; kill_group
 * sends the group its SIGKILL as soon as the end is seen.  A status that
 * someone else took (ECHILD) ends the wait too; the group then still has
 * the id while it has members.  block: wait for the end. */
static void hooks_proc_look(struct hooks_proc *pr, double now, int block)
{
    siginfo_t si;
    int r;

    if (pr->exited)
        return;
    memset(&si, 0, sizeof(si));
    while ((r = waitid(P_PID, (id_t)pr->pid, &si,
                       WEXITED | WNOWAIT | (block ? 0 : WNOHANG))) < 0
           && errno == EINTR && block)
        ;
    pr->last_look = now;
    /* only an end counts: a system has been seen to report a stop */
    if (!(si.si_pid == pr->pid && (si.si_code == CLD_EXITED
          || si.si_code == CLD_KILLED || si.si_code == CLD_DUMPED))
        && (r == 0 || errno == EINTR))
        return;
    if (pr->kill_group)
        hooks_proc_kill(pr, SIGKILL);
    pr->exited = 1;
    pr->exit_time = block ? hooks_now() : now;
}

/* Act on the clock and the cancel flag, having looked at the exit first
 * (a script that exited in time is never timed out): SIGTERM to the group
 * at the deadline, SIGKILL HOOKS_KILL_GRACE later even if the script died
 * of the SIGTERM, for what its group holds; SIGKILL at once on a cancel.
 * Returns the seconds until it must act again, or -1. */
static double hooks_proc_step(struct hooks_proc *pr, double now)
{
    int due = pr->deadline > 0 && now >= pr->deadline && !pr->term_sent;
    int cancel = hooks_canceled(pr->cancel) && !pr->stopped;

    if (due || cancel)
        hooks_proc_look(pr, now, 0);
    if (cancel && pr->group) {
        pr->canceled = !pr->exited;
        pr->stopped = 1;
        hooks_proc_kill(pr, SIGKILL);
    } else if (due && !pr->stopped) {
        pr->timed_out = !pr->exited;
        pr->term_sent = 1;
        pr->kill_at = pr->deadline + HOOKS_KILL_GRACE;
        hooks_proc_kill(pr, SIGTERM);
    }
    if (pr->term_sent && !pr->stopped && now >= pr->kill_at) {
        pr->stopped = 1;
        hooks_proc_kill(pr, SIGKILL);
    }
    return pr->stopped ? -1 : pr->term_sent ? pr->kill_at - now
           : pr->deadline > 0 ? pr->deadline - now : -1;
}

/* ---- 9. one script ------------------------------------------------------ */

/* What every script of a call shares. */
struct hooks_job {
    const char *const *argv;    /* argv[0]: the script, set per script */
    char *const *envp;
    const hooks_opts *opts;
    int fork;                   /* fork path even where posix_spawn is */
    int group;                  /* own process group */
    double deadline;            /* hooks_now() time; 0: none */
    double grace;               /* pipe grace; < 0: until they close */
    size_t max_out, max_err;
    int capture;                /* keep stdout */
    int *epipe;                 /* a write got EPIPE */
};

struct hooks_call {
    const struct hooks_job *job;
    struct hooks_child child;
    struct hooks_pump pump;
    struct hooks_proc proc;
    int report;                 /* fork path: exec-errno pipe, our end */
    int exec_errno;
    const char *what;           /* the call that failed, or a detail */
    char detail[64];
};

/* Where the fork path's child stops closing without close_range or
 * closefrom: the higher of RLIMIT_NOFILE's limits (see hooks_close_from). */
static int hooks_fd_limit(void)
{
    struct rlimit rl;
    rlim_t m;

    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return 1024;
    m = rl.rlim_max == RLIM_INFINITY || rl.rlim_max < rl.rlim_cur
        ? rl.rlim_cur : rl.rlim_max;
    return m == RLIM_INFINITY || m > HOOKS_FD_SCAN_MAX ? HOOKS_FD_SCAN_MAX
                                                        : (int)m;
}

/* Make the pipes (stdin or /dev/null, stdout, stderr: the child's ends in
 * child.fd, ours in pump.fd), start the child, close its ends here.  0, or
 * -1 with errno and c->what when no child was made; an exec failure is
 * c->exec_errno (then pid may be -1: posix_spawn reaped it). */
static int hooks_start(struct hooks_call *c)
{
    int p[2], i, r = 0;

    c->what = c->pump.in ? "pipe" : "open /dev/null";
    if (c->pump.in && hooks_pipe(p, 1) == 0)
        c->pump.fd[0] = p[1];
    else if (c->pump.in || (p[0] = open("/dev/null", O_RDWR | O_CLOEXEC)) < 0
             || (p[0] = hooks_fd_high(p[0])) < 0)
        return -1;
    c->child.fd[0] = p[0];
    for (c->what = "pipe", i = 1; i < 3; i++) {
        if (hooks_pipe(p, 0) < 0)
            return -1;
        c->pump.fd[i] = p[0];
        c->child.fd[i] = p[1];
    }
    c->what = NULL;
#if HOOKS_HAVE_CLONE
    c->child.null_in = !c->pump.in;
    if (!c->job->fork) {
        c->exec_errno = hooks_clone_start(&c->child, &c->proc.pid, &r);
        if (r)
            c->exec_errno = hooks_spawn_start(&c->child, &c->proc.pid);
        r = 0;
    } else
#elif HOOKS_HAVE_SPAWN
    if (!c->job->fork)
        c->exec_errno = hooks_spawn_start(&c->child, &c->proc.pid);
    else
#endif
    {
        c->child.maxfd = hooks_fd_limit();
        r = hooks_fork_start(&c->child, &c->proc.pid, &c->report, &c->what);
    }
    for (i = 0; i < 3; i++)
        hooks_close(&c->child.fd[i]);
    return r;
}

/* Has the loop of hooks_wait() nothing left to wait for? */
static int hooks_done(const struct hooks_call *c, double now, int open)
{
    const struct hooks_proc *pr = &c->proc;

    if (!pr->exited || (pr->term_sent && !pr->stopped))
        return 0;           /* running, or its group's SIGKILL still due */
    if (pr->stopped || open == 0)
        return 1;           /* killed: holders outside are not waited for */
    return c->job->grace >= 0 && now >= pr->exit_time + c->job->grace;
}

/* Pump and watch until the script has exited and its pipes are closed or
 * given up after the pipe grace, or its group was killed by the deadline
 * or a cancel.  0, or -1 when the host side failed. */
static int hooks_wait(struct hooks_call *c)
{
    struct hooks_proc *pr = &c->proc;
    int open, look = 0;
    double now, wait, backoff = 0.001;

    /* A new pipe has room (64 KiB on Linux): the first write needs no
     * poll(), and a document that fits is sent and closed at once. */
    if (c->pump.fd[0] >= 0 && hooks_pump_write(&c->pump) < 0) {
        c->what = "write";
        return -1;
    }
    open = hooks_pump_open(&c->pump);

    for (;;) {
        now = hooks_now();
        /* pipes closed, no deadline, no cancel: only its exit is left */
        if (look || open == 0 || now - pr->last_look >= HOOKS_EXIT_CHECK)
            hooks_proc_look(pr, now, open == 0 && pr->deadline == 0
                                     && !pr->cancel);
        if (pr->exited && c->pump.fd[0] >= 0) {
            hooks_close(&c->pump.fd[0]);    /* no one reads stdin now */
            open = hooks_pump_open(&c->pump);
        }
        if (pr->exited && open == 0 && !pr->term_sent)
            return 0;
        wait = hooks_proc_step(pr, now);
        if (hooks_done(c, now, open))
            return 0;
        if (pr->exited) {
            if (c->job->grace >= 0)
                wait = hooks_sooner(wait, pr->exit_time + c->job->grace - now);
        } else if (open == 0) {
            if (wait < 0 && !pr->cancel) {
                hooks_proc_look(pr, now, 1);    /* nothing else to do */
                continue;
            }
            wait = hooks_sooner(wait, backoff);
            backoff = backoff < 0.05 ? backoff * 2 : backoff;
        } else {
            wait = hooks_sooner(wait, HOOKS_EXIT_CHECK);
        }
        if (pr->cancel)
            wait = hooks_sooner(wait, HOOKS_CANCEL_CHECK);
        if ((open = hooks_pump_step(&c->pump, hooks_ms(wait), &c->what)) < 0)
            return -1;
        look = c->pump.idle;
    }
}

/* After the wait, or a failure (r < 0, with errno) before it: close our
 * ends, so that a script still running sees EOF or EPIPE; after a failure
 * of ours, kill its group, if any, so that the reap cannot hang; reap it,
 * classify its end into res, and hand res the buffers. */
static void hooks_finish(struct hooks_call *c, int r, hooks_script_result *res)
{
    const struct hooks_proc *pr = &c->proc;
    int i, e = errno, wstatus = 0, sig;
    pid_t got = 0;

    for (i = 0; i < 3; i++) {
        hooks_close(&c->pump.fd[i]);
        hooks_close(&c->child.fd[i]);
    }
    if (r < 0 && pr->pid > 0 && pr->group)
        kill(-pr->pid, SIGKILL);
    /* the one reap: until here the zombie pinned the pid and group id */
    while (pr->pid > 0 && (got = waitpid(pr->pid, &wstatus, 0)) < 0
           && errno == EINTR)
        ;
    if (got < 0 && r == 0) {
        r = -1;
        e = errno;
        c->what = "waitpid";
    }
    /* the fork path's child wrote its exec errno before it exited */
    if (c->report >= 0 && r == 0
        && read(c->report, &c->exec_errno, sizeof(int)) != sizeof(int))
        c->exec_errno = 0;
    hooks_close(&c->report);
    res->code = sig = WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : 0;
    if (c->exec_errno) {
        res->status = c->exec_errno == E2BIG ? HOOKS_TOOLONG
                                             : HOOKS_EXEC_FAILED;
        res->code = c->exec_errno;
    } else if (r < 0) {
        res->status = HOOKS_INTERNAL;
        res->code = e;
    } else if (pr->canceled) {
        res->status = HOOKS_CANCELED;
    } else if (pr->timed_out) {
        res->status = HOOKS_TIMEDOUT;
    } else if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) != 0) {
        res->status = HOOKS_EXITED;
        res->code = WEXITSTATUS(wstatus);
    } else if (sig) {
        res->status = HOOKS_SIGNALED;
    } else if (c->job->capture && c->pump.buf[0].over) {
        res->status = HOOKS_OUTPUT_LIMIT;
        snprintf(c->detail, sizeof(c->detail), "stdout over %lu bytes",
                 (unsigned long)c->job->max_out);
        c->what = c->detail;
    }
    if (c->job->capture) {
        res->out = c->pump.buf[0].data;
        res->out_len = c->pump.buf[0].len;
    } else {
        free(c->pump.buf[0].data);
    }
    res->err = c->pump.buf[1].data;
    res->err_len = c->pump.buf[1].len;
    res->err_truncated = c->pump.buf[1].over;
}

/* After a wait that ended without a failure of ours: which pipes, if the
 * script exited by itself, something it started still holds. */
static void hooks_held(const struct hooks_call *c, hooks_script_result *res)
{
    struct stat st;
    int i;

    if (!c->proc.exited || c->proc.timed_out || c->proc.canceled)
        return;
    for (i = 1; i < 3; i++) {
        if (c->pump.fd[i] < 0)
            continue;
        res->held |= (unsigned)i;       /* HOOKS_HELD_STDOUT, _STDERR */
        if (fstat(c->pump.fd[i], &st) == 0)
            res->held_ino[i - 1] = (unsigned long long)st.st_ino;
    }
}

static void hooks_describe(hooks_script_result *r, const char *const *argv,
                           const char *what);

/* Run one script (job->argv[0]) with input on its stdin (NULL:
 * /dev/null) and fill res, or say in res why it does not run: a call
 * whose time ran out, or that was canceled, starts no other script. */
static void hooks_run_one(const struct hooks_job *job, const char *input,
                          size_t input_len, hooks_script_result *res)
{
    struct hooks_call c = { .what = NULL };
    struct sigaction chld;
    double t0 = hooks_now();
    int r;

    if (!(res->path = hooks_join(job->argv[0], "", ""))) {
        res->status = HOOKS_INTERNAL;
        res->code = ENOMEM;
        c.what = "malloc";
    } else if (hooks_canceled(job->opts->cancel)) {
        res->status = HOOKS_CANCELED;
        c.what = "not run: the call was canceled";
    } else if (job->deadline > 0 && t0 >= job->deadline) {
        res->status = HOOKS_TIMEDOUT;
        c.what = "not run: the call's time ran out";
    } else if (sigaction(SIGCHLD, NULL, &chld) == 0 && (chld.sa_handler
               == SIG_IGN || (chld.sa_flags & SA_NOCLDWAIT))) {
        /* The kernel would reap the script itself and lose its exit
         * status: a failing start hook would pass unseen. */
        res->status = HOOKS_INTERNAL;
        res->code = ECHILD;
        c.what = "SIGCHLD is ignored by the host";
    } else {
        c = (struct hooks_call){
            .job = job, .report = -1,
            .child = { .path = job->argv[0], .argv = (char *const *)job->argv,
                       .envp = job->envp, .fd = { -1, -1, -1 },
                       .nsig = hooks_nsig(), .group = job->group },
            .pump = { .fd = { -1, -1, -1 }, .in = input, .in_len = input_len,
                      .keep_out = job->capture, .epipe = job->epipe,
                      .max = { job->max_out, job->max_err } },
            /* no look before the first poll: a script has barely begun */
            .proc = { .pid = -1, .group = job->group, .last_look = t0,
                      .deadline = job->deadline, .cancel = job->opts->cancel,
                      .kill_group = job->opts->kill_group }
        };
        r = hooks_start(&c);
        if (r == 0 && (c.exec_errno == 0 || c.proc.pid > 0)
            && (r = hooks_wait(&c)) == 0)
            hooks_held(&c, res);
        hooks_finish(&c, r, res);
        res->seconds = hooks_now() - t0;
    }
    hooks_describe(res, job->argv, c.what);
}

/* ---- 10. messages ------------------------------------------------------- */

/* Each status in words, with its code where it has one. */
static const char *const hooks_status_words[] = {
    "ok", "no hook", "exit status", "fatal signal", "cannot execute",
    "internal error", "invalid XML output", "timed out",
    "stdout over the limit", "canceled", "invalid argument", "cannot execute"
};

char *hooks_status_text(hooks_status st, int code, char *buf, size_t len)
{
    const char *w = hooks_name(hooks_status_words,
                               HOOKS_NELEM(hooks_status_words), (unsigned)st);
    char e[128];

    if (!buf || len == 0)
        return buf;
    if (!w)
        snprintf(buf, len, "unknown status");
    else if (st == HOOKS_EXITED || st == HOOKS_SIGNALED)
        snprintf(buf, len, "%s %d", w, code);
    else if (st == HOOKS_EXEC_FAILED || st == HOOKS_INTERNAL
             || st == HOOKS_TOOLONG)
        snprintf(buf, len, "%s: %s", w, hooks_strerror(code, e, sizeof(e)));
    else if (code && (st == HOOKS_TIMEDOUT || st == HOOKS_CANCELED))
        snprintf(buf, len, "%s, fatal signal %d", w, code);
    else
        snprintf(buf, len, "%s", w);
    return buf;
}

/* "hook PATH A B C D: WHAT: TAIL" ("hook HEAD: ..." without argv), TAIL
 * being the stderr without its trailing newlines, marked when it was cut.
 * NULL when memory ran out: the message is simply missing. */
static char *hooks_message(const char *const *argv, const char *head,
                           const char *what, const char *tail, size_t tlen,
                           int cut)
{
    hooks_buf m = { NULL, 0, 0, 0, 0 };
    int ok, i;

    while (tlen > 0 && tail[tlen - 1] == '\n')
        tlen--;
    ok = hooks_buf_str(&m, "hook ") == 0;
    for (i = 0; ok && argv && argv[i]; i++)
        ok = (i == 0 || hooks_buf_str(&m, " ") == 0)
            && hooks_buf_str(&m, argv[i]) == 0;
    ok = ok && hooks_buf_str(&m, argv ? "" : head) == 0
         && hooks_buf_str(&m, ": ") == 0 && hooks_buf_str(&m, what) == 0;
    if (ok && tlen > 0)
        ok = hooks_buf_str(&m, ": ") == 0
             && hooks_buf_add(&m, tail, tlen) == 0;
    ok = ok && (!cut || hooks_buf_str(&m, " [stderr truncated]") == 0);
    if (!ok)
        free(m.data);
    return ok ? m.data : NULL;
}

/* A call refused before any script ran: invalid, or out of memory. */
static hooks_status hooks_refuse(hooks_result *res, hooks_status st,
                                 const char *head, const char *why)
{
    res->status = st;
    res->code = st == HOOKS_INVALID ? EINVAL : ENOMEM;
    res->message = hooks_message(NULL, head, hooks_status_words[st], why,
                                 strlen(why), 0);
    return st;
}

/* A failed script's message: its status in words, with what (the failed
 * call of an internal error, or a detail), then its stderr, but not after
 * invalid XML output: the script exited 0, its stderr explains nothing. */
static void hooks_describe(hooks_script_result *r, const char *const *argv,
                           const char *what)
{
    char text[400], e[128];
    int tail = r->status != HOOKS_BAD_OUTPUT;

    if (r->status == HOOKS_OK)
        return;
    if (r->status == HOOKS_INTERNAL)
        snprintf(text, sizeof(text), "internal error: %s: %s",
                 what ? what : "call", hooks_strerror(r->code, e, sizeof(e)));
    else if (what)
        snprintf(text, sizeof(text), "%s%s", r->status == HOOKS_BAD_OUTPUT
                 ? "invalid XML output: " : "", what);
    else
        hooks_status_text(r->status, r->code, text, sizeof(text));
    free(r->message);
    r->message = hooks_message(argv, NULL, text, tail ? r->err : NULL,
                               tail ? r->err_len : 0,
                               tail && r->err_truncated);
}

/* ---- 11. the filter check (libxml2) ------------------------------------- */

#ifdef HOOKS_WITH_LIBXML2
/* Parse a document and copy its root element's name into root.  libxml2
 * keeps its last error per thread; the flags keep it from printing. */
static int hooks_xml_root(const char *doc, size_t len, char *root,
                          size_t rootsz, char *why, size_t whysz)
{
    xmlDocPtr x;
    xmlNodePtr r;
    const xmlError *err;
    const char *m;

    if (len > INT_MAX) {
        snprintf(why, whysz, "document too large to check");
        return -1;
    }
    xmlResetLastError();
    x = xmlReadMemory(doc, (int)len, NULL, NULL,
                      XML_PARSE_NONET | XML_PARSE_NOERROR
                      | XML_PARSE_NOWARNING);
    if ((r = x ? xmlDocGetRootElement(x) : NULL) != NULL) {
        snprintf(root, rootsz, "%s", (const char *)r->name);
    } else {
        err = xmlGetLastError();
        m = err && err->message ? err->message : "no root element";
        snprintf(why, whysz, "not well-formed XML: %.*s",
                 (int)strcspn(m, "\n"), m);
    }
    xmlFreeDoc(x);
    return r ? 0 : -1;
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
    (void)opts, (void)r, (void)why, (void)whysz;
#endif
    return 0;
}

/* ---- 12. the driver's scripts, and the public calls --------------------- */

/* Every script's stdout (out) or stderr in run order into *data.  One
 * script's buffer moves there instead (see hooks.h: Ownership). */
static int hooks_gather(hooks_result *res, int out, char **data, size_t *len)
{
    hooks_buf all = { NULL, 0, 0, 0, 0 };
    size_t i;

    for (i = 0; i < res->nscripts; i++) {
        char **d = out ? &res->scripts[i].out : &res->scripts[i].err;
        size_t n = out ? res->scripts[i].out_len : res->scripts[i].err_len;

        if (res->nscripts == 1) {
            *data = *d;
            *len = n;
            *d = NULL;
            return 0;
        }
        if (*d && hooks_buf_add(&all, *d, n) < 0) {
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
static void hooks_run_all(const struct hooks_scan *sc,
                          const struct hooks_job *job, const char **argv,
                          int filter, hooks_result *res)
{
    const char *doc = job->opts->input;
    size_t doc_len = job->opts->input_len, i, adopted = (size_t)-1;
    hooks_buf msg = { NULL, 0, 0, 0, 0 };
    char why[320];

    for (i = 0; i < sc->n; i++) {
        hooks_script_result *r;

        if (sc->s[i].state != HOOKS_PRESENT)
            continue;
        r = &res->scripts[res->nscripts++];
        argv[0] = sc->s[i].path;
        hooks_run_one(job, doc, doc_len, r);
        if (filter && r->status == HOOKS_OK && r->out_len > 0) {
            if (hooks_check_output(job->opts, r, why, sizeof(why)) == 0) {
                doc = r->out;
                doc_len = r->out_len;
                adopted = res->nscripts - 1;
            } else {
                r->status = HOOKS_BAD_OUTPUT;
                hooks_describe(r, argv, why);
            }
        }
        if (r->status != HOOKS_OK && res->status == HOOKS_OK) {
            res->status = r->status;
            res->code = r->code;
        }
        if (r->message && ((msg.len > 0 && hooks_buf_str(&msg, "\n") < 0)
                           || hooks_buf_str(&msg, r->message) < 0))
            msg.len = 0;        /* out of memory: the message is partial */
    }
    res->message = msg.data;
    if (filter && adopted != (size_t)-1) {
        res->out = res->scripts[adopted].out;
        res->out_len = res->scripts[adopted].out_len;
        res->scripts[adopted].out = NULL;
    }
    if ((hooks_gather(res, 0, &res->err, &res->err_len) < 0
         || (!filter && job->capture
             && hooks_gather(res, 1, &res->out, &res->out_len) < 0))
        && res->status == HOOKS_OK) {
        res->status = HOOKS_INTERNAL;
        res->code = ENOMEM;
    }
}

/* Why the arguments cannot make a call, or NULL. */
static const char *hooks_bad_args(const char *const *argv,
                                  const hooks_opts *opts)
{
    size_t i;

    for (i = 1; i < 5; i++)
        if (!argv[i] || !*argv[i])
            return "an argument is NULL or empty";
    if (!opts->input && opts->input_len)
        return "input_len without input";
    for (i = 0; opts->env && opts->env[i]; i++)
        if (hooks_env_name(opts->env[i]) == 0)
            return "an environment entry is not NAME=VALUE";
    if (opts->timeout != opts->timeout || opts->timeout < 0)
        return "timeout is negative or not a number";
    if (opts->pipe_grace != opts->pipe_grace)
        return "pipe_grace is not a number";
    return NULL;
}

/* The scripts of a driver, within the options' bounds (a time over a year
 * counts as one).  While it feeds stdin, SIGPIPE is blocked in this
 * thread: a write to a script that quit must give EPIPE, never kill the
 * host.  Only a SIGPIPE that the call raised (it saw EPIPE) is consumed. */
static void hooks_run_scan(const hooks_ctx *ctx, const struct hooks_scan *sc,
                           const char **argv, const hooks_opts *opts,
                           int filter, hooks_result *res)
{
    double t = opts->timeout, g = opts->pipe_grace;
    struct hooks_job job = {
        .argv = argv, .opts = opts, .fork = (ctx->flags & HOOKS_FORK) != 0,
        .group = opts->kill_group || t > 0 || opts->cancel,
        .deadline = t > 0 ? hooks_now() + (t < HOOKS_TIME_MAX ? t
                                           : HOOKS_TIME_MAX) : 0,
        .grace = g == 0 ? HOOKS_PIPE_GRACE
                 : g < HOOKS_TIME_MAX ? g : HOOKS_TIME_MAX,
        .max_out = opts->max_stdout ? opts->max_stdout : HOOKS_MAX_STDOUT,
        .max_err = opts->max_stderr ? opts->max_stderr : HOOKS_MAX_STDERR,
        .capture = filter || opts->capture_stdout
    };
    sigset_t pipeset, saved, pending;
    /* a filter feeds each script the document the one before printed */
    int feeds = opts->input || filter, was_pending = 1, sig, epipe = 0;
    char **envp;

    job.epipe = &epipe;
    if (!(job.envp = envp = hooks_build_env(opts))
        || !(res->scripts = calloc(sc->present, sizeof(res->scripts[0])))) {
        free(envp);
        hooks_refuse(res, HOOKS_INTERNAL, sc->s[0].path, "out of memory");
        return;
    }
    sigemptyset(&pipeset);
    sigaddset(&pipeset, SIGPIPE);
    if (feeds) {
        pthread_sigmask(SIG_BLOCK, &pipeset, &saved);
        /* one pending for this thread was blocked: else it was delivered */
        was_pending = sigismember(&saved, SIGPIPE)
                      && sigpending(&pending) == 0
                      && sigismember(&pending, SIGPIPE);
    }
    hooks_run_all(sc, &job, argv, filter, res);
    if (epipe && !was_pending) {
        sigpending(&pending);
        if (sigismember(&pending, SIGPIPE))
            sigwait(&pipeset, &sig);
    }
    if (feeds)
        pthread_sigmask(SIG_SETMASK, &saved, NULL);
    free(envp);
}

/* Validate, then run the driver's scripts that the current scan found.
 * why: why a typed call is refused, or NULL.  res NULL: a local one.  No
 * thread cancellation during the call: cut in poll, read, waitpid or
 * sigwait, it would leave its pipes open and its child unreaped. */
static hooks_status hooks_call(const hooks_ctx *ctx, hooks_driver d,
                               const char *object, const char *op,
                               const char *subop, const char *extra,
                               const hooks_opts *opts, int filter,
                               hooks_result *res, const char *why)
{
    static const hooks_opts no_opts = { 0 };
    const char *argv[6] = { NULL, object ? object : "-", op, subop,
                            extra ? extra : "-", NULL };
    const char *name = hooks_driver_name(d);
    const char *head = !ctx && !why ? "(no context)"
                       : name ? name : "(bad driver)";
    struct hooks_snap *sn = NULL;
    hooks_result own;
    hooks_status st;
    int cancel;

    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &cancel);
    if (!res)
        res = &own;
    opts = opts ? opts : &no_opts;
    memset(res, 0, sizeof(*res));
    why = why ? why : !ctx ? "context is NULL"
                    : !name ? "driver out of range" : NULL;
    if (!why) {
        sn = hooks_snap_get((hooks_ctx *)ctx);
        why = hooks_bad_args(argv, opts);
    }
    if (why)
        hooks_refuse(res, HOOKS_INVALID, sn ? sn->drv[d].s[0].path : head,
                     why);
    else if (sn->drv[d].present == 0)
        res->status = HOOKS_NO_HOOK;
    else
        hooks_run_scan(ctx, &sn->drv[d], argv, opts, filter || opts->filter,
                       res);
    if (sn)
        hooks_snap_put((hooks_ctx *)ctx, sn);
    st = res->status;
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
    return hooks_call(ctx, d, object, op, subop, extra, opts, 0, res, NULL);
}

hooks_status hooks_run(const hooks_ctx *ctx, hooks_driver d,
                       const char *object, hooks_op op, hooks_subop subop,
                       const char *extra, const hooks_opts *opts,
                       hooks_result *res)
{
    const char *why = !hooks_driver_has_op(d, op)
                      ? "no such operation for this driver"
                      : hooks_op_subop(d, op) != subop
                      ? "wrong sub-operation for this operation" : NULL;

    return hooks_call(ctx, d, object, hooks_op_name(op),
                      hooks_subop_name(subop), extra, opts,
                      hooks_op_is_filter(d, op), res, why);
}

void hooks_result_free(hooks_result *res)
{
    size_t i;

    if (!res)
        return;
    free(res->out);
    free(res->err);
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

/* ---- 13. why an exec fails ---------------------------------------------- */

/* The bytes of a #! line the system reads (Linux: 256 since 5.1). */
#define HOOKS_HEAD_MAX 256

/* statvfs()'s noexec bit: glibc names it only under _GNU_SOURCE, but the
 * value is Linux's own; elsewhere a guess is said to be one. */
#if defined(ST_NOEXEC)
#define HOOKS_ST_NOEXEC ((unsigned long)ST_NOEXEC)
#elif defined(__linux__)
#define HOOKS_ST_NOEXEC 8ul
#else
#define HOOKS_ST_NOEXEC 0ul
#endif

/* What a finding would make execve() fail with; HOOKS_RUNS: it runs, but
 * not as meant; HOOKS_FAILED: said only of an exec that failed. */
#define HOOKS_RUNS (-1)
#define HOOKS_FAILED (-2)

/* The first line's bytes of a regular file, NUL-ended; -1 if unread. */
static ssize_t hooks_head(const char *path, char *head, size_t size)
{
    struct stat st;
    ssize_t n = -1;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);

    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
        while ((n = read(fd, head, size - 1)) < 0 && errno == EINTR)
            ;
    hooks_close(&fd);
    if (n >= 0)
        head[n] = '\0';
    return n;
}

/* n bytes of s, quoted, with control bytes shown as C escapes; past
 * HOOKS_SHOW_MAX of them, "..." (a sentence stays readable). */
#define HOOKS_SHOW_MAX 64
static const char *hooks_show(const char *s, size_t n, char *out,
                              size_t size)
{
    size_t o = 1, i;

    out[0] = '"';
    if (n > HOOKS_SHOW_MAX) {
        hooks_show(s, HOOKS_SHOW_MAX, out, size);
        memcpy(out + strlen(out) - 1, "...\"", 5);
        return out;
    }
    for (i = 0; i < n && o + 6 < size; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c == '\r' || c == '\t')
            o += (size_t)sprintf(out + o, "\\%c", c == '\r' ? 'r' : 't');
        else if (c < 0x20 || c == 0x7f)
            o += (size_t)sprintf(out + o, "\\x%02x", c);
        else
            out[o++] = (char)c;
    }
    memcpy(out + o, "\"", 2);
    return out;
}

/* Is the file system holding path mounted noexec?  1 yes, 0 no, -1 this
 * system cannot tell. */
static int hooks_noexec(const char *path)
{
    struct statvfs vfs;

    if (HOOKS_ST_NOEXEC == 0)
        return -1;
    return statvfs(path, &vfs) == 0 && (vfs.f_flag & HOOKS_ST_NOEXEC);
}

/* The #! line head[0 .. n): its interpreter's faults, then a carriage
 * return anywhere in it.  Returns what it makes exec fail with, or 0. */
static int hooks_diag_interp(const char *line, char *buf, size_t len)
{
    size_t end = strcspn(line, "\n"), i = 2, k;
    char name[HOOKS_HEAD_MAX], shown[HOOKS_SHOW_MAX * 4 + 8], why[128];
    struct stat st;
    int e;

    i += strspn(line + i, " \t");
    k = strcspn(line + i, " \t\n");
    memcpy(name, line + i, k);
    name[k] = '\0';
    hooks_show(name, k, shown, sizeof(shown));
    if (k == 0)
        return snprintf(buf, len, "its #! line names no interpreter"),
               ENOEXEC;
    if (memchr(name, '\r', k))
        return snprintf(buf, len, "the interpreter its #! line names, %s, "
                        "ends in a carriage return: the file has DOS line "
                        "endings (dos2unix fixes it)", shown), ENOENT;
    e = stat(name, &st) == 0 ? 0 : errno;
    if (e != 0 && e != ENOENT && e != ENOTDIR)
        return snprintf(buf, len, "the interpreter its #! line names, %s, "
                        "cannot be reached: %s", shown,
                        hooks_strerror(e, why, sizeof(why))), e;
    if (e != 0)
        return snprintf(buf, len, "the interpreter its #! line names, %s, "
                        "does not exist%s", shown, name[0] == '/' ? ""
                        : " (a relative name is looked up from the working "
                        "directory: / for a daemon under systemd)"), ENOENT;
    if (hooks_noexec(name) == 1)        /* access() fails there too */
        return snprintf(buf, len, "the interpreter its #! line names, %s, "
                        "is on a file system mounted noexec", shown), EACCES;
    if (!S_ISREG(st.st_mode) || access(name, X_OK) != 0)
        return snprintf(buf, len, "the interpreter its #! line names, %s, "
                        "is not an executable file", shown), EACCES;
    if (memchr(line, '\r', end))
        return snprintf(buf, len, "its #! line ends in a carriage return, "
                        "which %s gets as part of its argument: the file has "
                        "DOS line endings (dos2unix fixes it)", shown),
               HOOKS_RUNS;
    if (name[0] != '/')
        return snprintf(buf, len, "the interpreter its #! line names, %s, "
                        "is a relative name, looked up from the working "
                        "directory: / for a daemon under systemd", shown),
               HOOKS_RUNS;
    return 0;
}

/* The file's first bytes: no #! line, a byte order mark before it, an
 * empty file, a binary.  Returns what exec fails with, or 0. */
static int hooks_diag_head(const char *head, ssize_t n, char *buf,
                           size_t len)
{
    if (n == 0)
        return snprintf(buf, len, "it is empty"), ENOEXEC;
    if (strncmp(head, "\xef\xbb\xbf#!", 5) == 0)
        return snprintf(buf, len, "a byte order mark (bytes EF BB BF) comes "
                        "before its #! line, which the system then does not "
                        "see: save it without one"), ENOEXEC;
    if (strncmp(head, "#!", 2) == 0)
        return hooks_diag_interp(head, buf, len);
    if (memchr(head, '\0', (size_t)n) || strncmp(head, "\177ELF", 4) == 0)
        return snprintf(buf, len, "it is not a program this system can run "
                        "(a binary for another machine, or a damaged file)"),
               HOOKS_FAILED;
    return snprintf(buf, len, "it has no #! line: the daemon executes hooks "
                    "directly, not through a shell; make its first line "
                    "#!/bin/sh (or the interpreter it is written for)"),
           ENOEXEC;
}

/* The first fault found in the file at path, into buf; what it makes exec
 * fail with, or 0 for none. */
static int hooks_diagnose(const char *path, char *buf, size_t len)
{
    char head[HOOKS_HEAD_MAX];
    struct stat st;
    ssize_t n;

    if (stat(path, &st) != 0)
        return errno == ENOENT ? (snprintf(buf, len, "it no longer exists "
                                  "(removed after the scan)"), ENOENT) : 0;
    if (hooks_noexec(path) == 1)
        return snprintf(buf, len, "the file system it is on is mounted "
                        "noexec"), EACCES;
    if (!S_ISREG(st.st_mode) || access(path, X_OK) != 0)
        return snprintf(buf, len, "it is not an executable file"), EACCES;
    if ((n = hooks_head(path, head, sizeof(head))) < 0)
        return 0;
    return hooks_diag_head(head, n, buf, len);
}

char *hooks_exec_explain(const char *path, int err, char *buf, size_t len)
{
    int found;

    if (!path || !buf || len == 0)
        return NULL;
    if (err == ETXTBSY) {
        snprintf(buf, len, "a process has it, or its interpreter, open for "
                 "writing (an editor, or a copy not finished)");
        return buf;
    }
    found = hooks_diagnose(path, buf, len);
    if (found != 0 && (err == found || (err == 0 && found != HOOKS_FAILED)
                       || (err != 0 && found == HOOKS_FAILED
                           && err == ENOEXEC)))
        return buf;
    if (err == EACCES && found == 0 && hooks_noexec(path) < 0) {
        snprintf(buf, len, "it is executable, so the file system it is on "
                 "may be mounted noexec");
        return buf;
    }
    return NULL;
}
