/* SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the hooks authors
 *
 * hostd.c -- a small daemon that embeds the hooks pair the way libvirtd
 * does, for reading and for tests.
 *
 *   hostd SYSCONFDIR [DRIVER]    (qemu, the default, lxc, libxl, bhyve,
 *                                 network)
 *
 * At start-up it scans the hooks and runs "daemon - start - start".  On
 * SIGHUP it rescans and runs "daemon - reload begin SIGHUP"; on SIGTERM or
 * SIGINT it rescans, runs "daemon - shutdown - shutdown" and exits 0.
 * Commands arrive on stdin, one a line:
 *
 *   start NAME FILE   start domain NAME, FILE holding its XML:
 *                     prepare, start, started; if one fails, the start is
 *                     aborted and cleaned up with stopped and release
 *                     (a network has neither prepare nor release)
 *   stop NAME         stop it: stopped, then release
 *
 * Each hook call is logged on stdout ("hook qemu vm start begin -: ok"),
 * then "done COMMAND" or "reloaded" or "bye", so a test knows where it is.
 * A failing daemon or stopped hook is logged and ignored, as by libvirtd.
 */
#include "hooks.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

#define MAX_DOMAINS 16

struct domain {
    char name[64];
    char *xml;
    size_t len;
};

static volatile sig_atomic_t got_hup, got_term;

static void on_signal(int sig)
{
    if (sig == SIGHUP)
        got_hup = 1;
    else
        got_term = 1;
}

/* Run one hook call and log it; returns its status. */
static hooks_status hook(const hooks_ctx *ctx, hooks_driver drv,
                         const char *name, hooks_op op, const char *extra,
                         const struct domain *dom)
{
    hooks_opts opts = { 0 };
    hooks_result res;
    hooks_status st;

    if (dom) {
        opts.input = dom->xml;
        opts.input_len = dom->len;
    }
    st = hooks_run(ctx, drv, name, op, hooks_op_subop(drv, op), extra, &opts,
                   &res);
    printf("hook %s %s %s %s %s: %s%s%s\n", hooks_driver_name(drv),
           name ? name : "-", hooks_op_name(op),
           hooks_subop_name(hooks_op_subop(drv, op)), extra ? extra : "-",
           hooks_status_name(st), res.message ? ": " : "",
           res.message ? res.message : "");
    hooks_result_free(&res);
    return st;
}

static int failed(hooks_status st)
{
    return st != HOOKS_OK && st != HOOKS_NO_HOOK;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n;

    *len = 0;
    if (!f)
        return NULL;
    do {
        char *p = realloc(buf, cap + 4096);
        if (!p) {
            free(buf);
            fclose(f);
            return NULL;
        }
        buf = p;
        cap += 4096;
        n = fread(buf + *len, 1, cap - *len, f);
        *len += n;
    } while (n > 0);
    fclose(f);
    return buf;
}

/* release's extra argument: the reason, for the drivers that pass one. */
static const char *reason(hooks_driver drv, hooks_reason r)
{
    return drv == HOOKS_DRIVER_QEMU || drv == HOOKS_DRIVER_LXC
        ? hooks_reason_name(r) : NULL;
}

/* stopped, then release where the driver has it. */
static void stopped(const hooks_ctx *ctx, hooks_driver drv, const char *name,
                    hooks_reason why, const struct domain *d)
{
    hook(ctx, drv, name, HOOKS_OP_STOPPED, NULL, d);
    if (hooks_driver_has_op(drv, HOOKS_OP_RELEASE))
        hook(ctx, drv, name, HOOKS_OP_RELEASE, reason(drv, why), d);
}

static struct domain *find(struct domain *doms, const char *name)
{
    int i;

    for (i = 0; i < MAX_DOMAINS; i++)
        if (doms[i].xml && strcmp(doms[i].name, name) == 0)
            return &doms[i];
    return NULL;
}

/* start NAME FILE: prepare, start, started; a failure aborts the start,
 * and the daemon then runs stopped and release for what it set up. */
static void start(const hooks_ctx *ctx, hooks_driver drv,
                  struct domain *doms, const char *name, const char *file)
{
    struct domain *d = NULL;
    static const hooks_op seq[] = {
        HOOKS_OP_PREPARE, HOOKS_OP_START, HOOKS_OP_STARTED
    };
    size_t i;

    for (i = 0; i < MAX_DOMAINS && !d; i++)
        if (!doms[i].xml)
            d = &doms[i];
    if (!d || find(doms, name) || strlen(name) >= sizeof(d->name)
        || !(d->xml = read_file(file, &d->len))) {
        printf("error: cannot start %s\n", name);
        return;
    }
    strcpy(d->name, name);
    for (i = 0; i < sizeof(seq) / sizeof(seq[0]); i++) {
        if (!hooks_driver_has_op(drv, seq[i]))
            continue;                   /* a network has no prepare */
        if (failed(hook(ctx, drv, name, seq[i], NULL, d))) {
            stopped(ctx, drv, name, HOOKS_REASON_FAILED, d);
            free(d->xml);
            d->xml = NULL;
            return;
        }
    }
}

