/* hooks.h -- run libvirt-style synchronous hook scripts.
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the hooks authors
 *
 * A host program calls an administrator's executables at fixed points of
 * its life, the way the libvirt daemon does, and waits for them:
 *
 *     /etc/libvirt/hooks/qemu NAME start begin -     (domain XML on stdin)
 *     /etc/libvirt/hooks/qemu.d/10-net NAME start begin -
 *
 * Exit status 0 lets the host go on; anything else is a failure whose
 * stderr is the error the user sees.
 *
 *     hooks_ctx *ctx;
 *     hooks_result res;
 *     hooks_opts opts = { 0 };
 *
 *     opts.input = xml;                               // the domain XML
 *     opts.input_len = strlen(xml);
 *     if (hooks_ctx_new(NULL, 0, &ctx) != HOOKS_OK)   // scans the hooks
 *         return -1;
 *     if (hooks_run(ctx, HOOKS_DRIVER_QEMU, "test", HOOKS_OP_START,
 *                   HOOKS_SUBOP_BEGIN, NULL, &opts, &res) > HOOKS_NO_HOOK)
 *         fprintf(stderr, "%s\n",                     // abort the start
 *                 res.message ? res.message : "hook failed");
 *     hooks_result_free(&res);
 *     hooks_ctx_free(ctx);
 *
 * Vendoring: copy hooks.c and hooks.h.  C99 + POSIX.1-2008, libc only
 * (link with -pthread where pthread_sigmask is not in libc).  Compile
 * hooks.c with -DHOOKS_SYSCONFDIR='"/usr/local/etc"' to change the default
 * directory, with -DHOOKS_WITH_LIBXML2 (and libxml2's flags) to check a
 * filter's output, with -DHOOKS_PORTABLE to use POSIX calls only.
 *
 * Calling protocol:
 *
 *  1. hooks_ctx_new() scans SYSCONFDIR/libvirt/hooks once: for each driver,
 *     its main script DRIVER, then every entry of DRIVER.d/ in byte-wise
 *     (strcmp) order.  Only executable regular files, or symlinks to them,
 *     run; anything else is listed with a warning (hooks_script_at()).
 *
 *  2. hooks_run() runs a driver's scripts one after the other, each with
 *     the same four arguments and stdin, and waits for each.  A failing
 *     script does not stop the others; the call fails if any failed.
 *
 *  3. Read the result, then hooks_result_free() it.
 *
 *  4. hooks_rescan() where the daemon rescans: just before it runs the
 *     daemon hook's "reload" (on SIGHUP) and its "shutdown".  A script
 *     added in between is not run until then.
 *
 *  5. hooks_ctx_free() when no call runs any more.
 *
 * Threads.  There is no global state.  Any number of threads may call
 * hooks_run() on one context at once, and hooks_rescan() too: each call
 * uses the scan that was current when it started.  The accessors
 * (hooks_script_path() ...) read the current scan; what they return stays
 * valid until the next hooks_rescan().  Only hooks_ctx_free() needs the
 * context to itself.  A call disables cancellation of its thread until it
 * returns (use opts.cancel instead).  It needs about 16 KiB of its
 * thread's stack (13 KiB measured on x86_64 glibc, where the script's
 * process starts on 4 KiB of it).
 *
 * Signals and the host's children.  A call waits for its script by that
 * one pid, so a host may have children of its own and a SIGCHLD handler
 * that reaps them by pid.  Every interrupted system call is resumed.  What
 * the host must not do while a call runs: reap children it does not own
 * (waitpid(-1, ...) or wait() steals the script's exit status, and the call
 * then fails with HOOKS_INTERNAL / ECHILD).  A host that ignores SIGCHLD
 * (SIG_IGN or SA_NOCLDWAIT) cannot learn any exit status: every call then
 * fails with HOOKS_INTERNAL / ECHILD before running anything (on FreeBSD,
 * where a build without XSI cannot see SA_NOCLDWAIT, that flag fails each
 * call only after its script ran).  SIGPIPE is blocked in the calling
 * thread during a call; only the SIGPIPE the call raised itself is
 * consumed.
 *
 * Ownership.  A result's buffers (out, err, message, and each script's
 * path, out, err, message) are each a malloc() block of their own, and no
 * two fields share one.  hooks_result_free() frees them all; to keep one,
 * copy its pointer and set the field to NULL first, then free() it
 * yourself.  The output that becomes res.out (a filter's document, or the
 * stdout of a call that ran one script) and the stderr that becomes
 * res.err (a call of one script) are moved there, not copied: that
 * script's out or err is then NULL, its length kept.  A call keeps at
 * most, per script run, its stdout (max_stdout, when captured), its stderr
 * twice (err and message, max_stderr each) and its path twice; res.out,
 * res.err and res.message then hold at most as much again.
 *
 * README.md says how a call is made on each system (clone, posix_spawn or
 * fork, pipe2, close_range) and what it costs.
 */
