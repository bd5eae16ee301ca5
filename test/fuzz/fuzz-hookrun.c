/* SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the hooks authors
 *
 * fuzz-hookrun.c -- libFuzzer target for hookrun's command line.
 *
 * The input, split at NUL bytes, is the words after "hookrun" on its
 * command line.  hookrun.c is compiled in with its main() renamed, and the
 * steps that run nothing and print nothing are called: parse() (options
 * and operands), limits() (the numbers), plan_lifecycle() (the daemon's
 * sequences) and absolute() (a relative -c).  Any crash, leak, sanitizer
 * report or broken invariant aborts.
 *
 *   make fuzz && build/test/fuzz-hookrun test/fuzz/corpus-hookrun
 */
#define main hookrun_main
#include "../../hookrun.c"
#undef main

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(c) \
    do { \
        if (!(c)) { \
            fprintf(stderr, "fuzz-hookrun: %s:%d: %s\n", __FILE__, \
                    __LINE__, #c); \
            abort(); \
        } \
    } while (0)

/* A usage error: a format with exactly one "%s" and no newline, and an
 * argument; formatting it must work. */
static void check_usage(const struct usage *u)
{
    const char *pc;
    char small[64];
    int len;

    REQUIRE(u->fmt && u->arg);
    pc = strchr(u->fmt, '%');
    REQUIRE(pc && pc[1] == 's' && !strchr(pc + 2, '%'));
    REQUIRE(!strchr(u->fmt, '\n'));
    len = snprintf(small, sizeof(small), u->fmt, u->arg);
    REQUIRE(len >= 0 && (size_t)len >= strlen(u->arg));
}

/* Does word hold the short option letter, alone ("-h") or in a group
 * ("-vh"), before any option that takes the rest of the word as its
 * value? */
static int in_group(const char *word, char letter)
{
    const char *p;

    if (word[0] != '-' || word[1] == '-')
        return 0;
    for (p = word + 1; *p; p++) {
        if (*p == letter)
            return 1;
        if (strchr("ciEt", *p))
            return 0;
    }
    return 0;
}

/* Is p one of the words (or a suffix of one: "-cDIR", "--input=F")? */
static int from_words(const char *p, const char *buf, size_t len)
{
    return p >= buf && p <= buf + len;
}

static void check_plan(hooks_driver drv, const char *object,
                       const char *action)
{
    struct plan p;
    struct usage u;
    size_t i;

    memset(&p, 0, sizeof(p));
    if (plan_lifecycle(drv, object, action, &p, &u) < 0) {
        check_usage(&u);
        return;
    }
    REQUIRE(p.nrun >= 1 && p.nrun <= 3 && p.ncleanup <= 2);
    /* After a failure at step i the cleanup replaces the rest. */
    REQUIRE(p.nrun + p.ncleanup <= sizeof(p.run) / sizeof(p.run[0]));
    for (i = 0; i < p.nrun + p.ncleanup; i++) {
        const struct step *s = i < p.nrun ? &p.run[i] : &p.cleanup[i - p.nrun];

        REQUIRE(hooks_driver_has_op(drv, s->op));
        REQUIRE(s->extra ? *s->extra != '\0' : sent_extra(drv, s->op) != NULL);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char name[] = "hookrun";
    struct options o;
    struct usage u;
    hooks_opts opts;
    char *buf, **argv, **words;
    int argc = 1, i, r, want;
    size_t k;

    /* The words: each ends with a NUL byte, or with the input. */
    buf = malloc(size + 1);
    REQUIRE(buf);
    if (size)
        memcpy(buf, data, size);
    buf[size] = '\0';
    for (k = 0; k < size; k++)
        argc += buf[k] == '\0';
    argc += size > 0 && buf[size - 1] != '\0';
    argv = calloc((size_t)argc + 1, sizeof(*argv));
    words = calloc((size_t)argc + 1, sizeof(*words));
    REQUIRE(argv && words);
    argv[0] = name;
    for (i = 1, k = 0; i < argc; i++) {
        argv[i] = buf + k;
        k += strlen(buf + k) + 1;
    }
    memcpy(words, argv, ((size_t)argc + 1) * sizeof(*argv));

    /* The first two words as OBJECT ACTION, for every driver. */
    if (argc >= 3)
        for (i = 0; i < HOOKS_DRIVER_COUNT; i++)
            check_plan((hooks_driver)i, argv[1], argv[2]);

    memset(&o, 0, sizeof(o));
    o.env = calloc((size_t)argc + 1, sizeof(*o.env));
    REQUIRE(o.env);
    r = parse(argc, argv, &o, &u);
    REQUIRE(r == CMD_RUN || r == CMD_HELP || r == CMD_VERSION
            || r == CMD_USAGE);
    if (r == CMD_USAGE)
        check_usage(&u);
    if (r == CMD_HELP || r == CMD_VERSION) {
        /* Only if that flag is among the words, alone or in a group. */
        char f = r == CMD_HELP ? 'h' : 'V';
        const char *lf = r == CMD_HELP ? "--help" : "--version";
        int seen = 0;

        for (i = 1; i < argc; i++)
            seen |= in_group(words[i], f) || strcmp(words[i], lf) == 0;
        REQUIRE(seen);
    }
    if (r == CMD_RUN) {
        want = o.list ? 0 : o.lifecycle ? 3 : 5;
        /* --check takes DRIVER or nothing, and no other mode */
        REQUIRE(o.check ? o.n <= 1 && !o.list && !o.lifecycle && !o.dry_run
                        : o.n == want && !(o.list && o.lifecycle));
        REQUIRE(o.nenv >= 0 && o.nenv < argc && o.env[o.nenv] == NULL);
        for (i = 0; i < o.nenv; i++)
            REQUIRE(from_words(o.env[i], buf, size) && o.env[i][0] != '='
                    && strchr(o.env[i], '='));
        for (i = 0; i < o.n; i++)
            REQUIRE(from_words(argv[i], buf, size));
        if (!o.list && o.n > 0)
            REQUIRE(strcmp(hooks_driver_name(o.drv), argv[0]) == 0);
        /* A single call runs only words the daemon sends, or --any-op. */
        if (!o.list && !o.check && !o.lifecycle && !o.any_op) {
            hooks_op op;

            REQUIRE(hooks_op_from_name(argv[2], &op) == 0
                    && hooks_driver_has_op(o.drv, op)
                    && strcmp(argv[3],
                              hooks_subop_name(hooks_op_subop(o.drv, op)))
                       == 0);
        }
        if (o.list)
            REQUIRE(!o.input && !o.output && !o.verbose && !o.filter);
        REQUIRE(!o.sysconfdir || *o.sysconfdir);

        memset(&opts, 0, sizeof(opts));
        if (limits(&o, &opts, &u) < 0) {
            check_usage(&u);
        } else {
            REQUIRE(o.timeout ? opts.timeout > 0 : opts.timeout == 0);
            REQUIRE(o.pipe_grace ? opts.pipe_grace != 0
                                 : opts.pipe_grace == 0);
            REQUIRE(!o.max_stderr == !opts.max_stderr);
            REQUIRE(!o.max_stdout == !opts.max_stdout);
        }
        if (o.lifecycle)
            check_plan(o.drv, argv[1], argv[2]);
        if (o.sysconfdir) {
            char *dir = absolute(o.sysconfdir);
            size_t ld, ls = strlen(o.sysconfdir);

            if (dir) {
                ld = strlen(dir);
                REQUIRE(dir[0] == '/' && ld >= ls
                        && strcmp(dir + ld - ls, o.sysconfdir) == 0);
                free(dir);
            }
        }
    }
    free(o.env);
    free(words);
    free(argv);
    free(buf);
    return 0;
}
