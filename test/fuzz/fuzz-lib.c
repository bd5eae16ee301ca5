/* SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the hooks authors
 *
 * fuzz-lib.c -- libFuzzer target for hooks.h's argument and enum entry
 * points: hooks_run() and hooks_run_args() with any driver, operation,
 * sub-operation (out-of-range values too) and any strings (NULL, empty,
 * '/', '..', longer than PATH_MAX), hooks_ctx_new() with any SYSCONFDIR,
 * and the name/parse helpers.
 *
 * Nothing is ever executed: the calls run against contexts whose
 * SYSCONFDIR is a fresh temporary directory (made once, in
 * LLVMFuzzerInitialize, and never given a script), so every call ends in
 * HOOKS_NO_HOOK or HOOKS_INVALID, and which one is known in advance.  A
 * context made from a fuzzed SYSCONFDIR is only scanned, read through the
 * accessors and freed.  Any crash, leak, sanitizer report or broken
 * invariant aborts.
 *
 * Input: two flag bytes, then the enum values (one byte each; a byte with
 * the high bit set is followed by 4 bytes of a raw int), then the strings,
 * each ending with a NUL byte or with the input.
 *
 *   make fuzz && build/test/fuzz-lib test/fuzz/corpus-lib
 */
/* macOS declares mkdtemp() (POSIX.1-2008) only outside _POSIX_C_SOURCE. */
#if defined(__APPLE__) && !defined(_DARWIN_C_SOURCE)
#define _DARWIN_C_SOURCE 1
#endif
/* 64-bit off_t and ino_t on 32-bit glibc, as in hooks.c: its stat() fails
 * with EOVERFLOW on a 64-bit inode number without them. */