#ifndef HOOKS_H
#define HOOKS_H

#include <signal.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version of this header, the only place it is written.  While the
 * major version is 0, a change to the API or to the layout of a public
 * type bumps the minor version, a fix the patch.  HOOKS_VERSION_NUMBER is
 * 0xMMmmpp, for #if; HOOKS_VERSION the string "M.m.p".  hooks_version()
 * returns the version hooks.c was built as: a host that vendors the pair
 * may compare the two to catch a hooks.c and hooks.h from different
 * releases. */
#define HOOKS_VERSION_MAJOR 0
#define HOOKS_VERSION_MINOR 5
#define HOOKS_VERSION_PATCH 1
#define HOOKS_VERSION_NUMBER ((HOOKS_VERSION_MAJOR << 16) \
                              | (HOOKS_VERSION_MINOR << 8) \
                              | HOOKS_VERSION_PATCH)
#define HOOKS_STRINGIFY_(x) #x
#define HOOKS_STRINGIFY(x) HOOKS_STRINGIFY_(x)
#define HOOKS_VERSION HOOKS_STRINGIFY(HOOKS_VERSION_MAJOR) "." \
                      HOOKS_STRINGIFY(HOOKS_VERSION_MINOR) "." \
                      HOOKS_STRINGIFY(HOOKS_VERSION_PATCH)

const char *hooks_version(void);

/* Which hook: the script SYSCONFDIR/libvirt/hooks/<name> and the directory
 * SYSCONFDIR/libvirt/hooks/<name>.d/. */
typedef enum hooks_driver {
    HOOKS_DRIVER_DAEMON,    /* "daemon":  the daemon's start/stop/reload */
    HOOKS_DRIVER_QEMU,      /* "qemu":    QEMU/KVM domains, XML on stdin */
    HOOKS_DRIVER_LXC,       /* "lxc":     LXC domains, XML on stdin */
    HOOKS_DRIVER_NETWORK,   /* "network": virtual networks, <hookData> */
    HOOKS_DRIVER_LIBXL,     /* "libxl":   Xen domains, XML on stdin */
    HOOKS_DRIVER_BHYVE,     /* "bhyve":   bhyve domains, XML on stdin */
    HOOKS_DRIVER_COUNT
} hooks_driver;

/* The second argument.  hooks_driver_has_op() says which driver has which;
 * hooks_op_subop() gives the sub-operation the daemon pairs with it.
 *
 *   daemon  - start - start          at start-up               ignored
 *   daemon  - shutdown - shutdown    about to exit             ignored
 *   daemon  - reload begin SIGHUP    on SIGHUP                 ignored
 *   domain (qemu lxc libxl bhyve), domain XML on stdin:
 *   D NAME prepare begin -     before resources are labelled   aborts start
 *   D NAME start begin -       before the process starts       aborts start
 *   D NAME started begin -     after it started                aborts start
 *   D NAME stopped end -       after it ended                  ignored
 *   D NAME release end REASON  resources released; REASON is a
 *                              hooks_reason name (qemu, lxc) or "-"
 *   D NAME migrate begin -     incoming migration; FILTER (qemu, libxl)
 *   D NAME restore begin -     restore from a file; FILTER (qemu)
 *   D NAME reconnect begin -   daemon reconnects to a running domain;
 *                              failure kills it (qemu, lxc, libxl)
 *   D NAME attach begin -      attach to an external process (qemu)
 *   network NAME start begin -, started begin -, stopped end -,
 *           port-created begin -, port-deleted begin -, updated begin -:
 *           <hookData><network>...</network>[<networkport>...]</hookData>
 *
 * A FILTER may print a replacement document on stdout (see hooks_opts).
 * "aborts start": when it fails the daemon runs stopped and release.
 */
