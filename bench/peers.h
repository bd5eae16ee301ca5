/* SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the hooks authors
 *
 * peers.h -- what bench/bench.c and the peers share: one call of a hook,
 * made the way a C program would make it without this library.  Each
 * peer runs the job to its end, checks the exit status and the stderr it
 * captured, and returns the seconds it took; a failed check ends the
 * benchmark (bench_fail), so that no failed call is ever counted.
 *
 * bench/peers.c holds the plain POSIX peers (system/popen, a libvirt-style
 * fork); bench/peer-glib.c and bench/peer-uv.c the GLib and libuv ones,
 * which are stubs unless built with BENCH_WITH_GLIB or BENCH_WITH_UV (the
 * Makefile defines them when pkg-config finds the libraries).
 */
#ifndef BENCH_PEERS_H
#define BENCH_PEERS_H

#include <stddef.h>

struct peer_job {
    const char *path;           /* the hook, absolute */
    char *const *argv;          /* argv[0] is path */
    const char *input;          /* NULL: the hook gets no stdin */
    size_t input_len;
    const char *want_err;       /* its stderr, exactly */
    const char *scratch;        /* a file the peer may use (popen) */
    void *ctx;                  /* the hooks_ctx whose qemu hook is path */
};

typedef double (*peer_fn)(const struct peer_job *);

/* bench.c: the time now, in seconds; and the end of a benchmark that
 * cannot go on (exit status 2). */
double bench_now(void);
void bench_fail(const char *what, const char *why);
/* Whether got (len bytes) is the stderr j wants; bench_fail if not. */
void bench_check_err(const struct peer_job *j, const char *who,
                     const char *got, size_t len);
/* Whether a wait status is exit 0; bench_fail if not. */
void bench_check_status(const struct peer_job *j, const char *who, int st);

/* peers.c */
double peer_system(const struct peer_job *j);   /* trivial: system() */
double peer_popen(const struct peer_job *j);    /* with stdin: popen() */
double peer_libvirt(const struct peer_job *j);

/* peer-glib.c: NULL, or why the GLib peers are not there; the version */
extern const char *const peer_glib_missing;
const char *peer_glib_version(void);
double peer_gspawn(const struct peer_job *j);   /* no stdin */
double peer_gsubprocess(const struct peer_job *j);

/* peer-uv.c */
extern const char *const peer_uv_missing;
const char *peer_uv_version(void);
double peer_uv(const struct peer_job *j);

#endif
