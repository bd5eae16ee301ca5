/* hooks.h -- run libvirt-style synchronous hook scripts.
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the hooks authors
 *
 * A host program calls an administrator's executables at fixed points of
 * its life, the way the libvirt daemon does:
 *
 *     /etc/libvirt/hooks/qemu NAME start begin -     (domain XML on stdin)
 *     /etc/libvirt/hooks/qemu.d/10-net NAME start begin -
 *
 * and waits for them.  Exit status 0 lets the host go on; anything else is a
 * failure whose stderr is the error text shown to the user.
 *
 *     hooks_ctx *ctx;
 *     hooks_result res;
 *     hooks_opts opts = { 0 };
 *
 *     opts.input = xml;                                   // domain XML
 *     opts.input_len = strlen(xml);
 *     if (hooks_ctx_new(NULL, 0, &ctx) != HOOKS_OK)       // scans the hooks
 *         return -1;
 *     if (hooks_run(ctx, HOOKS_DRIVER_QEMU, "test", HOOKS_OP_START,
 *                   HOOKS_SUBOP_BEGIN, NULL, &opts, &res) > HOOKS_NO_HOOK)
 *         fprintf(stderr, "%s\n", res.message);            // abort the start
 *     hooks_result_free(&res);
 *     hooks_ctx_free(ctx);
 *
 * Vendoring: copy hooks.c and hooks.h.  C99 + POSIX.1-2008, libc only (link
 * with -pthread where pthread_sigmask is not in libc).  Compile hooks.c with
 * -DHOOKS_SYSCONFDIR='"/usr/local/etc"' to change the default directory,
 * and with -DHOOKS_WITH_LIBXML2 (and libxml2's flags) to check that a
 * filter's output is well-formed XML with the input's root element.
 *
 * Which scripts run.  For a driver, SYSCONFDIR/libvirt/hooks/DRIVER (the
 * main script), then every entry of SYSCONFDIR/libvirt/hooks/DRIVER.d/ in
 * byte-wise (strcmp) order of name; each gets the same four arguments.
 * Only executable regular files, or symlinks to them, run; anything else is
 * skipped with a warning.  A failing script does not stop the others; the
 * call fails if any script failed.
 *
 * Rescanning.  What exists is read once, by hooks_ctx_new(), and reused by
 * every call, as the daemon does.  Call hooks_rescan() where the daemon
 * rescans: just before it runs the daemon hook's "reload" (on SIGHUP) and
 * its "shutdown".  A script added in between is not run until then.
 *
 * Threads: there is no global state.  Any number of threads may call
 * hooks_run() and the read-only accessors on the same context at once;
 * hooks_rescan() and hooks_ctx_free() need the context to themselves (hold a
 * write lock, as the daemon does around a reload).  A call disables
 * cancellation of its thread until it returns.
 *
 * Signals and the host's own children.  A call waits for its script with
 * waitpid(pid) on that one pid, so a host may have children of its own and
 * a SIGCHLD handler that reaps them by their pids, with or without
 * SA_RESTART: every interrupted call is resumed.  What the host must not do
 * while a call runs: reap children it does not own (waitpid(-1, ...) or
 * wait() in a SIGCHLD handler or another thread steals the script's exit
 * status, and the call then fails with HOOKS_INTERNAL / ECHILD).  A host
 * that ignores SIGCHLD (SIG_IGN or SA_NOCLDWAIT) cannot learn any exit
 * status: every call fails with HOOKS_INTERNAL / ECHILD before running
 * anything.  SIGPIPE is blocked in the calling thread during a call, and
 * any other signal reaches the host as usual.
 *
 * Portable and fast paths.  On Linux, pipes come from pipe2(O_CLOEXEC).
 * With glibc 2.34 or later the script is started by posix_spawn(), a
 * vfork-style clone whose cost does not grow with the host's memory;
 * elsewhere by fork().  Both give the script the same state.  Compile with
 * -DHOOKS_PORTABLE to use POSIX.1-2008 calls only, as on any other
 * system; hooks_features() tells which a build has.
 *
 * Cost.  A call for a driver with no script makes no system call at all
 * (the scan is the context's).  Otherwise a call costs what starting the
 * script costs, plus its bytes: stdin is written straight from
 * opts->input, output is read up to 1 MiB at a time into a buffer that
 * doubles, and on Linux a big capture is faulted in 2 MiB ahead with one
 * madvise(MADV_POPULATE_WRITE) rather than a page fault per page.  make
 * bench measures each against plain POSIX calls (README.md: Performance).
 */
#ifndef HOOKS_H
#define HOOKS_H

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
#define HOOKS_VERSION_MINOR 3
#define HOOKS_VERSION_PATCH 0
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
 * is a failure; from HOOKS_INVALID on, nothing was started. */