typedef enum hooks_op {
    HOOKS_OP_START,         /* "start" */
    HOOKS_OP_SHUTDOWN,      /* "shutdown" */
    HOOKS_OP_RELOAD,        /* "reload" */
    HOOKS_OP_STOPPED,       /* "stopped" */
    HOOKS_OP_PREPARE,       /* "prepare" */
    HOOKS_OP_STARTED,       /* "started" */
    HOOKS_OP_RELEASE,       /* "release" */
    HOOKS_OP_MIGRATE,       /* "migrate" */
    HOOKS_OP_RESTORE,       /* "restore" */
    HOOKS_OP_RECONNECT,     /* "reconnect" */
    HOOKS_OP_ATTACH,        /* "attach" */
    HOOKS_OP_PORT_CREATED,  /* "port-created" */
    HOOKS_OP_PORT_DELETED,  /* "port-deleted" */
    HOOKS_OP_UPDATED,       /* "updated" */
    HOOKS_OP_COUNT
} hooks_op;

/* The third argument. */
typedef enum hooks_subop {
    HOOKS_SUBOP_NONE,       /* "-" */
    HOOKS_SUBOP_BEGIN,      /* "begin" */
    HOOKS_SUBOP_END,        /* "end" */
    HOOKS_SUBOP_COUNT
} hooks_subop;

/* Why a domain stopped: the extra argument of "release" for qemu and lxc. */
typedef enum hooks_reason {
    HOOKS_REASON_UNKNOWN,       /* "unknown" */
    HOOKS_REASON_SHUTDOWN,      /* "shutdown" */
    HOOKS_REASON_DESTROYED,     /* "destroyed" */
    HOOKS_REASON_CRASHED,       /* "crashed" */
    HOOKS_REASON_MIGRATED,      /* "migrated" */
    HOOKS_REASON_SAVED,         /* "saved" */
    HOOKS_REASON_FAILED,        /* "failed" */
    HOOKS_REASON_DAEMON,        /* "daemon" */
    HOOKS_REASON_FROM_SNAPSHOT, /* "from snapshot": one argument */
    HOOKS_REASON_COUNT
} hooks_reason;

/* The outcome of a call or of one script.  Everything after HOOKS_NO_HOOK
 * is a failure; from HOOKS_INVALID on, nothing was started.  code is said
 * for each. */
typedef enum hooks_status {
    HOOKS_OK,               /* every script ran and exited 0 */
    HOOKS_NO_HOOK,          /* no usable script: nothing ran, go on */
    HOOKS_EXITED,           /* exited non-zero; code: exit status */
    HOOKS_SIGNALED,         /* killed by a signal; code: the signal */
    HOOKS_EXEC_FAILED,      /* execve() failed in the child; code: errno */
    HOOKS_INTERNAL,         /* the host side failed (pipe, fork, poll,
                               memory, waitpid, SIGCHLD ignored); code:
                               errno */
    HOOKS_BAD_OUTPUT,       /* a filter exited 0 but printed a document
                               that is not well-formed XML with the input's
                               root element (HOOKS_WITH_LIBXML2 builds) */
    HOOKS_TIMEDOUT,         /* the call's time ran out while it ran, or
                               before it could start; code: the signal
                               that ended it, or 0 */
    HOOKS_OUTPUT_LIMIT,     /* captured stdout grew past max_stdout */
    HOOKS_CANCELED,         /* *opts.cancel was set; code: the signal that
                               ended it, or 0 */
    HOOKS_INVALID,          /* a bad argument; code: EINVAL */
    HOOKS_TOOLONG           /* a path would exceed PATH_MAX (code:
                               ENAMETOOLONG), or execve() refused the
                               arguments and environment as too long
                               (code: E2BIG); nothing ran */
} hooks_status;