#ifndef _FILE_OFFSET_BITS
#define _FILE_OFFSET_BITS 64
#endif
#include "hooks.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(c) \
    do { \
        if (!(c)) { \
            fprintf(stderr, "fuzz-lib: %s:%d: %s\n", __FILE__, __LINE__, \
                    #c); \
            abort(); \
        } \
    } while (0)

#define NCTX 2
static char top[4096];          /* the temporary directory */
static char scdir[NCTX][4200];  /* SYSCONFDIRs of the contexts below */
static hooks_ctx *ctxs[NCTX];   /* [0]: nothing at all; [1]: libvirt/hooks/
                                   and an empty DRIVER.d/ for each driver */

static void rm_tree(void)
{
    char p[4400];
    int d, i;

    for (i = 0; i < NCTX; i++)
        hooks_ctx_free(ctxs[i]);
    for (d = 0; d < HOOKS_DRIVER_COUNT; d++) {
        snprintf(p, sizeof(p), "%s/libvirt/hooks/%s.d", scdir[1],
                 hooks_driver_name((hooks_driver)d));
        rmdir(p);
    }
    snprintf(p, sizeof(p), "%s/libvirt/hooks", scdir[1]);
    rmdir(p);
    snprintf(p, sizeof(p), "%s/libvirt", scdir[1]);
    rmdir(p);
    rmdir(scdir[1]);
    rmdir(scdir[0]);
    rmdir(top);
}

static void mkdir_or_die(const char *p)
{
    if (mkdir(p, 0755) != 0) {
        perror(p);
        abort();
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *tmp = getenv("TMPDIR");
    char p[4400];
    int d, i;

    (void)argc;
    (void)argv;
    snprintf(top, sizeof(top), "%s/hooks-fuzz.XXXXXX",
             tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(top)) {
        perror(top);
        abort();
    }
    snprintf(scdir[0], sizeof(scdir[0]), "%s/none", top);
    snprintf(scdir[1], sizeof(scdir[1]), "%s/empty", top);
    mkdir_or_die(scdir[0]);
    mkdir_or_die(scdir[1]);
    snprintf(p, sizeof(p), "%s/libvirt", scdir[1]);
    mkdir_or_die(p);
    snprintf(p, sizeof(p), "%s/libvirt/hooks", scdir[1]);
    mkdir_or_die(p);
    for (d = 0; d < HOOKS_DRIVER_COUNT; d++) {
        snprintf(p, sizeof(p), "%s/libvirt/hooks/%s.d", scdir[1],
                 hooks_driver_name((hooks_driver)d));
        mkdir_or_die(p);
    }
    for (i = 0; i < NCTX; i++)
        REQUIRE(hooks_ctx_new(scdir[i], i ? HOOKS_SKIP_LEFTOVERS : 0,
                              &ctxs[i]) == HOOKS_OK);
    atexit(rm_tree);
    return 0;
}

/* ---- reading the input --------------------------------------------- */

struct input {
    const uint8_t *p;
    size_t n;
};

static unsigned take_byte(struct input *in)
{
    if (in->n == 0)
        return 0;
    in->n--;
    return *in->p++;
}

/* A small value, or with the high bit set any int (negative too). */
static int take_enum(struct input *in)
{
    unsigned b = take_byte(in), v = 0;
    int i;

    if (!(b & 0x80))
        return (int)b;
    for (i = 0; i < 4; i++)
        v = v << 8 | take_byte(in);
    return v <= INT_MAX ? (int)v : -(int)(~v) - 1;
}

/* The next string, in fresh memory; "" once the input is used up. */
static char *take_str(struct input *in)
{
    const uint8_t *nul = in->n ? memchr(in->p, 0, in->n) : NULL;
    size_t len = nul ? (size_t)(nul - in->p) : in->n;
    char *s = malloc(len + 1);

    REQUIRE(s);
    if (len)
        memcpy(s, in->p, len);
    s[len] = '\0';
    in->p += len + (nul != NULL);
    in->n -= len + (nul != NULL);
    return s;
}

/* s repeated (with '/' between) past PATH_MAX; replaces s. */
static char *lengthen(char *s)
{
    size_t len = strlen(s) + 1, n = 0, want = PATH_MAX + 64;
    char *l = malloc(want + len + 1);

    REQUIRE(l);
    while (n < want) {
        memcpy(l + n, s, len - 1);
        l[n + len - 1] = '/';
        n += len;
    }
    l[n] = '\0';
    free(s);
    return l;
}

/* ---- checks -------------------------------------------------------- */

static int nonempty(const char *s)
{
    return s && *s;
}

/* A result as hooks.h describes it for a call that ran nothing. */
static void check_result(hooks_status st, const hooks_result *res,
                         hooks_status want)
{
    REQUIRE(st == want && res->status == st);
    REQUIRE(res->nscripts == 0 && !res->scripts);
    REQUIRE(!res->out && res->out_len == 0);
    REQUIRE(!res->err && res->err_len == 0);
    if (st == HOOKS_INVALID) {
        REQUIRE(res->code == EINVAL);
        REQUIRE(res->message && strstr(res->message, "invalid argument"));
    } else {
        REQUIRE(res->code == 0 && !res->message);
    }
}

static void check_names(int v, const char *s)
{
    hooks_driver d;
    hooks_op op;
    hooks_subop sub;
    hooks_reason r;
    const char *n;

    /* Round trips where the value is in range; NULL where it is not. */
    n = hooks_driver_name((hooks_driver)v);
    REQUIRE(!n == !(v >= 0 && v < HOOKS_DRIVER_COUNT));
    REQUIRE(!n || (hooks_driver_from_name(n, &d) == 0 && (int)d == v));
    n = hooks_op_name((hooks_op)v);
    REQUIRE(!n == !(v >= 0 && v < HOOKS_OP_COUNT));
    REQUIRE(!n || (hooks_op_from_name(n, &op) == 0 && (int)op == v));
    n = hooks_subop_name((hooks_subop)v);
    REQUIRE(!n == !(v >= 0 && v < HOOKS_SUBOP_COUNT));
    REQUIRE(!n || (hooks_subop_from_name(n, &sub) == 0 && (int)sub == v));
    n = hooks_reason_name((hooks_reason)v);
    REQUIRE(!n == !(v >= 0 && v < HOOKS_REASON_COUNT));
    REQUIRE(!n || (hooks_reason_from_name(n, &r) == 0 && (int)r == v));
    n = hooks_state_name((hooks_state)v);
    REQUIRE(!n == !(v >= HOOKS_ABSENT && v <= HOOKS_UNSAFE));
    n = hooks_status_name((hooks_status)v);
    REQUIRE(!n == !(v >= HOOKS_OK && v <= HOOKS_TOOLONG));

    /* Any string: parsed only if it is the name of what it gives. */
    if (hooks_driver_from_name(s, &d) == 0)
        REQUIRE(strcmp(hooks_driver_name(d), s) == 0);
    if (hooks_op_from_name(s, &op) == 0)
        REQUIRE(strcmp(hooks_op_name(op), s) == 0);
    if (hooks_subop_from_name(s, &sub) == 0)
        REQUIRE(strcmp(hooks_subop_name(sub), s) == 0);
    if (hooks_reason_from_name(s, &r) == 0)
        REQUIRE(strcmp(hooks_reason_name(r), s) == 0);
    REQUIRE(hooks_driver_from_name(NULL, &d) < 0);
}

static void check_table(int dv, int ov)
{
    hooks_driver d = (hooks_driver)dv;
    hooks_op op = (hooks_op)ov;
    hooks_subop sub = hooks_op_subop(d, op);
    int in = dv >= 0 && dv < HOOKS_DRIVER_COUNT && ov >= 0
             && ov < HOOKS_OP_COUNT;

    REQUIRE(sub == HOOKS_SUBOP_NONE || sub == HOOKS_SUBOP_BEGIN
            || sub == HOOKS_SUBOP_END || sub == HOOKS_SUBOP_COUNT);
    REQUIRE(!!hooks_driver_has_op(d, op) == (sub != HOOKS_SUBOP_COUNT));
    REQUIRE(in || !hooks_driver_has_op(d, op));
    if (hooks_op_is_filter(d, op))
        REQUIRE(hooks_driver_has_op(d, op)
                && (op == HOOKS_OP_MIGRATE || op == HOOKS_OP_RESTORE));
}

/* Does path hold a name longer than NAME_MAX (255 on Linux) that the
 * kernel reaches?  It reads the names in order and stops at the first one
 * missing or not a directory (ENOENT, ENOTDIR: the hooks are absent), so a
 * long name behind one of those is never looked at. */
static int long_name_reached(const char *path)
{
    char prefix[PATH_MAX + 1];
    struct stat st;
    size_t n, at = strspn(path, "/");

    while (path[at]) {
        n = strcspn(path + at, "/");
        if (n > 255)
            return 1;
        at += n;
        if (at > PATH_MAX)
            return 0;
        memcpy(prefix, path, at);
        prefix[at] = '\0';
        if (stat(prefix, &st) != 0 || !S_ISDIR(st.st_mode))
            return 0;
        at += strspn(path + at, "/");
    }
    return 0;
}

/* A context from a fuzzed SYSCONFDIR: only scanned and read, never run. */
static void check_ctx_new(const char *sysconfdir, unsigned flags)
{
    static int junk;
    hooks_ctx *ctx = (hooks_ctx *)(void *)&junk;    /* must become NULL */
    hooks_status st = hooks_ctx_new(sysconfdir, flags, &ctx);
    const char *sc = sysconfdir ? sysconfdir : hooks_default_sysconfdir();
    hooks_script_info info;
    size_t i, n;
    int d;

    REQUIRE(st == HOOKS_OK || st == HOOKS_INVALID || st == HOOKS_TOOLONG
            || st == HOOKS_INTERNAL);
    REQUIRE((st == HOOKS_OK) == (ctx != NULL));
    if (!*sc || (flags & ~(HOOKS_SKIP_LEFTOVERS | HOOKS_FORK
                           | HOOKS_STRICT)))
        REQUIRE(st == HOOKS_INVALID);
    else if (strlen(sc) + strlen("/libvirt/hooks/network.d") >= PATH_MAX)
        REQUIRE(st == HOOKS_TOOLONG);
    else if (long_name_reached(sc))
        REQUIRE(st == HOOKS_TOOLONG || st == HOOKS_INTERNAL);
    else
        REQUIRE(st == HOOKS_OK || st == HOOKS_INTERNAL);
    if (!ctx)
        return;
    REQUIRE(strncmp(hooks_dir(ctx), sc, strlen(sc)) == 0
            && strcmp(hooks_dir(ctx) + strlen(sc), "/libvirt/hooks") == 0);
    for (d = -1; d <= HOOKS_DRIVER_COUNT; d++) {
        hooks_driver drv = (hooks_driver)d;
        int in = d >= 0 && d < HOOKS_DRIVER_COUNT;
        const char *path = hooks_script_path(ctx, drv);

        n = hooks_script_count(ctx, drv);
        REQUIRE(in ? n >= 1 && path : n == 0 && !path);
        REQUIRE(!in || (hooks_script_state(ctx, drv) >= HOOKS_ABSENT
                        && hooks_script_state(ctx, drv) <= HOOKS_SKIPPED));
        for (i = 0; i < n; i++) {
            REQUIRE(hooks_script_at(ctx, drv, i, &info) == 0);
            REQUIRE(info.path && hooks_state_name(info.state));
            REQUIRE((info.state == HOOKS_PRESENT) == (info.order > 0));
        }
        REQUIRE(hooks_script_at(ctx, drv, n, &info) < 0);
        REQUIRE(hooks_script_at(ctx, drv, 0, NULL) < 0);
        (void)hooks_script_warning(ctx, drv);
        (void)hooks_driver_present(ctx, drv);
    }
    st = hooks_rescan(ctx);
    REQUIRE(st == HOOKS_OK || st == HOOKS_INTERNAL);
    hooks_ctx_free(ctx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct input in;
    unsigned f0, f1, flags;
    int dv, ov, sv, rv;
    char *object, *ops, *subops, *extra, *sysconfdir, *env1, *env2, *sc;
    const char *obj, *ex, *op_s, *sub_s, *env[3];
    const hooks_ctx *ctx;
    const hooks_opts *po;
    hooks_opts opts;
    hooks_result res;
    hooks_status st, want;
    size_t i;

    in.p = data;
    in.n = size;
    f0 = take_byte(&in);
    f1 = take_byte(&in);
    dv = take_enum(&in);
    ov = take_enum(&in);
    sv = take_enum(&in);
    rv = take_enum(&in);
    flags = (unsigned)take_enum(&in);
    object = take_str(&in);
    ops = take_str(&in);
    subops = take_str(&in);
    extra = take_str(&in);
    sysconfdir = take_str(&in);
    env1 = take_str(&in);
    env2 = take_str(&in);
    if (f0 & 0x10)
        object = lengthen(object);
    if (f0 & 0x20)
        extra = lengthen(extra);
    if (f1 & 0x10)
        sysconfdir = lengthen(sysconfdir);

    check_names(dv, object);
    check_names(ov, ops);
    check_names(sv, subops);
    check_names(rv, extra);
    check_table(dv, ov);
    check_table(sv, rv);

    obj = f0 & 0x01 ? NULL : object;
    op_s = f0 & 0x02 ? NULL : ops;
    sub_s = f0 & 0x04 ? NULL : subops;
    ex = f0 & 0x08 ? NULL : extra;
    ctx = f0 & 0x40 ? NULL : ctxs[f1 & 1];
    memset(&opts, 0, sizeof(opts));
    if (f1 & 0x02)
        opts.input_len = 1 + (size_t)rv;     /* without input: invalid */
    if (f1 & 0x04) {
        opts.input = sysconfdir;
        opts.input_len = strlen(sysconfdir);
    }
    opts.filter = f1 & 0x08;
    opts.capture_stdout = f1 & 0x20;
    opts.timeout = (double)sv / 8;
    opts.pipe_grace = (double)rv / 8;
    env[0] = f1 & 0x40 ? env1 : NULL;
    env[1] = env2;
    env[2] = NULL;
    opts.env = env;
    po = f0 & 0x80 ? NULL : &opts;

    /* What the library must answer, since no script exists. */
    want = HOOKS_NO_HOOK;
    if (!ctx || !nonempty(obj ? obj : "-") || !nonempty(ex ? ex : "-"))
        want = HOOKS_INVALID;
    if (po && !po->input && po->input_len)
        want = HOOKS_INVALID;
    if (po && po->timeout < 0)          /* NaN cannot come from an int */
        want = HOOKS_INVALID;
    for (i = 0; po && env[i]; i++)
        if (!strchr(env[i], '=') || env[i][0] == '=')
            want = HOOKS_INVALID;

    /* Typed. */
    st = hooks_run(ctx, (hooks_driver)dv, obj, (hooks_op)ov,
                   (hooks_subop)sv, ex, po, &res);
    check_result(st, &res,
                 hooks_driver_has_op((hooks_driver)dv, (hooks_op)ov)
                 && hooks_op_subop((hooks_driver)dv, (hooks_op)ov)
                    == (hooks_subop)sv ? want : HOOKS_INVALID);
    hooks_result_free(&res);
    REQUIRE(res.status == HOOKS_OK && !res.message && !res.scripts);
    REQUIRE(hooks_run(ctx, (hooks_driver)dv, obj, (hooks_op)ov,
                      (hooks_subop)sv, ex, po, NULL) == st);

    /* As strings. */
    st = hooks_run_args(ctx, (hooks_driver)dv, obj, op_s, sub_s, ex, po,
                        &res);
    if (dv < 0 || dv >= HOOKS_DRIVER_COUNT || !nonempty(op_s)
        || !nonempty(sub_s))
        want = HOOKS_INVALID;
    check_result(st, &res, want);
    hooks_result_free(&res);
    hooks_result_free(NULL);

    /* A fuzzed SYSCONFDIR, as given and below the temporary directory. */
    check_ctx_new(f1 & 0x80 ? NULL : sysconfdir, flags);
    sc = malloc(strlen(top) + strlen(sysconfdir) + 2);
    REQUIRE(sc);
    sprintf(sc, "%s/%s", top, sysconfdir);
    check_ctx_new(sc, flags & HOOKS_SKIP_LEFTOVERS);
    REQUIRE(hooks_ctx_new(sc, 0, NULL) == HOOKS_INVALID);

    free(sc);
    free(object);
    free(ops);
    free(subops);
    free(extra);
    free(sysconfdir);
    free(env1);
    free(env2);
    return 0;
}
