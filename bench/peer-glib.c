/* SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the hooks authors
 *
 * peer-glib.c -- the GLib peers of make bench (see peers.h), as a GLib
 * program runs a hook:
 *
 *   g_spawn_sync   stderr captured; it cannot feed stdin, so it has no
 *                  figure where the hook reads some
 *   GSubprocess    g_subprocess_newv() + g_subprocess_communicate(): stdin
 *                  in (where there is some), stderr captured
 *
 * Both close the host's fds in the child, so GLib takes its fork() path.
 * Without BENCH_WITH_GLIB (the Makefile sets it, with pkg-config's flags
 * for gio-2.0, when it finds them) this file is a stub that says so: that
 * is also the part make check-headers compiles, the trees having no GLib.
 */
#include "peers.h"

#ifdef BENCH_WITH_GLIB
#include <gio/gio.h>
#include <stdio.h>

const char *const peer_glib_missing = NULL;

const char *peer_glib_version(void)
{
    static char v[32];

    snprintf(v, sizeof(v), "GLib %u.%u.%u", glib_major_version,
             glib_minor_version, glib_micro_version);
    return v;
}

static void glib_fail(const char *who, GError *error)
{
    bench_fail(who, error ? error->message : "failed");
}

double peer_gspawn(const struct peer_job *j)
{
    double t0 = bench_now();
    GError *error = NULL;
    gchar *err = NULL;
    gint st;

    if (!g_spawn_sync(NULL, (gchar **)j->argv, NULL, G_SPAWN_DEFAULT, NULL,
                      NULL, NULL, &err, &st, &error))
        glib_fail("g_spawn_sync", error);
    bench_check_status(j, "g_spawn_sync", st);
    bench_check_err(j, "g_spawn_sync", err, strlen(err));
    g_free(err);
    return bench_now() - t0;
}

double peer_gsubprocess(const struct peer_job *j)
{
    double t0 = bench_now();
    GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDERR_PIPE;
    GBytes *in = NULL, *err = NULL;
    GError *error = NULL;
    GSubprocess *p;
    gsize len;
    const char *data;

    if (j->input) {
        flags |= G_SUBPROCESS_FLAGS_STDIN_PIPE;
        in = g_bytes_new_static(j->input, j->input_len);
    }
    p = g_subprocess_newv((const gchar *const *)j->argv, flags, &error);
    if (!p)
        glib_fail("g_subprocess_newv", error);
    if (!g_subprocess_communicate(p, in, NULL, NULL, &err, &error))
        glib_fail("g_subprocess_communicate", error);
    bench_check_status(j, "GSubprocess", g_subprocess_get_status(p));
    data = g_bytes_get_data(err, &len);
    bench_check_err(j, "GSubprocess", data, len);
    g_bytes_unref(err);
    if (in)
        g_bytes_unref(in);
    g_object_unref(p);
    return bench_now() - t0;
}

#else

#include <stdlib.h>

const char *const peer_glib_missing = "no GLib";

const char *peer_glib_version(void)
{
    return peer_glib_missing;
}

double peer_gspawn(const struct peer_job *j)
{
    (void)j;
    abort();
}

double peer_gsubprocess(const struct peer_job *j)
{
    (void)j;
    abort();
}

#endif
