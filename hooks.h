/* hooks.h -- run libvirt-style synchronous hook scripts.
 *
 * A host program calls an administrator's executable at fixed points of its
 * life, the way the libvirt daemon does:
 *
 *     /etc/libvirt/hooks/qemu NAME start begin -     (domain XML on stdin)
 *
 * and waits for it.  Exit status 0 lets the host go on; anything else is a
 * failure whose stderr is the error text shown to the user.
 *
 *     hooks_ctx *ctx;
 *     hooks_result res;
 *     hooks_opts opts = { xml, strlen(xml), 0 };
 *
 *     if (hooks_ctx_new(NULL, &ctx) != HOOKS_OK)          // scans the hooks
 *         return -1;
 *     if (hooks_run(ctx, HOOKS_DRIVER_QEMU, "test", HOOKS_OP_START,
 *                   HOOKS_SUBOP_BEGIN, NULL, &opts, &res) > HOOKS_NO_HOOK)
 *         fprintf(stderr, "%s\n", res.message);            // abort the start
 *     hooks_result_free(&res);
 *     hooks_ctx_free(ctx);
 *
 * Vendoring: copy hooks.c and hooks.h.  C99 + POSIX.1-2008, libc only (link
 * with -pthread where pthread_sigmask is not in libc).  Compile hooks.c with
 * -DHOOKS_SYSCONFDIR='"/usr/local/etc"' to change the default directory.
 *
 * Threads: there is no global state.  Any number of threads may call
 * hooks_run() and the read-only accessors on the same context at once;
 * hooks_rescan() and hooks_ctx_free() need the context to themselves (hold a
 * write lock, as the daemon does around a reload).
 *
 * What the host must not do while a call runs: reap children it does not own
 * (waitpid(-1, ...) in a SIGCHLD handler steals the script's exit status, and
 * the call then fails with HOOKS_INTERNAL / ECHILD).  A host that ignores
 * SIGCHLD (SIG_IGN or SA_NOCLDWAIT) cannot learn any exit status: every call
 * fails with HOOKS_INTERNAL / ECHILD before running anything.
 *
 * A call is not a cancellation point: it disables cancellation of the
 * calling thread until it returns, so its pipes and child are always
 * cleaned up.
 */
#ifndef HOOKS_H
#define HOOKS_H

#include <stddef.h>

#define HOOKS_VERSION "0.1.0"

/* Which hook script: the file SYSCONFDIR/libvirt/hooks/<name>. */
typedef enum hooks_driver {
    HOOKS_DRIVER_DAEMON,    /* "daemon": the daemon's own start/stop/reload */
    HOOKS_DRIVER_QEMU,      /* "qemu":   QEMU/KVM domains, XML on stdin */
    HOOKS_DRIVER_LXC,       /* "lxc":    LXC domains, XML on stdin */
    HOOKS_DRIVER_COUNT
} hooks_driver;

/* The second argument.  Which driver has which operation is fixed by
 * hooks_driver_has_op(); the daemon uses them so:
 *   daemon - start - start         at start-up            failure ignored
 *   daemon - shutdown - shutdown   about to exit          failure ignored
 *   daemon - reload begin SIGHUP   on SIGHUP              failure ignored
 *   qemu|lxc NAME start begin -    before the domain is created;
 *                                  failure aborts the start
 *   qemu|lxc NAME stopped end -    after the domain ended; failure ignored
 */
typedef enum hooks_op {
    HOOKS_OP_START,         /* "start" */
    HOOKS_OP_SHUTDOWN,      /* "shutdown" */
    HOOKS_OP_RELOAD,        /* "reload" */
    HOOKS_OP_STOPPED,       /* "stopped" */
    HOOKS_OP_COUNT
} hooks_op;

/* The third argument. */
typedef enum hooks_subop {
    HOOKS_SUBOP_NONE,       /* "-" */
    HOOKS_SUBOP_BEGIN,      /* "begin" */
    HOOKS_SUBOP_END,        /* "end" */
    HOOKS_SUBOP_COUNT
} hooks_subop;

/* The outcome of a call.  Everything after HOOKS_NO_HOOK is a failure; the
 * ones from HOOKS_INVALID on mean the script was never started. */
typedef enum hooks_status {
    HOOKS_OK,               /* the script ran and exited 0 */
    HOOKS_NO_HOOK,          /* no usable script: nothing ran, go on */
    HOOKS_EXITED,           /* exited non-zero; code = exit status */
    HOOKS_SIGNALED,         /* killed by a signal; code = signal number */
    HOOKS_EXEC_FAILED,      /* execve() failed in the child; code = errno */
    HOOKS_INTERNAL,         /* the host side failed (pipe, fork, poll,
                               memory, waitpid, SIGCHLD ignored);
                               code = errno */
    HOOKS_INVALID,          /* a bad argument; code = EINVAL */
    HOOKS_TOOLONG           /* a path would exceed PATH_MAX;
                               code = ENAMETOOLONG */
} hooks_status;