typedef enum hooks_status {
    HOOKS_OK,               /* every script ran and exited 0 */
    HOOKS_NO_HOOK,          /* no usable script: nothing ran, go on */
    HOOKS_EXITED,           /* exited non-zero; code = exit status */
    HOOKS_SIGNALED,         /* killed by a signal; code = signal number */
    HOOKS_EXEC_FAILED,      /* execve() failed in the child; code = errno */
    HOOKS_INTERNAL,         /* the host side failed (pipe, fork, poll,
                               memory, waitpid, SIGCHLD ignored);
                               code = errno */
    HOOKS_BAD_OUTPUT,       /* a filter exited 0 but printed a document
                               that is not well-formed XML with the input's
                               root element (HOOKS_WITH_LIBXML2 builds) */
    HOOKS_TIMEDOUT,         /* the call's timeout expired while it ran;
                               code = the signal that ended it */
    HOOKS_OUTPUT_LIMIT,     /* captured stdout grew past max_stdout */
    HOOKS_INVALID,          /* a bad argument; code = EINVAL */
    HOOKS_TOOLONG           /* a path would exceed PATH_MAX (code =
                               ENAMETOOLONG), or execve() refused the
                               arguments and environment as too long
                               (code = E2BIG); nothing ran */
} hooks_status;

/* What a scan found at a script's path.  Only HOOKS_PRESENT runs; all but
 * HOOKS_PRESENT and HOOKS_ABSENT carry a warning. */
typedef enum hooks_state {
    HOOKS_ABSENT,           /* nothing there */
    HOOKS_PRESENT,          /* executable regular file, or symlink to one */
    HOOKS_NOT_EXECUTABLE,   /* regular file without execute permission */
    HOOKS_NOT_REGULAR,      /* directory, FIFO, device, socket */
    HOOKS_BROKEN,           /* dangling symlink, loop, unreadable dir */
    HOOKS_SKIPPED           /* a leftover name, with HOOKS_SKIP_LEFTOVERS */
} hooks_state;

/* hooks_ctx_new() flags. */
#define HOOKS_SKIP_LEFTOVERS 1u /* in DRIVER.d/, skip dotfiles, "*~",
                                   "*.dpkg-old" "-new" "-dist" "-tmp",
                                   "*.rpmsave" ".rpmnew" ".rpmorig",
                                   "*.swp" (the daemon runs them) */

typedef struct hooks_ctx hooks_ctx;

/* A limit that is no limit (for max_stderr, max_stdout). */
#define HOOKS_UNLIMITED ((size_t)-1)

/* Per-call options.  A NULL pointer, or a struct zeroed with
 * "hooks_opts opts = {0};", means: stdin is /dev/null, stdout discarded,
 * no timeout, the default limits and the daemon's environment.  Fields may
 * be added at the end in later versions; zero keeps the default. */
typedef struct hooks_opts {
    const void *input;      /* bytes for the script's stdin, sent through a
                               pipe (NUL bytes allowed); NULL: /dev/null */
    size_t input_len;
    int capture_stdout;     /* non-zero: keep each script's stdout */
    int filter;             /* non-zero: a filter call (hooks_run() sets
                               this itself for migrate and restore).  The
                               stdout of each script that succeeded and
                               printed something becomes the next script's
                               stdin and the call's document; empty output
                               means "unchanged" */
    double timeout;         /* seconds for the whole call; 0: none (as in
                               the daemon).  Each script then runs in a
                               process group of its own; on expiry that
                               group gets SIGTERM, then SIGKILL after
                               HOOKS_KILL_GRACE, and the call returns
                               HOOKS_TIMEDOUT.  Scripts not yet started
                               are not run */
    double pipe_grace;      /* after a script has exited, how long to keep
                               reading pipes that a process it left behind
                               still holds; 0: HOOKS_PIPE_GRACE; < 0: until
                               they close, as the daemon does */
    int kill_group;         /* non-zero: the script runs in a process group
                               of its own, which gets SIGKILL once the
                               script has exited: nothing it left behind
                               survives the call */
    size_t max_stderr;      /* bytes of each script's stderr kept; more is
                               read and dropped, and err_truncated set.
                               0: HOOKS_MAX_STDERR; HOOKS_UNLIMITED */
    size_t max_stdout;      /* bytes of each script's stdout kept when
                               captured; more fails the script with
                               HOOKS_OUTPUT_LIMIT (the rest is read and
                               dropped).  0: HOOKS_MAX_STDOUT */
    const char *const *env; /* NULL, or "NAME=VALUE" strings ending with a
                               NULL: added to the script's environment,
                               each replacing a variable of that name */
    int keep_env;           /* non-zero: start from the host's whole
                               environment instead of the daemon's
                               LC_ALL=C + LD_PRELOAD LD_LIBRARY_PATH PATH
                               HOME USER LOGNAME TMPDIR */
} hooks_opts;

#define HOOKS_KILL_GRACE 1.0            /* seconds from SIGTERM to SIGKILL */
#define HOOKS_PIPE_GRACE 1.0            /* seconds, see pipe_grace */
#define HOOKS_MAX_STDERR ((size_t)64 << 10)
#define HOOKS_MAX_STDOUT ((size_t)64 << 20)