/* What a scan found at a script's path.  Only HOOKS_PRESENT runs; all but
 * HOOKS_PRESENT and HOOKS_ABSENT carry a warning. */
typedef enum hooks_state {
    HOOKS_ABSENT,           /* nothing there */
    HOOKS_PRESENT,          /* executable regular file, or symlink to one */
    HOOKS_NOT_EXECUTABLE,   /* regular file without execute permission */
    HOOKS_NOT_REGULAR,      /* directory, FIFO, device, socket */
    HOOKS_BROKEN,           /* dangling symlink, loop, unreadable dir */
    HOOKS_SKIPPED,          /* a leftover name, with HOOKS_SKIP_LEFTOVERS */
    HOOKS_UNSAFE            /* others could change it, with HOOKS_STRICT */
} hooks_state;

/* hooks_ctx_new() flags. */

/* In DRIVER.d/, skip dotfiles, "*~", "*.swp", "*.dpkg-old" "-new" "-dist"
 * "-tmp", "*.rpmsave" ".rpmnew" ".rpmorig" (the daemon runs them). */
#define HOOKS_SKIP_LEFTOVERS 1u

/* Start scripts with fork() and execve() even where this build would use
 * clone() or posix_spawn() (glibc 2.34 or later): the same child, the
 * slower way, as every other system starts it (hooks_features() says which
 * a build uses). */
#define HOOKS_FORK 2u

/* Strict modes, after OpenSSH's StrictModes and cron's checks on crontabs:
 * a script that would run is HOOKS_UNSAFE instead, and does not run, when
 * anyone but root and the caller (geteuid()) could change what runs: when
 * it, the hooks directory or its DRIVER.d/ can be written by its group or
 * by others, or is owned by another user; or when a directory above the
 * hooks directory, or on the way to a file that one of them links to,
 * could let another user replace what lies below it (writable by others
 * and not sticky, or owned by another user).  Judged at each scan: a file
 * changed later is seen at the next hooks_rescan().  Off by default: the
 * daemon runs such scripts. */
#define HOOKS_STRICT 4u

typedef struct hooks_ctx hooks_ctx;

/* A limit that is no limit (for max_stderr, max_stdout). */
#define HOOKS_UNLIMITED ((size_t)-1)

#define HOOKS_KILL_GRACE 1.0            /* seconds from SIGTERM to SIGKILL */
#define HOOKS_PIPE_GRACE 1.0            /* seconds, see pipe_grace */
#define HOOKS_MAX_STDERR ((size_t)64 << 10)
#define HOOKS_MAX_STDOUT ((size_t)64 << 20)

/* Per-call options.  A NULL pointer, or a struct zeroed with
 * "hooks_opts opts = { 0 };" ("= {};" in C++), means: stdin is /dev/null,
 * stdout discarded, no time limit, the default limits and the daemon's
 * environment.  Fields may be added at the end in later versions; zero
 * keeps the default. */
