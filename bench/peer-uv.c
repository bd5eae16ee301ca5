/* SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the hooks authors
 *
 * peer-uv.c -- the libuv peer of make bench (see peers.h), as a libuv
 * program runs a hook: uv_spawn() on the default loop with a pipe to
 * stdin (where there is some; else UV_IGNORE, /dev/null) and one from
 * stderr, stdout inherited; uv_write() the input and close, read stderr
 * to its end, and uv_run() until the exit callback and every handle are
 * done.  libuv (1.44) forks and leaves the host's other fds open.
 *
 * Without BENCH_WITH_UV (the Makefile sets it, with pkg-config's flags
 * for libuv, when it finds them) this file is a stub that says so: that
 * is also the part make check-headers compiles, the trees having no libuv.
 */
#include "peers.h"

#ifdef BENCH_WITH_UV
#include <stdio.h>
#include <string.h>
#include <uv.h>

const char *const peer_uv_missing = NULL;

struct uv_call {
    const struct peer_job *j;
    uv_process_t proc;
    uv_pipe_t in, err;
    uv_write_t w;
    char buf[4096];
    size_t len;
    int64_t status;
    int sig;
};

const char *peer_uv_version(void)
{
    static char v[32];

    snprintf(v, sizeof(v), "libuv %s", uv_version_string());
    return v;
}

static void uv_fail(const char *what, int e)
{
    bench_fail(what, uv_strerror(e));
}

static void uv_exited(uv_process_t *p, int64_t status, int sig)
{
    struct uv_call *c = p->data;

    c->status = status;
    c->sig = sig;
    uv_close((uv_handle_t *)p, NULL);
}

static void on_written(uv_write_t *w, int e)
{
    struct uv_call *c = w->data;

    if (e < 0)
        uv_fail("uv_write", e);
    uv_close((uv_handle_t *)&c->in, NULL);
}

static void on_alloc(uv_handle_t *h, size_t want, uv_buf_t *b)
{
    struct uv_call *c = h->data;

    (void)want;
    *b = uv_buf_init(c->buf + c->len, (unsigned)(sizeof(c->buf) - c->len));
}

static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *b)
{
    struct uv_call *c = s->data;

    (void)b;
    if (n > 0)
        c->len += (size_t)n;
    if (n == UV_EOF || c->len == sizeof(c->buf))
        uv_close((uv_handle_t *)s, NULL);
    else if (n < 0)
        uv_fail("uv_read", (int)n);
}

/* The pipes and the options; stdio has room for three. */
static void uv_setup(uv_loop_t *loop, struct uv_call *c,
                     uv_process_options_t *o, uv_stdio_container_t *stdio)
{
    const struct peer_job *j = c->j;

    uv_pipe_init(loop, &c->in, 0);
    uv_pipe_init(loop, &c->err, 0);
    c->proc.data = c->in.data = c->err.data = c->w.data = c;
    stdio[0].flags = UV_IGNORE;
    if (j->input) {
        stdio[0].flags = (uv_stdio_flags)(UV_CREATE_PIPE | UV_READABLE_PIPE);
        stdio[0].data.stream = (uv_stream_t *)&c->in;
    }
    stdio[1].flags = UV_INHERIT_FD;
    stdio[1].data.fd = 1;
    stdio[2].flags = (uv_stdio_flags)(UV_CREATE_PIPE | UV_WRITABLE_PIPE);
    stdio[2].data.stream = (uv_stream_t *)&c->err;
    memset(o, 0, sizeof(*o));
    o->file = j->path;
    o->args = (char **)j->argv;
    o->exit_cb = uv_exited;
    o->stdio = stdio;
    o->stdio_count = 3;
}

double peer_uv(const struct peer_job *j)
{
    static struct uv_call c;
    double t0 = bench_now();
    uv_loop_t *loop = uv_default_loop();
    uv_process_options_t o;
    uv_stdio_container_t stdio[3];
    uv_buf_t b;
    char why[64];
    int e;

    memset(&c, 0, sizeof(c));
    c.j = j;
    uv_setup(loop, &c, &o, stdio);
    if ((e = uv_spawn(loop, &c.proc, &o)) < 0)
        uv_fail("uv_spawn", e);
    if (j->input) {
        b = uv_buf_init((char *)j->input, (unsigned)j->input_len);
        if ((e = uv_write(&c.w, (uv_stream_t *)&c.in, &b, 1,
                          on_written)) < 0)
            uv_fail("uv_write", e);
    } else {
        uv_close((uv_handle_t *)&c.in, NULL);
    }
    if ((e = uv_read_start((uv_stream_t *)&c.err, on_alloc, on_read)) < 0)
        uv_fail("uv_read_start", e);
    uv_run(loop, UV_RUN_DEFAULT);
    if (c.status != 0 || c.sig != 0) {
        snprintf(why, sizeof(why), "exit status %lld, signal %d",
                 (long long)c.status, c.sig);
        bench_fail("uv_spawn", why);
    }
    bench_check_err(j, "uv_spawn", c.buf, c.len);
    return bench_now() - t0;
}

#else

#include <stdlib.h>

const char *const peer_uv_missing = "no libuv";

const char *peer_uv_version(void)
{
    return peer_uv_missing;
}

double peer_uv(const struct peer_job *j)
{
    (void)j;
    abort();
}

#endif