/* One script's run. */
typedef struct hooks_script_result {
    char *path;             /* the script */
    hooks_status status;    /* HOOKS_OK ... HOOKS_OUTPUT_LIMIT */
    int code;
    char *out;              /* stdout if captured (or filter), else NULL */
    size_t out_len;
    char *err;              /* what it wrote on stderr, up to max_stderr */
    size_t err_len;
    int err_truncated;      /* it wrote more than max_stderr */
    char *message;          /* its failure message, else NULL */
    double seconds;         /* wall-clock time it took */
} hooks_script_result;

/* What a call hands back.  hooks_run() fills every field; release it with
 * hooks_result_free().  Buffers are NUL-terminated for convenience, but
 * their length is what counts: scripts may write NUL bytes. */
typedef struct hooks_result {
    hooks_status status;    /* also the return value of hooks_run(); the
                               first failing script's, if any failed */
    int code;               /* exit status, signal or errno: see above */
    char *out;              /* filter: the resulting document, or NULL if
                               no script changed it.  Otherwise, with
                               capture_stdout: all scripts' stdout in run
                               order; else NULL */
    size_t out_len;
    char *err;              /* all scripts' stderr, in run order */
    size_t err_len;
    char *message;          /* for every failure: one line per failed
                               script, in the daemon's style, "hook PATH OBJ
                               OP SUBOP EXTRA: exit status 1: STDERR" with
                               trailing newlines of STDERR dropped; NULL for
                               HOOKS_OK, HOOKS_NO_HOOK, or when memory ran
                               out */
    hooks_script_result *scripts;   /* each script run, in order */
    size_t nscripts;
} hooks_result;

/* What a scan found, for listing (see hooks_script_at). */
typedef struct hooks_script_info {
    const char *path;       /* valid until hooks_rescan / hooks_ctx_free */
    hooks_state state;
    const char *warning;    /* why it does not run; NULL when it does or
                               when it is simply absent */
    const char *leftover;   /* what kind of leftover the name looks like
                               ("dpkg backup", ...), whether or not
                               HOOKS_SKIP_LEFTOVERS is set; else NULL */
    int order;              /* 1, 2, ...: its place in the run; 0: not run */
} hooks_script_info;

/* Create a context and scan SYSCONFDIR/libvirt/hooks/ once.  sysconfdir
 * NULL means the compile-time HOOKS_SYSCONFDIR (default "/etc"); flags is
 * 0 or HOOKS_SKIP_LEFTOVERS.  Returns HOOKS_OK and sets *ctx, or
 * HOOKS_INVALID (empty sysconfdir, NULL ctx, unknown flag), HOOKS_TOOLONG (a
 * script path would not fit in PATH_MAX, or the system calls a name in it
 * too long) or HOOKS_INTERNAL (out of memory, out of fds, a directory that
 * cannot be read to its end), leaving *ctx NULL. */
hooks_status hooks_ctx_new(const char *sysconfdir, unsigned flags,
                           hooks_ctx **ctx);

/* The compile-time default SYSCONFDIR, e.g. "/etc". */
const char *hooks_default_sysconfdir(void);

/* The system calls this build uses where there is a choice: "pipe2
 * posix_spawn" (glibc 2.34+), "pipe2" (other Linux libcs, such as musl) or
 * "portable" (POSIX.1-2008 only). */
const char *hooks_features(void);

/* Free a context (NULL is fine). */
void hooks_ctx_free(hooks_ctx *ctx);

/* Scan again: scripts added, removed or chmod-ed since the last scan are
 * seen only after this.  On failure (HOOKS_INTERNAL or HOOKS_TOOLONG, as
 * for hooks_ctx_new) the previous scan stays in force. */
hooks_status hooks_rescan(hooks_ctx *ctx);

/* The directory the context searches, e.g. "/etc/libvirt/hooks". */
const char *hooks_dir(const hooks_ctx *ctx);

/* The main script of a driver: its path (whether or not it exists), what
 * the scan found there, and why it is not used (NULL when it is present or
 * absent).  The daemon logs such a warning. */
const char *hooks_script_path(const hooks_ctx *ctx, hooks_driver drv);
hooks_state hooks_script_state(const hooks_ctx *ctx, hooks_driver drv);
const char *hooks_script_warning(const hooks_ctx *ctx, hooks_driver drv);

/* Non-zero if a call for this driver would run at least one script. */
int hooks_driver_present(const hooks_ctx *ctx, hooks_driver drv);

/* Everything the scan saw for a driver: entry 0 is the main script, then
 * the entries of DRIVER.d/ in run order (including those that will not
 * run, and the directory itself if it cannot be listed).  Returns 0 and
 * fills *info, or -1 when i >= hooks_script_count(). */
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

/* Names, for messages and command lines.  Out-of-range values give NULL. */
const char *hooks_driver_name(hooks_driver drv);
const char *hooks_op_name(hooks_op op);
const char *hooks_subop_name(hooks_subop subop);
const char *hooks_reason_name(hooks_reason reason);  /* "from snapshot" */
const char *hooks_state_name(hooks_state state);     /* "not-executable" */
const char *hooks_status_name(hooks_status status);  /* "exited" */

/* Parse a name; returns 0 and sets *out, or -1 for an unknown name. */
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