typedef struct hooks_opts {
    /* Bytes for every script's stdin, written through a pipe (NUL bytes
     * allowed) and then closed; NULL: stdin is /dev/null. */
    const void *input;
    size_t input_len;

    /* Non-zero: keep each script's stdout (hooks_script_result.out) and
     * all of it in hooks_result.out. */
    int capture_stdout;

    /* Non-zero: a filter call (hooks_run() sets this itself for migrate
     * and restore).  The stdout of each script that succeeded and printed
     * something becomes the next script's stdin and the call's document,
     * hooks_result.out; empty output means "unchanged". */
    int filter;

    /* Seconds for the whole call; 0: none, as in the daemon.  Each script
     * then runs in a process group of its own.  When the time is up, that
     * group gets SIGTERM, then SIGKILL HOOKS_KILL_GRACE later, and the call
     * returns HOOKS_TIMEDOUT within timeout + HOOKS_KILL_GRACE + a few ms,
     * whatever still holds the pipes.  Scripts not yet started then do not
     * run, and the call's message names them.  A script that exited before
     * the time was up is judged by its own status.  NaN or negative is
     * HOOKS_INVALID; more than a year counts as a year. */
    double timeout;

    /* After a script has exited, how long to keep reading pipes that a
     * process it left behind still holds; 0: HOOKS_PIPE_GRACE; < 0: until
     * they close, as the daemon does (a timeout still bounds it).  NaN is
     * HOOKS_INVALID. */
    double pipe_grace;

    /* Non-zero: each script runs in a process group of its own, which gets
     * SIGKILL as soon as the script's exit is seen: nothing it left in its
     * group survives the call, nor holds its pipes. */
    int kill_group;

    /* Bytes of each script's stderr kept; more is read and dropped, and
     * err_truncated set.  0: HOOKS_MAX_STDERR; HOOKS_UNLIMITED. */
    size_t max_stderr;

    /* Bytes of each script's stdout kept when captured; more fails the
     * script with HOOKS_OUTPUT_LIMIT (the rest is read and dropped).
     * 0: HOOKS_MAX_STDOUT; HOOKS_UNLIMITED. */
    size_t max_stdout;

    /* NULL, or "NAME=VALUE" strings ending with a NULL, added to the
     * script's environment; each replaces every variable of that name. */
    const char *const *env;

    /* Non-zero: start from the host's whole environment instead of the
     * daemon's, which is LC_ALL=C and, where the host has them, the first
     * LD_PRELOAD, LD_LIBRARY_PATH, PATH, HOME, USER, LOGNAME and TMPDIR
     * (the one getenv() finds). */
    int keep_env;

    /* NULL, or a flag the host may set from a signal handler or another
     * thread to end the call: the running script's process group (each
     * script then has one) gets SIGKILL, the call returns HOOKS_CANCELED
     * within a few tens of ms, and the scripts not yet started do not
     * run.  The call only reads it, atomically where the compiler can;
     * another thread should store to it atomically too (C11 atomic_store,
     * or __atomic_store_n), a signal handler as it likes. */
    volatile sig_atomic_t *cancel;
} hooks_opts;

/* One script's run. */
typedef struct hooks_script_result {
    /* The script. */
    char *path;

    /* HOOKS_OK ... HOOKS_CANCELED, and the code that goes with it. */
    hooks_status status;
    int code;

    /* What it wrote on stdout if captured (or a filter), else NULL; see
     * Ownership above for the one moved to hooks_result.out. */
    char *out;
    size_t out_len;

    /* What it wrote on stderr, up to max_stderr; err_truncated: it wrote
     * more. */
    char *err;
    size_t err_len;
    int err_truncated;

    /* Its failure message, in the daemon's style, else NULL. */
    char *message;

    /* Wall-clock time it took; 0 for a script that did not run. */
    double seconds;

    /* Which of its pipes something it started still held open when the
     * script had exited and the pipe grace ended: HOOKS_HELD_STDOUT,
     * HOOKS_HELD_STDERR, both, or 0.  The status is the script's own (it
     * may be HOOKS_OK), but the daemon, which reads until end of file,
     * would have waited for as long as that process lives.  held_ino[0]
     * (stdout) and [1] (stderr): the held pipe's inode number (st_ino), by
     * which the holders can be found where the system lists open files
     * (Linux: /proc/PID/fd/N is "pipe:[INO]"); 0 when not held. */
    unsigned held;
    unsigned long long held_ino[2];
} hooks_script_result;

#define HOOKS_HELD_STDOUT 1u
#define HOOKS_HELD_STDERR 2u

/* What a call hands back.  hooks_run() fills every field; release it with
 * hooks_result_free().  Buffers end with a NUL byte for convenience, but
 * their length is what counts: scripts may write NUL bytes. */