/* stop NAME: stopped, then release; their failures change nothing. */
static void stop(const hooks_ctx *ctx, hooks_driver drv,
                 struct domain *doms, const char *name)
{
    struct domain *d = find(doms, name);

    if (!d) {
        printf("error: %s is not running\n", name);
        return;
    }
    stopped(ctx, drv, name, HOOKS_REASON_SHUTDOWN, d);
    free(d->xml);
    d->xml = NULL;
}

static void command(const hooks_ctx *ctx, hooks_driver drv,
                    struct domain *doms, char *line)
{
    char *verb = strtok(line, " \t"), *name = strtok(NULL, " \t");
    char *file = strtok(NULL, " \t");

    if (verb && name && file && strcmp(verb, "start") == 0)
        start(ctx, drv, doms, name, file);
    else if (verb && name && strcmp(verb, "stop") == 0)
        stop(ctx, drv, doms, name);
    else
        printf("error: unknown command\n");
}

/* Run each complete line of buf[0..used) as a command; returns how many
 * bytes are left, moved to the front.  A line longer than the buffer is
 * dropped whole: its tail must not run as a command of its own. */
static size_t lines(const hooks_ctx *ctx, hooks_driver drv,
                    struct domain *doms, char *buf, size_t used, size_t size,
                    int *discard)
{
    char line[4096], *nl;       /* as large as main's buffer */
    size_t len;

    while ((nl = memchr(buf, '\n', used)) != NULL) {
        len = (size_t)(nl - buf);
        if (!*discard && len < sizeof(line)) {
            memcpy(line, buf, len);
            line[len] = '\0';
            command(ctx, drv, doms, line);
            memcpy(line, buf, len);
            line[len] = '\0';
            printf("done %s\n", line);
        }
        *discard = 0;
        used -= len + 1;
        memmove(buf, nl + 1, used);
    }
    if (used == size) {
        *discard = 1;
        used = 0;
    }
    return used;
}

int main(int argc, char **argv)
{
    struct domain doms[MAX_DOMAINS];
    hooks_driver drv = HOOKS_DRIVER_QEMU;
    struct sigaction sa;
    sigset_t block, wait_mask;
    char buf[4096];
    size_t used = 0;
    int in_open = 1, discard = 0, i;
    hooks_ctx *ctx;

    if (argc < 2 || argc > 3
        || (argc == 3 && (hooks_driver_from_name(argv[2], &drv) < 0
                          || drv == HOOKS_DRIVER_DAEMON))) {
        fprintf(stderr, "usage: hostd SYSCONFDIR [DRIVER]\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    memset(doms, 0, sizeof(doms));

    /* Signals are blocked except inside pselect(): a SIGHUP can never slip
     * in between the check of the flag and the wait. */
    sigemptyset(&block);
    sigaddset(&block, SIGHUP);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGINT);
    sigprocmask(SIG_BLOCK, &block, &wait_mask);
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    if (hooks_ctx_new(argv[1], 0, &ctx) != HOOKS_OK) {
        fprintf(stderr, "hostd: cannot set up hooks in %s\n", argv[1]);
        return 3;
    }
    hook(ctx, HOOKS_DRIVER_DAEMON, NULL, HOOKS_OP_START, "start", NULL);
    printf("ready\n");

    for (;;) {
        fd_set rd;
        ssize_t n;
        int r;

        if (got_term)
            break;
        if (got_hup) {
            got_hup = 0;
            /* libvirtd rescans right before the reload hook: scripts
             * added since start-up count from here on. */
            hooks_rescan(ctx);
            hook(ctx, HOOKS_DRIVER_DAEMON, NULL, HOOKS_OP_RELOAD, "SIGHUP",
                 NULL);
            printf("reloaded\n");
        }
        FD_ZERO(&rd);
        if (in_open)
            FD_SET(0, &rd);
        r = pselect(in_open ? 1 : 0, &rd, NULL, NULL, NULL, &wait_mask);
        /* pselect() blocks the signals again as it returns: open them a
         * moment, so one that came with a command is seen before the
         * next, even when commands never stop coming. */
        sigprocmask(SIG_SETMASK, &wait_mask, NULL);
        sigprocmask(SIG_BLOCK, &block, NULL);
        if (r <= 0) {
            if (r < 0 && errno != EINTR)
                in_open = 0;            /* e.g. stdin closed: EBADF */
            continue;
        }
        /* One byte is kept free for the newline added at end of input. */
        n = read(0, buf + used, sizeof(buf) - 1 - used);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {                   /* end of input: a last line */
            if (used > 0 && !discard) {
                buf[used] = '\n';
                n = 1;
            } else {
                in_open = 0;
                continue;
            }
        }
        used += (size_t)n;
        used = lines(ctx, drv, doms, buf, used, sizeof(buf) - 1, &discard);
    }

    hooks_rescan(ctx);
    hook(ctx, HOOKS_DRIVER_DAEMON, NULL, HOOKS_OP_SHUTDOWN, "shutdown", NULL);
    for (i = 0; i < MAX_DOMAINS; i++)
        free(doms[i].xml);
    hooks_ctx_free(ctx);
    printf("bye\n");
    return 0;
}