/* What a scan found at a script's path.  Only HOOKS_PRESENT is run; the
 * others count as absent, and all but HOOKS_ABSENT carry a warning. */
typedef enum hooks_state {
    HOOKS_ABSENT,           /* nothing there */
    HOOKS_PRESENT,          /* executable regular file, or symlink to one */
    HOOKS_NOT_EXECUTABLE,   /* regular file without execute permission */
    HOOKS_NOT_REGULAR,      /* directory, FIFO, device, socket */
    HOOKS_BROKEN            /* dangling symlink, loop, unreadable dir */
} hooks_state;

typedef struct hooks_ctx hooks_ctx;

/* Per-call options.  A NULL pointer, or a zeroed struct, means: stdin is
 * /dev/null and stdout is discarded. */
typedef struct hooks_opts {
    const void *input;      /* bytes for the script's stdin, sent through a
                               pipe (NUL bytes allowed); NULL: /dev/null */
    size_t input_len;
    int capture_stdout;     /* non-zero: keep stdout in hooks_result.out */
} hooks_opts;

/* What a call hands back.  hooks_run() fills every field; release it with
 * hooks_result_free().  Buffers are NUL-terminated for convenience, but
 * their length is what counts: scripts may write NUL bytes. */
typedef struct hooks_result {
    hooks_status status;    /* also the return value of hooks_run() */
    int code;               /* exit status, signal or errno: see above */
    char *out;              /* stdout, if capture_stdout; else NULL */
    size_t out_len;
    char *err;              /* everything the script wrote on stderr */
    size_t err_len;
    char *message;          /* for every failure: one line (unless the
                               stderr has several) in the daemon's style,
                               "hook PATH OBJ OP SUBOP EXTRA: exit status 1:
                               STDERR" with trailing newlines of STDERR
                               dropped; NULL for HOOKS_OK, HOOKS_NO_HOOK, or
                               when memory ran out */
} hooks_result;

/* Create a context and scan SYSCONFDIR/libvirt/hooks/ once.  sysconfdir
 * NULL means the compile-time HOOKS_SYSCONFDIR (default "/etc").  Returns
 * HOOKS_OK and sets *ctx, or HOOKS_INVALID (empty sysconfdir, NULL ctx),
 * HOOKS_TOOLONG (a script path would not fit in PATH_MAX) or HOOKS_INTERNAL
 * (out of memory), leaving *ctx NULL. */
hooks_status hooks_ctx_new(const char *sysconfdir, hooks_ctx **ctx);

/* The compile-time default SYSCONFDIR, e.g. "/etc". */
const char *hooks_default_sysconfdir(void);

/* Free a context (NULL is fine). */
void hooks_ctx_free(hooks_ctx *ctx);

/* Scan again: a script added, removed or chmod-ed since the last scan is
 * seen only after this.  The daemon rescans on its reload and shutdown. */
void hooks_rescan(hooks_ctx *ctx);

/* The directory the context searches, e.g. "/etc/libvirt/hooks". */
const char *hooks_dir(const hooks_ctx *ctx);

/* The path of a driver's script, whether or not it exists. */
const char *hooks_script_path(const hooks_ctx *ctx, hooks_driver drv);

/* What the last scan found for a driver's script. */
hooks_state hooks_script_state(const hooks_ctx *ctx, hooks_driver drv);

/* Why a script that exists is not used, e.g. "not executable"; NULL when it
 * is present or absent.  The daemon logs this as a warning. */
const char *hooks_script_warning(const hooks_ctx *ctx, hooks_driver drv);

/* Run a driver's script with typed arguments and wait for it.  object and
 * extra NULL mean "-".  An operation the driver does not have, or a
 * sub-operation out of range, gives HOOKS_INVALID and runs nothing.  res
 * may be NULL when only the status matters. */
hooks_status hooks_run(const hooks_ctx *ctx, hooks_driver drv,
                       const char *object, hooks_op op, hooks_subop subop,
                       const char *extra, const hooks_opts *opts,
                       hooks_result *res);

/* The same with the four arguments as strings, passed byte for byte: no
 * shell, no checking of their meaning.  object and extra NULL mean "-";
 * op and subop must be given.  An empty string is HOOKS_INVALID. */
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
const char *hooks_state_name(hooks_state state);     /* "not-executable" */
const char *hooks_status_name(hooks_status status);  /* "exited" */

/* Parse a name; returns 0 and sets *out, or -1 for an unknown name. */
int hooks_driver_from_name(const char *name, hooks_driver *out);
int hooks_op_from_name(const char *name, hooks_op *out);
int hooks_subop_from_name(const char *name, hooks_subop *out);

/* Non-zero if the daemon calls this driver with this operation. */
int hooks_driver_has_op(hooks_driver drv, hooks_op op);

#endif /* HOOKS_H */