typedef struct hooks_result {
    /* Also the return value of hooks_run(): the first failing script's, if
     * any failed. */
    hooks_status status;
    int code;

    /* A filter: the resulting document, or NULL if no script changed it.
     * Otherwise, with capture_stdout: every script's stdout in run order;
     * else NULL. */
    char *out;
    size_t out_len;

    /* Every script's stderr, in run order. */
    char *err;
    size_t err_len;

    /* For every failure: one line per failed script, in the daemon's
     * style, "hook PATH OBJ OP SUBOP EXTRA: exit status 1: STDERR" with
     * trailing newlines of STDERR dropped, and one per script that did not
     * run.  NULL for HOOKS_OK, HOOKS_NO_HOOK, or when memory ran out. */
    char *message;

    /* Each script of the call, in order: those that ran, then those that
     * a timeout or a cancel kept from running (status HOOKS_TIMEDOUT or
     * HOOKS_CANCELED, code 0, seconds 0). */
    hooks_script_result *scripts;
    size_t nscripts;
} hooks_result;

/* What a scan found, for listing (see hooks_script_at). */
typedef struct hooks_script_info {
    /* Valid until hooks_rescan() or hooks_ctx_free(). */
    const char *path;
    hooks_state state;

    /* Why it does not run; NULL when it does or when it is simply
     * absent. */
    const char *warning;

    /* What kind of leftover the name looks like ("dpkg backup", ...),
     * whether or not HOOKS_SKIP_LEFTOVERS is set; else NULL. */
    const char *leftover;

    /* 1, 2, ...: its place in the run; 0: it does not run. */
    int order;
} hooks_script_info;

/* Create a context and scan SYSCONFDIR/libvirt/hooks/ once.  sysconfdir
 * NULL means the compile-time HOOKS_SYSCONFDIR (default "/etc"); flags are
 * HOOKS_SKIP_LEFTOVERS, HOOKS_FORK and HOOKS_STRICT.  Returns HOOKS_OK and
 * sets *ctx, or HOOKS_INVALID (empty sysconfdir, NULL ctx, unknown flag),
 * HOOKS_TOOLONG (a script path would not fit in PATH_MAX, or the system
 * calls a name in it too long) or HOOKS_INTERNAL (errno says why: out of
 * memory or fds, a directory that cannot be read to its end), leaving
 * *ctx NULL. */
hooks_status hooks_ctx_new(const char *sysconfdir, unsigned flags,
                           hooks_ctx **ctx);

/* The compile-time default SYSCONFDIR, e.g. "/etc". */
const char *hooks_default_sysconfdir(void);

/* How this build starts scripts, in words: "pipe2 clone posix_spawn"
 * (glibc 2.34+: clone(), with posix_spawn() where the clone child cannot
 * set itself up), "pipe2" (other Linux libcs, such as musl: fork) or
 * "portable" (POSIX calls only: fork), followed by " libxml2" when filter
 * output is checked. */
const char *hooks_features(void);

/* Free a context (NULL is fine).  No call may still run on it. */
void hooks_ctx_free(hooks_ctx *ctx);

/* Scan again: scripts added, removed or chmod-ed since the last scan are
 * seen only after this.  Calls running meanwhile go on with the scan they
 * started with.  On failure (HOOKS_INTERNAL or HOOKS_TOOLONG, as for
 * hooks_ctx_new) the previous scan stays in force; NULL is
 * HOOKS_INVALID. */
hooks_status hooks_rescan(hooks_ctx *ctx);

/* The directory the context searches, e.g. "/etc/libvirt/hooks"; NULL for
 * a NULL ctx. */
const char *hooks_dir(const hooks_ctx *ctx);

/* The main script of a driver: its path (whether or not it exists), what
 * the scan found there, and why it is not used (NULL when it is present or
 * absent).  The daemon logs such a warning.  NULL / HOOKS_ABSENT for a
 * NULL ctx or a driver out of range. */
const char *hooks_script_path(const hooks_ctx *ctx, hooks_driver drv);
hooks_state hooks_script_state(const hooks_ctx *ctx, hooks_driver drv);
const char *hooks_script_warning(const hooks_ctx *ctx, hooks_driver drv);

/* Non-zero if a call for this driver would run at least one script. */
int hooks_driver_present(const hooks_ctx *ctx, hooks_driver drv);

/* Everything the scan saw for a driver: entry 0 is the main script, then
 * the entries of DRIVER.d/ in run order (including those that will not
 * run, and the directory itself if it cannot be listed).  Returns 0 and
 * fills *info, or -1 when i >= hooks_script_count() or an argument is
 * NULL. */
size_t hooks_script_count(const hooks_ctx *ctx, hooks_driver drv);
int hooks_script_at(const hooks_ctx *ctx, hooks_driver drv, size_t i,
                    hooks_script_info *info);

/* Run a driver's scripts with typed arguments and wait for them.  object
 * and extra NULL mean "-".  An operation the driver does not have, or a
 * sub-operation other than hooks_op_subop(), gives HOOKS_INVALID and runs
 * nothing.  migrate and restore are filter calls.  res may be NULL when
 * only the status matters. */
hooks_status hooks_run(const hooks_ctx *ctx, hooks_driver drv,
                       const char *object, hooks_op op, hooks_subop subop,
                       const char *extra, const hooks_opts *opts,
                       hooks_result *res);

/* The same with the four arguments as strings, passed byte for byte: no
 * shell, no checking of their meaning; a filter only if opts->filter.
 * object and extra NULL mean "-"; op and subop must be given.  An empty
 * string is HOOKS_INVALID. */
hooks_status hooks_run_args(const hooks_ctx *ctx, hooks_driver drv,
                            const char *object, const char *op,
                            const char *subop, const char *extra,
                            const hooks_opts *opts, hooks_result *res);

/* Release the buffers of a result and zero it (NULL is fine). */
void hooks_result_free(hooks_result *res);

/* The environment a call with these options gives its scripts (opts NULL:
 * the defaults), as a NULL-terminated array whose strings point into
 * environ and opts->env: valid while those are unchanged.  free() the
 * array alone.  NULL when memory ran out. */
char **hooks_script_env(const hooks_opts *opts);

/* Why the file at path cannot be executed, in a sentence a person can act
 * on, found by reading its first line and looking at it and its #!
 * interpreter: the interpreter's name ends in a carriage return (DOS line
 * endings), there is no #! line (the daemon runs hooks without a shell),
 * the interpreter does not exist or is not executable, the file system is
 * mounted noexec, ...  err is the errno of a failed exec (the code of
 * HOOKS_EXEC_FAILED), or 0 to ask whether an exec would fail.  Written
 * into buf (len bytes, cut to fit) without the path; returns buf, or NULL
 * when there is nothing to add to strerror(err) (err 0: nothing found). */
char *hooks_exec_explain(const char *path, int err, char *buf, size_t len);

/* A status and its code in a few words, the way messages say them: "ok",
 * "exit status 1", "fatal signal 9", "cannot execute: No such file or
 * directory", "internal error: Too many open files", "timed out", ...
 * Written into buf (len bytes, cut to fit); returns buf. */
char *hooks_status_text(hooks_status status, int code, char *buf,
                        size_t len);

/* Names, for messages and command lines.  Out-of-range values give NULL. */
const char *hooks_driver_name(hooks_driver drv);
const char *hooks_op_name(hooks_op op);
const char *hooks_subop_name(hooks_subop subop);
const char *hooks_reason_name(hooks_reason reason);  /* "from snapshot" */
const char *hooks_state_name(hooks_state state);     /* "not-executable" */
const char *hooks_status_name(hooks_status status);  /* "exited" */

/* Parse a name; returns 0 and sets *out, or -1 for an unknown name or a
 * NULL argument. */
int hooks_driver_from_name(const char *name, hooks_driver *out);
int hooks_op_from_name(const char *name, hooks_op *out);
int hooks_subop_from_name(const char *name, hooks_subop *out);
int hooks_reason_from_name(const char *name, hooks_reason *out);

/* Non-zero if the daemon calls this driver with this operation. */
int hooks_driver_has_op(hooks_driver drv, hooks_op op);

/* The sub-operation the daemon pairs with an operation of a driver
 * (HOOKS_SUBOP_COUNT if the driver has no such operation). */
hooks_subop hooks_op_subop(hooks_driver drv, hooks_op op);

/* Non-zero if the daemon uses this operation of this driver as a filter. */
int hooks_op_is_filter(hooks_driver drv, hooks_op op);

#ifdef __cplusplus
}
#endif

#endif /* HOOKS_H */
