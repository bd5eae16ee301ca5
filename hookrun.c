/* hookrun -- run hook scripts exactly as the daemon would.  See usage.
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the hooks authors
 */
/* 64-bit off_t and ino_t on 32-bit glibc, as in hooks.c: open() and fstat()
 * of the input fail with EOVERFLOW on a file over 2 GiB or a 64-bit inode
 * number without them. */
#ifndef _FILE_OFFSET_BITS
#define _FILE_OFFSET_BITS 64
#endif
#include "hooks.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* POSIX lets a system leave NAME_MAX out when it varies by file system. */
#ifndef NAME_MAX
#define NAME_MAX 255
#endif

enum { EXIT_HOOK_FAILED = 1, EXIT_USAGE = 2, EXIT_INTERNAL = 3 };

static const char usage_text[] =
    "Usage: hookrun [OPTION]... DRIVER OBJECT OPERATION SUBOP EXTRA\n"
    "  or:  hookrun [OPTION]... --lifecycle DRIVER OBJECT ACTION\n"
    "  or:  hookrun [-c DIR] [-s] -l\n"
    "  or:  hookrun [-c DIR] [-s] --check [DRIVER]\n"
    "Run SYSCONFDIR/libvirt/hooks/DRIVER, then each script in DRIVER.d/,\n"
    "with the four arguments as given, the way the libvirt daemon runs\n"
    "them, and report how they ended.\n"
    "\n"
    "  -c, --sysconfdir=DIR  look for hooks in DIR/libvirt/hooks, which must\n"
    "                        exist (default %s)\n"
    "  -i, --input=FILE      feed FILE to the scripts' stdin ('-': hookrun's\n"
    "                        stdin); without it their stdin is /dev/null\n"
    "  -o, --output          print the scripts' stdout on stdout; for a\n"
    "                        filter, the resulting document (none: unchanged)\n"
    "  -F, --filter          treat the call as a filter (migrate and restore\n"
    "                        always are): each script's output feeds the next\n"
    "      --any-op          take OBJECT OPERATION SUBOP EXTRA as they are,\n"
    "                        even words the daemon never sends (a newer one's)\n"
    "  -s, --skip-leftovers  in .d/, skip dotfiles and *~ *.swp *.dpkg-old\n"
    "                        -new -dist -tmp *.rpmsave .rpmnew .rpmorig\n"
    "      --strict          run no script that anyone but root and you\n"
    "                        could change (group- or world-writable, ...)\n"
    "  -v, --verbose         show each script's result, time, stdout, stderr\n"
    "  -n, --dry-run         run nothing: print each call ('call ...'),\n"
    "                        each script it would run ('run ARGV'), its\n"
    "                        environment ('  env NAME=VALUE') and stdin\n"
    "                        ('  stdin N bytes', '  stdin /dev/null')\n"
    "  -E, --env=NAME=VALUE  add NAME=VALUE to the scripts' environment\n"
    "      --keep-env        pass hookrun's whole environment, not only the\n"
    "                        daemon's LC_ALL=C PATH HOME USER LOGNAME TMPDIR\n"
    "                        LD_PRELOAD LD_LIBRARY_PATH\n"
    "  -t, --timeout=SECONDS give the call at most SECONDS (fractions allowed);\n"
    "                        then its process group gets SIGTERM, then SIGKILL\n"
    "      --pipe-grace=SECONDS  after a script exits, wait at most SECONDS\n"
    "                        for pipes its leftovers hold (default 1; -1: forever)\n"
    "      --kill-group      kill what a script leaves in its process group\n"
    "      --fork            start scripts with fork() and execve(), not\n"
    "                        clone() (the same child, made the slow way)\n"
    "      --max-stderr=BYTES    keep at most BYTES of each stderr (default\n"
    "                        65536; 0: no limit)\n"
    "      --max-stdout=BYTES    fail a script whose captured stdout exceeds\n"
    "                        BYTES (default 67108864; 0: no limit)\n"
    "  -l, --list            list every script with its state and run order\n"
    "      --lifecycle       play the daemon's sequence of calls for ACTION:\n"
    "                        qemu|lxc|libxl|bhyve|network NAME start|stop,\n"
    "                        daemon - start|reload|shutdown|restart\n"
    "      --check           run nothing: report what is wrong with the\n"
    "                        scripts, a line 'PATH: KIND: what' each; exit 1\n"
    "                        if anything is found\n"
    "  -h, --help            display this help and exit\n"
    "  -V, --version         output version information and exit\n"
    "\n"
    "Unless --any-op is given, OBJECT OPERATION SUBOP EXTRA must be a call\n"
    "the daemon makes (OBJECT is '-' for the daemon); a usage error lists\n"
    "the calls it makes on DRIVER's hook.\n"
    "\n"
    "Options may come anywhere before '--', and short ones may be grouped\n"
    "(-vo, -lc DIR); a value may follow its option as the next word, or\n"
    "after '=' (long) or directly (short).\n"
    "\n"
    "Exit status: 0 every script succeeded or none is present; 1 a script\n"
    "failed, or left a process holding its output; 2 usage error; 3\n"
    "internal error.\n"
    "\n"
    "Full documentation: man hookrun (hookrun.1 in the sources).\n";

static const char version_text[] =
    "hookrun %s\n"
    "Copyright (c) 2026 the hooks authors\n"
    "License MIT: <https://spdx.org/licenses/MIT.html>.\n"
    "This is free software: you are free to change and redistribute it.\n"
    "There is NO WARRANTY, to the extent permitted by law.\n";

/* SIGINT, SIGTERM and SIGHUP during a call cancel it (its script's
 * process group is killed: nothing is left running, unbounded); then
 * hookrun dies of the same signal, as a shell expects of its commands. */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    interrupted = sig;
}

static void catch_signals(void)
{
    static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
    struct sigaction sa;
    size_t i;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* One that came ignored stays so (nohup; a shell's background job). */
    for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
        struct sigaction old;

        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(sigs[i], &sa, NULL);
    }
}

static void die_of_signal(void)
{
    sigset_t set;
    int sig = interrupted;

    signal(sig, SIG_DFL);
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
}

struct options {
    const char *sysconfdir;
    const char *input;
    const char *timeout, *pipe_grace, *max_stderr, *max_stdout;
    const char **env;           /* -E values, NULL-terminated */
    int nenv;
    int output, list, skip, verbose, filter, lifecycle, kill_group, keep_env;
    int fork, any_op;
    int check, strict;          /* --check, --strict */
    int dry_run;                /* -n */
    int n;                      /* operands, moved to the front of argv */
    hooks_driver drv;           /* the first operand's, unless --list */
    const char *nodir;          /* the compiled-in hooks directory, when
                                   it does not exist (run_all() sets it) */
};

/* What parse() found the command line asks for. */
enum { CMD_RUN, CMD_HELP, CMD_VERSION, CMD_USAGE };

/* A usage error, found without printing it: fmt has one %s, for arg; note,
 * if not NULL, is a line of advice printed after it.  text holds what a
 * message is put together from (usagef(), refuse()). */
struct usage {
    const char *fmt, *arg, *note;
    char text[4096];
};

/* One byte of a path or a word on f; with esc, a newline as \n and any
 * other control byte as \xNN (hex): a line hookrun writes stays one line
 * that starts with "hookrun:", and a file's name sends the terminal no
 * escape sequence.  Without esc the byte is as it is, for what sh reads
 * back (--dry-run's stdout), where a quoted newline is part of a word. */
static void put_byte(FILE *f, unsigned char c, int esc)
{
    if (esc && c == '\n')
        fputs("\\n", f);
    else if (esc && (c < 0x20 || c == 0x7f))
        fprintf(f, "\\x%02x", c);
    else
        putc(c, f);
}

/* A path, or any word not hookrun's own, escaped (put_byte()). */
static void put_path(FILE *f, const char *path)
{
    const unsigned char *p;

    for (p = (const unsigned char *)path; *p; p++)
        put_byte(f, *p, 1);
}

/* A line on stderr: "hookrun: ", head (hookrun's words), name escaped
 * (a path, an operand), then fmt and its arguments (which must be free
 * of control bytes), then a newline.  stdout is flushed first: in order
 * when both go to one file. */
static void say(const char *head, const char *name, const char *fmt, ...)
{
    va_list ap;

    fflush(stdout);
    fprintf(stderr, "hookrun: %s", head);
    put_path(stderr, name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    putc('\n', stderr);
}

/* The message of a usage error, its word escaped (put_path()): an operand
 * or a -c may hold any byte.  u->fmt's one "%s" is the word's place, and
 * the rest of it is hookrun's own words, printed as they are. */
static int usage_error(const struct usage *u)
{
    const char *at = strstr(u->fmt, "%s");

    fputs("hookrun: ", stderr);
    fwrite(u->fmt, 1, at ? (size_t)(at - u->fmt) : strlen(u->fmt), stderr);
    if (at) {
        put_path(stderr, u->arg);
        fputs(at + 2, stderr);
    }
    if (u->note) {
        fputs("\nhookrun: ", stderr);
        put_path(stderr, u->note);
    }
    fputs("\nTry 'hookrun --help'.\n", stderr);
    return EXIT_USAGE;
}

/* Record a usage error; returns -1. */
static int usage(struct usage *u, const char *fmt, const char *arg)
{
    u->fmt = fmt;
    u->arg = arg;
    u->note = NULL;
    return -1;
}

/* Record a usage error whose text is formatted now (into u->text, which
 * cuts a word of thousands of bytes short); returns -1. */
static int usagef(struct usage *u, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(u->text, sizeof(u->text), fmt, ap);
    va_end(ap);
    return usage(u, "%s", u->text);
}

/* Options without a short spelling have ids past every char. */
enum {
    OPT_KEEP_ENV = 256, OPT_PIPE_GRACE, OPT_KILL_GROUP, OPT_FORK,
    OPT_MAX_STDERR, OPT_MAX_STDOUT, OPT_LIFECYCLE, OPT_ANY_OP,
    OPT_CHECK, OPT_STRICT
};

static const struct optdef {
    int id;                     /* the short letter, or an OPT_ id */
    const char *name;           /* the long name, without "--" */
    int value;                  /* whether it takes a value */
} optdefs[] = {
    { 'c', "sysconfdir", 1 }, { 'i', "input", 1 }, { 'o', "output", 0 },
    { 'F', "filter", 0 }, { OPT_ANY_OP, "any-op", 0 },
    { 's', "skip-leftovers", 0 }, { 'v', "verbose", 0 }, { 'E', "env", 1 },
    { OPT_KEEP_ENV, "keep-env", 0 }, { 't', "timeout", 1 },
    { OPT_PIPE_GRACE, "pipe-grace", 1 }, { OPT_KILL_GROUP, "kill-group", 0 },
    { OPT_FORK, "fork", 0 }, { OPT_MAX_STDERR, "max-stderr", 1 },
    { OPT_MAX_STDOUT, "max-stdout", 1 }, { 'l', "list", 0 },
    { OPT_LIFECYCLE, "lifecycle", 0 }, { 'h', "help", 0 },
    { 'V', "version", 0 }, { OPT_CHECK, "check", 0 },
    { OPT_STRICT, "strict", 0 }, { 'n', "dry-run", 0 }
};
#define NOPTS (sizeof(optdefs) / sizeof(optdefs[0]))

/* Apply an option without a value: CMD_RUN to go on, else what the command
 * line asks for. */
static int set_flag(struct options *o, int id)
{
    switch (id) {
    case 'h': return CMD_HELP;
    case 'V': return CMD_VERSION;
    case 'o': o->output = 1; break;
    case 'F': o->filter = 1; break;
    case 's': o->skip = 1; break;
    case 'v': o->verbose = 1; break;
    case 'l': o->list = 1; break;
    case OPT_ANY_OP: o->any_op = 1; break;
    case OPT_KEEP_ENV: o->keep_env = 1; break;
    case OPT_KILL_GROUP: o->kill_group = 1; break;
    case OPT_FORK: o->fork = 1; break;
    case OPT_LIFECYCLE: o->lifecycle = 1; break;
    case OPT_CHECK: o->check = 1; break;
    case OPT_STRICT: o->strict = 1; break;
    case 'n': o->dry_run = 1; break;
    default: break;
    }
    return CMD_RUN;
}

/* Apply an option with its value v: CMD_RUN, or CMD_USAGE. */
static int set_value(struct options *o, int id, const char *v,
                     struct usage *u)
{
    switch (id) {
    case 'c': o->sysconfdir = v; break;
    case 'i': o->input = v; break;
    case 't': o->timeout = v; break;
    case OPT_PIPE_GRACE: o->pipe_grace = v; break;
    case OPT_MAX_STDERR: o->max_stderr = v; break;
    case OPT_MAX_STDOUT: o->max_stdout = v; break;
    case 'E':
        if (!strchr(v, '=') || v[0] == '=') {
            usage(u, "-E wants NAME=VALUE, not '%s'", v);
            return CMD_USAGE;
        }
        o->env[o->nenv++] = v;
        o->env[o->nenv] = NULL;
        break;
    default: break;
    }
    return CMD_RUN;
}

/* An unknown option; CMD_USAGE.  Only between DRIVER and the last operand
 * can a word that starts with '-' have been meant as an operand (no driver
 * starts with '-'): only there does the message suggest '--'.  n: the
 * operands so far. */
static int unknown(struct usage *u, const char *word, int letter,
                   const struct options *o, int n)
{
    int last = o->list ? 0 : o->lifecycle ? 3 : 5;
    const char *hint = n >= 1 && n < last
        ? " (put '--' before operands that start with '-')" : "";

    /* a byte of a multibyte character is no letter to show alone */
    if (letter > ' ' && letter < 0x7f && word[2] != '\0')
        usagef(u, "unknown option '-%c' in '%s'%s", letter, word, hint);
    else
        usagef(u, "unknown option '%s'%s", word, hint);
    return CMD_USAGE;
}

/* "--name", "--name=VALUE" or "--name VALUE" at argv[*i] (advanced past a
 * separate value); CMD_RUN to go on, else what the command line asks
 * for. */
static int long_option(char **argv, int *i, struct options *o, int n,
                       struct usage *u)
{
    const char *a = argv[*i], *name = a + 2, *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    const struct optdef *d;

    for (d = optdefs; d < optdefs + NOPTS; d++)
        if (strlen(d->name) == len && strncmp(d->name, name, len) == 0)
            break;
    if (d == optdefs + NOPTS)
        return unknown(u, a, 0, o, n);
    if (!d->value && eq) {
        usagef(u, "option '--%s' takes no value", d->name);
        return CMD_USAGE;
    }
    if (!d->value)
        return set_flag(o, d->id);
    if (eq)
        return set_value(o, d->id, eq + 1, u);
    if (!argv[*i + 1]) {
        usage(u, "option '%s' needs a value", a);
        return CMD_USAGE;
    }
    return set_value(o, d->id, argv[++*i], u);
}

/* A word of short options, "-v" or grouped as getopt() groups them: "-vo";
 * one that takes a value ends the group, its value being the rest of the
 * word ("-lcDIR") or else the next word ("-lc DIR"). */
static int short_options(char **argv, int *i, struct options *o, int n,
                         struct usage *u)
{
    const char *a = argv[*i], *p;
    const struct optdef *d;
    int r;

    for (p = a + 1; *p; p++) {
        for (d = optdefs; d < optdefs + NOPTS; d++)
            if (d->id == (unsigned char)*p)
                break;
        if (d == optdefs + NOPTS)
            return unknown(u, a, *p, o, n);
        if (d->value && p[1])
            return set_value(o, d->id, p + 1, u);
        if (d->value && !argv[*i + 1]) {
            usagef(u, "option '-%c' needs a value", *p);
            return CMD_USAGE;
        }
        if (d->value)
            return set_value(o, d->id, argv[++*i], u);
        if ((r = set_flag(o, d->id)) != CMD_RUN)
            return r;
    }
    return CMD_RUN;
}

/* The order in which messages list the daemon's calls: a life's. */
static const hooks_op life_order[] = {
    HOOKS_OP_PREPARE, HOOKS_OP_START, HOOKS_OP_STARTED, HOOKS_OP_STOPPED,
    HOOKS_OP_RELEASE, HOOKS_OP_MIGRATE, HOOKS_OP_RESTORE,
    HOOKS_OP_RECONNECT, HOOKS_OP_ATTACH, HOOKS_OP_UPDATED,
    HOOKS_OP_PORT_CREATED, HOOKS_OP_PORT_DELETED, HOOKS_OP_RELOAD,
    HOOKS_OP_SHUTDOWN
};
/* An operation added to hooks.h must be given its place here, or the
 * messages would not list it. */
typedef char life_order_has_every_op[sizeof(life_order)
                                     / sizeof(life_order[0])
                                     == HOOKS_OP_COUNT ? 1 : -1];

/* The extra argument the daemon sends with an operation of a driver it
 * has: a fixed word, or NULL for the reason of a release (qemu, lxc), a
 * hooks_reason name or, from older daemons, "-". */
static const char *sent_extra(hooks_driver drv, hooks_op op)
{
    if (drv == HOOKS_DRIVER_DAEMON)
        return op == HOOKS_OP_START ? "start"
               : op == HOOKS_OP_SHUTDOWN ? "shutdown" : "SIGHUP";
    if (op == HOOKS_OP_RELEASE
        && (drv == HOOKS_DRIVER_QEMU || drv == HOOKS_DRIVER_LXC))
        return NULL;
    return "-";
}

static void append(char *buf, size_t cap, const char *s)
{
    size_t len = strlen(buf);

    snprintf(buf + len, cap - len, "%s", s);
}

/* A usage error for a word the daemon never sends: u->text is head (whose
 * "%%s" becomes the word's "%s"), then what the daemon does send there:
 * every call on drv's hook, or with reasons, every reason of a release.
 * Returns -1. */
static int refuse(struct usage *u, hooks_driver drv, int reasons,
                  const char *word, const char *head, ...)
{
    char *t = u->text;
    size_t cap = sizeof(u->text), i;
    int first;
    va_list ap;

    va_start(ap, head);
    vsnprintf(t, cap, head, ap);
    va_end(ap);
    append(t, cap, "; the daemon sends: ");
    if (reasons) {
        for (i = 0; i < HOOKS_REASON_COUNT; i++) {
            const char *r = hooks_reason_name((hooks_reason)i);

            /* "from snapshot" is one argument: quoted, as a shell wants it */
            append(t, cap, strchr(r, ' ') ? "'" : "");
            append(t, cap, r);
            append(t, cap, strchr(r, ' ') ? "', " : ", ");
        }
        append(t, cap, "-");
    } else {
        for (i = 0, first = 1; i < HOOKS_OP_COUNT; i++) {
            hooks_op op = life_order[i];
            const char *extra = sent_extra(drv, op);

            if (!hooks_driver_has_op(drv, op))
                continue;
            append(t, cap, first ? "" : ", ");
            first = 0;
            append(t, cap, hooks_op_name(op));
            append(t, cap, " ");
            append(t, cap, hooks_subop_name(hooks_op_subop(drv, op)));
            append(t, cap, " ");
            append(t, cap, extra ? extra : "REASON");
        }
    }
    usage(u, t, word);
    u->note = "--any-op passes words that the daemon does not send";
    return -1;
}

/* Are the operands OBJECT OPERATION SUBOP EXTRA (w) a call the daemon
 * makes on drv's hook?  0, or -1 after a usage error: a script tried with
 * words the daemon never sends would be tested for nothing. */
static int check_call(hooks_driver drv, char **w, struct usage *u)
{
    const char *d = hooks_driver_name(drv), *extra;
    hooks_op op;
    hooks_subop sub;
    hooks_reason reason;

    if (drv == HOOKS_DRIVER_DAEMON && strcmp(w[0], "-") != 0) {
        usage(u, "the daemon's object is '-', not '%s'", w[0]);
        u->note = "--any-op passes words that the daemon does not send";
        return -1;
    }
    /* The names in the heads are hooks.h's, free of '%'. */
    if (hooks_op_from_name(w[1], &op) < 0 || !hooks_driver_has_op(drv, op))
        return refuse(u, drv, 0, w[1], "%s has no operation '%%s'", d);
    sub = hooks_op_subop(drv, op);
    if (strcmp(w[2], hooks_subop_name(sub)) != 0)
        return refuse(u, drv, 0, w[2], "%s %s goes with '%s', not '%%s'",
                      d, hooks_op_name(op), hooks_subop_name(sub));
    extra = sent_extra(drv, op);
    if (extra && strcmp(w[3], extra) != 0)
        return refuse(u, drv, 0, w[3], "%s %s %s takes '%s', not '%%s'",
                      d, hooks_op_name(op), hooks_subop_name(sub), extra);
    if (!extra && strcmp(w[3], "-") != 0
        && hooks_reason_from_name(w[3], &reason) < 0)
        return refuse(u, drv, 1, w[3], "%s %s %s takes a reason, not '%%s'",
                      d, hooks_op_name(op), hooks_subop_name(sub));
    return 0;
}

/* A usage error for a word that is no driver's name; the known ones are
 * listed from hooks.h's names, so that the list cannot fall behind.
 * Returns -1. */
static int unknown_driver(struct usage *u, const char *word)
{
    int d;

    /* u->text becomes the format: its one "%s" is the word's place, and
     * the drivers' names hold no '%' */
    snprintf(u->text, sizeof(u->text), "unknown driver '%%s' (known:");
    for (d = 0; d < HOOKS_DRIVER_COUNT; d++) {
        append(u->text, sizeof(u->text), " ");
        append(u->text, sizeof(u->text), hooks_driver_name((hooks_driver)d));
    }
    append(u->text, sizeof(u->text), ")");
    return usage(u, u->text, word);
}

/* --check's operands against the options: an optional DRIVER (into
 * o->drv), and no option that runs or lists scripts; 0, or -1 after a
 * usage error. */
static int check_mode_operands(struct options *o, char **argv,
                               struct usage *u)
{
    if (o->list || o->lifecycle)
        return usage(u, "--check and %s exclude each other",
                     o->list ? "--list" : "--lifecycle");
    if (o->input || o->output || o->verbose || o->filter || o->any_op
        || o->dry_run)
        return usage(u, "%s", "--check runs nothing: no -i, -o, -v, -F, -n "
                     "or --any-op");
    if (o->n > 1)
        return usage(u, "%s", "--check takes one operand at most: DRIVER");
    if (o->n == 1 && hooks_driver_from_name(argv[0], &o->drv) < 0)
        return unknown_driver(u, argv[0]);
    if (o->sysconfdir && !*o->sysconfdir)
        return usage(u, "%s", "empty --sysconfdir");
    return 0;
}

/* An empty operand after DRIVER: the library refuses it, and the daemon
 * never sends one.  0, or -1 after a usage error naming it. */
static int check_empty(const struct options *o, char **argv,
                       struct usage *u)
{
    /* dash: the daemon passes '-' there when it has nothing to say */
    static const struct operand {
        const char *name;
        int dash;
    } call[] = { { "OBJECT", 1 }, { "OPERATION", 0 }, { "SUBOP", 1 },
                 { "EXTRA", 1 } },
      life[] = { { "OBJECT", 1 }, { "ACTION", 0 } };
    const struct operand *w = o->lifecycle ? life : call;
    int i;

    for (i = 1; i < o->n; i++)
        if (!*argv[i])
            return usage(u, w[i - 1].dash
                         ? "empty %s: the daemon passes '-' for none"
                         : "empty %s", w[i - 1].name);
    return 0;
}

/* The operands against the options: their count, the driver (into
 * o->drv), the call; 0, or -1 after a usage error. */
static int check_operands(struct options *o, char **argv, struct usage *u)
{
    int want = o->list ? 0 : o->lifecycle ? 3 : 5;

    if (o->check)
        return check_mode_operands(o, argv, u);
    if (o->list && o->lifecycle)
        return usage(u, "%s", "--list and --lifecycle exclude each other");
    if (o->list && o->dry_run)
        return usage(u, "%s", "--list runs nothing anyway: no -n");
    if (o->list && o->n != 0)
        return usage(u, "%s", "--list takes no operands");
    if (o->list && (o->input || o->output || o->verbose || o->filter
                    || o->any_op))
        return usage(u, "%s",
                     "--list runs nothing: no -i, -o, -v, -F or --any-op");
    if (o->lifecycle && o->any_op)
        return usage(u, "%s",
                     "--lifecycle makes only the daemon's calls: no --any-op");
    if (o->n != want)
        return usage(u, o->lifecycle
                     ? "--lifecycle wants DRIVER OBJECT ACTION, got %s"
                     : "expected DRIVER OBJECT OPERATION SUBOP EXTRA, "
                       "got %s", o->n < want ? "fewer" : "more");
    if (!o->list && hooks_driver_from_name(argv[0], &o->drv) < 0)
        return unknown_driver(u, argv[0]);
    if (o->lifecycle && o->drv == HOOKS_DRIVER_DAEMON && o->input)
        return usage(u, "%s", "the daemon hook gets no input");
    if (o->sysconfdir && !*o->sysconfdir)
        return usage(u, "%s", "empty --sysconfdir");
    if (check_empty(o, argv, u) < 0)
        return -1;
    if (!o->list && !o->lifecycle && !o->any_op)
        return check_call(o->drv, argv + 1, u);
    return 0;
}

/* Parse options anywhere before "--", moving operands to the front of
 * argv (o->n of them), and check the operands.  o must be zeroed but for
 * o->env, with room for argc entries.  Runs and prints nothing: returns
 * CMD_RUN, CMD_HELP, CMD_VERSION, or CMD_USAGE with *u set. */
static int parse(int argc, char **argv, struct options *o, struct usage *u)
{
    int i, r, n = 0;

    for (i = 1; i < argc; i++) {
        char *a = argv[i];

        if (strcmp(a, "--") == 0) {
            while (++i < argc)
                argv[n++] = argv[i];
            break;
        }
        if (a[0] != '-' || a[1] == '\0') {
            argv[n++] = a;
            continue;
        }
        r = a[1] == '-' ? long_option(argv, &i, o, n, u)
                        : short_options(argv, &i, o, n, u);
        if (r != CMD_RUN)
            return r;
    }
    o->n = n;
    return check_operands(o, argv, u) < 0 ? CMD_USAGE : CMD_RUN;
}

/* The input document: a regular file is mapped, so that a big one costs
 * neither a copy nor fresh memory; stdin ("-"), a pipe or a device is read
 * into a buffer that doubles. */
struct input {
    char *data;
    size_t len;
    size_t mapped;              /* bytes mapped, or 0: data is malloc'd */
};

static int read_all(int fd, struct input *in)
{
    size_t cap = 65536;
    char *p;
    ssize_t n;

    if (!(in->data = malloc(cap)))
        return -1;
    for (;;) {
        if (in->len == cap) {
            p = cap * 2 > cap ? realloc(in->data, cap * 2) : NULL;
            if (!p) {
                errno = ENOMEM;
                return -1;
            }
            in->data = p;
            cap *= 2;
        }
        n = read(fd, in->data + in->len, cap - in->len);
        if (n > 0)
            in->len += (size_t)n;
        else if (n == 0)
            return 0;
        else if (errno != EINTR)
            return -1;
    }
}

static void input_free(struct input *in)
{
    if (in->mapped)
        munmap(in->data, in->mapped);
    else
        free(in->data);
    memset(in, 0, sizeof(*in));
}

/* A libxml2 build of the library parses the input: a mapped file that
 * shrinks meanwhile would then kill us with SIGBUS, where a write from it
 * only fails with EFAULT.  There the input is read. */
static int input_load(const char *name, struct input *in)
{
    int own = strcmp(name, "-") != 0;
    int fd = own ? open(name, O_RDONLY | O_CLOEXEC) : 0;
    int map = strstr(hooks_features(), "libxml2") == NULL;
    struct stat st;
    void *p;
    int r, e;

    memset(in, 0, sizeof(*in));
    if (fd < 0)
        return -1;
    if (map && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0
        && (uintmax_t)st.st_size <= SIZE_MAX
        && (p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd,
                     0)) != MAP_FAILED) {
        in->data = p;
        in->len = in->mapped = (size_t)st.st_size;
        r = 0;
    } else {
        r = read_all(fd, in);
    }
    e = errno;
    if (r < 0)
        input_free(in);
    if (own)
        close(fd);
    errno = e;
    return r;
}

/* The daemon always runs scripts by absolute path, and scripts may rely on
 * it (dirname "$0"): make a relative -c absolute, without resolving
 * symlinks, which would change what the script sees as $0. */
static char *absolute(const char *dir)
{
    size_t cap, extra = strlen(dir) + 2;
    char *cwd = NULL, *p;

    if (dir[0] == '/') {
        p = malloc(extra);
        return p ? strcpy(p, dir) : NULL;
    }
    for (cap = 256;; cap *= 2) {
        p = realloc(cwd, cap + extra);
        if (!p)
            break;
        cwd = p;
        if (getcwd(cwd, cap)) {
            if (strcmp(cwd, "/") != 0)
                strcat(cwd, "/");
            return strcat(cwd, dir);
        }
        if (errno != ERANGE)
            break;
    }
    free(cwd);
    return NULL;
}

/* Is text a plain decimal number: digits, a point, an exponent, and a
 * leading '-' only if minus?  strtod() alone would also take blanks, '+',
 * "inf", "nan" and hexadecimal. */
static int decimal(const char *t, int minus)
{
    int digits = 0;

    if (*t == '-' && minus)
        t++;
    for (; (*t >= '0' && *t <= '9') || *t == '.'; t++)
        digits += *t != '.';
    if (digits && (*t == 'e' || *t == 'E')) {
        t += t[1] == '-' || t[1] == '+' ? 2 : 1;
        if (!(*t >= '0' && *t <= '9'))
            return 0;
        while (*t >= '0' && *t <= '9')
            t++;
    }
    return digits > 0 && *t == '\0';
}

/* A number of seconds (fractions allowed; negative only if minus), or -1
 * after a usage error. */
static int seconds(const char *opt, const char *text, int minus,
                   double *out, struct usage *u)
{
    char *end;

    errno = 0;
    if (!decimal(text, minus))
        return usage(u, "%s: not a number of seconds", opt);
    *out = strtod(text, &end);
    if (*end || *out != *out)
        return usage(u, "%s: not a number of seconds", opt);
    return 0;
}

/* A byte count, 0 meaning no limit; -1 after a usage error. */
static int bytes(const char *opt, const char *text, size_t *out,
                 struct usage *u)
{
    unsigned long long v;
    char *end;
    const char *t;

    for (t = text; *t >= '0' && *t <= '9'; t++)
        ;
    errno = 0;
    v = strtoull(text, &end, 10);
    if (t == text || *t || errno || *end || v > (size_t)-1)
        return usage(u, "%s: not a number of bytes", opt);
    *out = v ? (size_t)v : HOOKS_UNLIMITED;
    return 0;
}

/* The bounds options into opts; -1 after a usage error (*u set). */
static int limits(const struct options *o, hooks_opts *opts, struct usage *u)
{
    if (o->timeout) {
        if (seconds("--timeout", o->timeout, 0, &opts->timeout, u) < 0)
            return -1;
        if (!(opts->timeout > 0))
            return usage(u, "%s",
                         "--timeout wants a positive number of seconds");
    }
    if (o->pipe_grace) {
        if (seconds("--pipe-grace", o->pipe_grace, 1, &opts->pipe_grace,
                    u) < 0)
            return -1;
        if (opts->pipe_grace == 0)
            opts->pipe_grace = 1e-9;    /* to the API, 0 is the default */
    }
    if (o->max_stderr && bytes("--max-stderr", o->max_stderr,
                               &opts->max_stderr, u) < 0)
        return -1;
    if (o->max_stdout && bytes("--max-stdout", o->max_stdout,
                               &opts->max_stdout, u) < 0)
        return -1;
    return 0;
}

static int write_all(int fd, const char *p, size_t n)
{
    ssize_t w;

    while (n > 0) {
        w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* One line per script the scan saw: driver, run order, state, path. */
static int list(const hooks_ctx *ctx)
{
    hooks_script_info in;
    char order[16];
    size_t i;
    int d;

    for (d = 0; d < HOOKS_DRIVER_COUNT; d++) {
        for (i = 0; hooks_script_at(ctx, (hooks_driver)d, i, &in) == 0; i++) {
            snprintf(order, sizeof(order), "%d", in.order);
            printf("%-7s %-2s %-15s ", hooks_driver_name((hooks_driver)d),
                   in.order ? order : "-", hooks_state_name(in.state));
            put_path(stdout, in.path);      /* one line a script */
            if (in.warning)
                printf(": %s", in.warning);
            if (in.leftover && in.state != HOOKS_SKIPPED)
                printf(" (--skip-leftovers would skip it: %s)", in.leftover);
            putchar('\n');
        }
    }
    return fflush(stdout) == 0 ? 0 : EXIT_INTERNAL;
}

/* The standard signals by name, for messages: POSIX's, and XSI's where the
 * headers show them; any other is "signal N". */
#define SIGNAME(s) { s, #s }
static const struct signame {
    int sig;
    const char *name;
} signames[] = {
    SIGNAME(SIGHUP), SIGNAME(SIGINT), SIGNAME(SIGQUIT), SIGNAME(SIGILL),
    SIGNAME(SIGABRT), SIGNAME(SIGFPE), SIGNAME(SIGKILL), SIGNAME(SIGSEGV),
    SIGNAME(SIGPIPE), SIGNAME(SIGALRM), SIGNAME(SIGTERM), SIGNAME(SIGUSR1),
    SIGNAME(SIGUSR2), SIGNAME(SIGCHLD), SIGNAME(SIGCONT), SIGNAME(SIGSTOP),
    SIGNAME(SIGTSTP), SIGNAME(SIGTTIN), SIGNAME(SIGTTOU), SIGNAME(SIGBUS),
    SIGNAME(SIGURG),
#ifdef SIGTRAP
    SIGNAME(SIGTRAP),
#endif
#ifdef SIGSYS
    SIGNAME(SIGSYS),
#endif
#ifdef SIGXCPU
    SIGNAME(SIGXCPU),
#endif
#ifdef SIGXFSZ
    SIGNAME(SIGXFSZ),
#endif
#ifdef SIGVTALRM
    SIGNAME(SIGVTALRM),
#endif
#ifdef SIGPROF
    SIGNAME(SIGPROF),
#endif
};

static const char *signal_name(int sig, char *buf, size_t len)
{
    size_t i;

    for (i = 0; i < sizeof(signames) / sizeof(signames[0]); i++)
        if (signames[i].sig == sig)
            return signames[i].name;
    snprintf(buf, len, "signal %d", sig);
    return buf;
}

/* Write n bytes to stderr with "hookrun: " before each line, so that a
 * script's stderr inside a message cannot pass for a line of its own.
 * *bol: whether p starts a line (and, after, whether the next piece
 * does). */
static void put_lines(const char *p, size_t n, int *bol)
{
    const char *nl;
    size_t k;

    while (n > 0) {
        if (*bol)
            fputs(*p == '\n' ? "hookrun:" : "hookrun: ", stderr);
        nl = memchr(p, '\n', n);
        k = nl ? (size_t)(nl - p) + 1 : n;
        fwrite(p, 1, k, stderr);
        *bol = nl != NULL;
        p += k;
        n -= k;
    }
}

/* A word, then suffix (made of plain characters), as a shell would read
 * them back: quoted unless the word is made of characters no shell treats
 * specially.  esc: its control bytes escaped (put_byte()), on stderr. */
static void put_word(FILE *f, const char *w, const char *suffix, int esc)
{
    static const char plain[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                "abcdefghijklmnopqrstuvwxyz"
                                "0123456789_@%+=:,./-";
    int quote = !*w || w[strspn(w, plain)] != '\0';

    if (quote)
        fputc('\'', f);
    for (; *w; w++) {
        if (*w == '\'')
            fputs("'\\''", f);         /* close, a quoted ', reopen */
        else
            put_byte(f, (unsigned char)*w, esc);
    }
    fprintf(f, "%s%s", suffix, quote ? "'" : "");
}

/* A script's stderr: its own buffer, or the call's, where a call of one
 * script moved it (hooks.h: Ownership). */
static const char *err_of(const hooks_script_result *r,
                          const hooks_result *res)
{
    return r->err || !r->err_len ? r->err : res->err;
}

/* A script's message as the library writes it (hooks.h): "hook PATH
 * OBJECT OP SUBOP EXTRA: WHAT", then ": STDERR" and " [stderr truncated]"
 * where they apply.  what .. tail is WHAT, tail .. the end the rest. */
struct parts {
    const char *what, *tail;
};

/* Find WHAT in r->message (words: the call's four); -1 if the message is
 * not of that form: it is then shown as it is. */
static int split(const hooks_script_result *r, const char *err,
                 char *const *words, struct parts *m)
{
    static const char cut[] = " [stderr truncated]";
    const char *p = r->message, *w, *nul;
    size_t i, n, t = err ? r->err_len : 0;

    if (!p || !r->path || strncmp(p, "hook ", 5) != 0)
        return -1;
    for (p += 5, i = 0; i < 5; i++, p += n + 1) {
        w = i ? words[i - 1] : r->path;
        n = strlen(w);
        if (strncmp(p, w, n) != 0 || p[n] != (i < 4 ? ' ' : ':'))
            return -1;
    }
    if (*p != ' ')
        return -1;
    m->what = p + 1;
    m->tail = m->what + strlen(m->what);
    n = sizeof(cut) - 1;
    if (r->status == HOOKS_BAD_OUTPUT)
        return 0;
    while (t > 0 && err[t - 1] == '\n')
        t--;
    /* a NUL byte in the stderr ends the message as a string there */
    nul = t ? memchr(err, '\0', t) : NULL;
    if (nul)
        t = (size_t)(nul - err);
    else if (r->err_truncated && (size_t)(m->tail - m->what) >= n
             && strcmp(m->tail - n, cut) == 0)
        m->tail -= n;
    if ((t > 0 || nul) && (size_t)(m->tail - m->what) >= t + 2
        && memcmp(m->tail - t - 2, ": ", 2) == 0
        && memcmp(m->tail - t, err, t) == 0)
        m->tail -= t + 2;
    return 0;
}

/* A script's outcome in the words every line about it uses: its
 * message's, which may say more than its status (the call that failed,
 * what is wrong with a filter's output), but a script that a timeout or a
 * cancel ended says how long the call had and which signal ended it. */
static void outcome(const hooks_script_result *r, const struct parts *m,
                    double timeout, char *buf, size_t len)
{
    char sig[32];
    size_t n;

    if (r->seconds > 0 && (r->status == HOOKS_TIMEDOUT
                           || r->status == HOOKS_CANCELED)) {
        if (r->status == HOOKS_CANCELED)
            n = (size_t)snprintf(buf, len, "canceled");
        else
            n = (size_t)snprintf(buf, len, "timed out after %g s", timeout);
        if (r->code && n < len)
            snprintf(buf + n, len - n, "; killed by %s",
                     signal_name(r->code, sig, sizeof(sig)));
    } else if (m) {
        n = (size_t)(m->tail - m->what);
        n = n < len ? n : len - 1;
        memcpy(buf, m->what, n);
        buf[n] = '\0';
    } else {
        hooks_status_text(r->status, r->code, buf, len);
    }
}

static void show_stream(const char *path, const char *name, const char *p,
                        size_t n, int cut)
{
    say("", path, ": %s, %lu bytes%s%s", name, (unsigned long)n,
        cut ? " (the rest dropped)" : "", n ? ":" : "");
    fflush(stderr);
    if (n) {
        write_all(2, p, n);
        if (p[n - 1] != '\n')
            write_all(2, "\n", 1);
    }
}

/* -v: a script's arguments, outcome and time, stdout and stderr, the
 * stderr only here: its failure line then leaves it out. */
static void show_script(const hooks_script_result *r, const hooks_result *res,
                    char *const *words, const char *what)
{
    const char *path = r->path ? r->path : "?";
    int i;

    if (!(r->seconds > 0)) {
        say("", path, ": %s", what);
        return;
    }
    fputs("hookrun: ", stderr);
    put_path(stderr, path);
    fputs(": argv: ", stderr);
    put_word(stderr, path, "", 1);
    for (i = 0; i < 4; i++) {
        fputc(' ', stderr);
        put_word(stderr, words[i], "", 1);
    }
    fputc('\n', stderr);
    say("", path, ": %s in %.3f s", what, r->seconds);
    show_stream(path, "stdout", r->out || !r->out_len ? r->out : res->out,
                r->out_len, 0);
    show_stream(path, "stderr", err_of(r, res), r->err_len,
                r->err_truncated);
}

/* A failed script's message, with hookrun's words for its outcome and
 * "hookrun: " before each line; with -v without the stderr, shown above.
 * Its head, "hook PATH WORDS:", is written anew with the path and the
 * words escaped (put_path()), as every path hookrun prints. */
static void failure(const hooks_script_result *r, const struct parts *m,
                    char *const *words, const char *what, int verbose)
{
    int bol = 1, i;

    if (!m) {
        put_lines(r->message, strlen(r->message), &bol);
    } else {
        fputs("hookrun: hook ", stderr);
        put_path(stderr, r->path);
        for (i = 0; i < 4; i++) {
            fputc(' ', stderr);
            put_path(stderr, words[i]);
        }
        fputs(": ", stderr);
        bol = 0;
        put_lines(what, strlen(what), &bol);
        if (!verbose)
            put_lines(m->tail, strlen(m->tail), &bol);
    }
    fputc('\n', stderr);
}

/* Did the script start?  (The library times a script it tried to start,
 * and it cannot tell one that failed before its exec from the others.) */
static int started(const hooks_script_result *r)
{
    return r->seconds > 0 && r->status != HOOKS_EXEC_FAILED
           && r->status != HOOKS_TOOLONG && r->status != HOOKS_INTERNAL;
}

/* A script's outcome into buf; the parts of its message into *m, which
 * is returned, or NULL if the message has not the library's form. */
static const struct parts *describe(const hooks_script_result *r,
                                    const hooks_result *res,
                                    char *const *words, double timeout,
                                    struct parts *m, char *buf, size_t len)
{
    const struct parts *pm = split(r, err_of(r, res), words, m) == 0
                             ? m : NULL;

    outcome(r, pm, timeout, buf, len);
    return pm;
}

/* What a call says about its scripts: -v's blocks, then a line for each
 * failure.  what: the first failure's outcome, else the call's status, in
 * a few words; *ran set if a script ran. */
static void report(const hooks_result *res, char *const *words,
                   double timeout, int verbose, char *what,
                   size_t whatlen, int *ran)
{
    const hooks_script_result *r;
    const struct parts *pm;
    struct parts m;
    char buf[512];
    size_t i, failed = 0;

    hooks_status_text(res->status, res->code, what, whatlen);
    for (i = 0; verbose && i < res->nscripts; i++) {
        r = &res->scripts[i];
        describe(r, res, words, timeout, &m, buf, sizeof(buf));
        show_script(r, res, words, buf);
    }
    for (i = 0; i < res->nscripts; i++) {
        r = &res->scripts[i];
        *ran |= started(r);
        if (r->status == HOOKS_OK)
            continue;
        pm = describe(r, res, words, timeout, &m, buf, sizeof(buf));
        if (r->message)
            failure(r, pm, words, buf, verbose);
        if (failed++ == 0)
            snprintf(what, whatlen, "%s", buf);
    }
    if (res->nscripts == 0 && res->message) {
        /* a refusal: one line, whose only bytes not hookrun's own are the
         * path's and the words' */
        fputs("hookrun: ", stderr);
        put_path(stderr, res->message);
        fputc('\n', stderr);
    } else if (failed == 0 && res->status > HOOKS_NO_HOOK) {
        fprintf(stderr, "hookrun: %s\n", hooks_status_name(res->status));
    }
}

/* Is path the DRIVER.d of the main script (an entry when it cannot be
 * listed)? */
static int is_dot_d(const char *script, const char *path)
{
    size_t n = strlen(script);

    return strncmp(path, script, n) == 0 && strcmp(path + n, ".d") == 0;
}

/* A warning for each of the driver's entries that does not run, as the
 * daemon logs one: whatever its state, but for what --skip-leftovers
 * skipped, which the daemon does run. */
static void warnings(const hooks_ctx *ctx, hooks_driver drv)
{
    hooks_script_info in;
    const char *script = hooks_script_path(ctx, drv);
    size_t i;

    for (i = 0; hooks_script_at(ctx, drv, i, &in) == 0; i++) {
        if (in.state == HOOKS_PRESENT || in.state == HOOKS_ABSENT)
            continue;
        say("warning: ", in.path, ": %s (%s)",
            in.warning ? in.warning : hooks_state_name(in.state),
                in.state == HOOKS_SKIPPED
                ? "skipped by --skip-leftovers; the daemon runs it"
                : in.state == HOOKS_UNSAFE
                ? "--strict does not run it; the daemon would"
                : i > 0 && script && is_dot_d(script, in.path)
                ? "the daemon runs nothing in it"
                : "the daemon does not run it");
    }
}

/* Scripts that ended while something they started still held their
 * output: the daemon would have hung there, so hookrun then exits 1. */
static int leftovers;

/* Can the holders of a pipe be named here: does this system list each
 * process's open files as /proc/PID/fd/N, a pipe as Linux's
 * "pipe:[INODE]" with the inode fstat() gives (held_ino's)?  Checked once,
 * on a pipe of hookrun's own: 1 yes; 0 there is no /proc/self/fd; -1 it
 * shows pipes otherwise (another system's /proc, a stand-in), so that
 * finding none there would say nothing. */
static int proc_fds(void)
{
    static int known = 2;
    char path[64], link[64], want[48];
    struct stat st;
    ssize_t n;
    int fd[2];

    if (known != 2)
        return known;
    known = access("/proc/self/fd", F_OK) == 0 ? -1 : 0;
    if (known && pipe(fd) == 0) {
        snprintf(path, sizeof(path), "/proc/self/fd/%d", fd[0]);
        if (fstat(fd[0], &st) == 0
            && (n = readlink(path, link, sizeof(link) - 1)) > 0) {
            link[n] = '\0';
            snprintf(want, sizeof(want), "pipe:[%llu]",
                     (unsigned long long)st.st_ino);
            known = strcmp(link, want) == 0 ? 1 : -1;
        }
        close(fd[0]);
        close(fd[1]);
    }
    return known;
}

/* Which of the pipes ino[0] (stdout), ino[1] (stderr) the process pid (a
 * name in /proc) has open, as HOOKS_HELD_ bits. */
static unsigned proc_holds(const char *pid, const unsigned long long ino[2])
{
    char path[2 * NAME_MAX + 16], link[64], want[2][48];
    struct dirent *e;
    unsigned found = 0;
    ssize_t n;
    DIR *d;
    int i;

    for (i = 0; i < 2; i++)
        snprintf(want[i], sizeof(want[i]), "pipe:[%llu]", ino[i]);
    snprintf(path, sizeof(path), "/proc/%s/fd", pid);
    if (!(d = opendir(path)))
        return 0;               /* another user's, or it has ended */
    while ((e = readdir(d)) != NULL) {
        snprintf(path, sizeof(path), "/proc/%s/fd/%s", pid, e->d_name);
        if (e->d_name[0] == '.'
            || (n = readlink(path, link, sizeof(link) - 1)) < 0)
            continue;
        link[n] = '\0';
        for (i = 0; i < 2; i++)
            if (ino[i] != 0 && strcmp(link, want[i]) == 0)
                found |= 1u << i;
    }
    closedir(d);
    return found;
}

/* The bytes of /proc/PID/NAME, at most len - 1 of them, NUL-ended, with
 * NUL bytes (between cmdline's words) as spaces and other control bytes
 * as '?'; the count read, 0 when unreadable. */
static size_t proc_text(const char *pid, const char *name, char *buf,
                        size_t len)
{
    char path[2 * NAME_MAX + 16];
    ssize_t n;
    size_t i;
    int fd;

    buf[0] = '\0';
    snprintf(path, sizeof(path), "/proc/%s/%s", pid, name);
    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
        return 0;
    while ((n = read(fd, buf, len - 1)) < 0 && errno == EINTR)
        ;
    close(fd);
    n = n < 0 ? 0 : n;
    while (n > 0 && (buf[n - 1] == '\0' || buf[n - 1] == '\n'))
        n--;
    for (i = 0; i < (size_t)n; i++)
        if (buf[i] == '\0')
            buf[i] = ' ';
        else if ((unsigned char)buf[i] < ' ' || buf[i] == 0x7f)
            buf[i] = '?';
    buf[n] = '\0';
    return (size_t)n;
}

/* One line per process, hookrun aside, that holds a pipe of ino: its pid
 * and its command line (or, for one that has none, its name), and which
 * pipe when it holds one of the two that held says are held. */
static void name_holders(unsigned held, const unsigned long long ino[2])
{
    static const char *const only[] = { "", " (stdout)", " (stderr)", "" };
    char self[32], cmd[256];
    struct dirent *e;
    int found = 0;
    unsigned h;
    DIR *d = opendir("/proc");

    snprintf(self, sizeof(self), "%ld", (long)getpid());
    while (d && (e = readdir(d)) != NULL) {
        if (strspn(e->d_name, "0123456789") != strlen(e->d_name)
            || strcmp(e->d_name, self) == 0
            || !(h = proc_holds(e->d_name, ino)))
            continue;
        /* a zombie, or a kernel thread, has no command line */
        if (proc_text(e->d_name, "cmdline", cmd, sizeof(cmd)) == 0
            && proc_text(e->d_name, "comm", cmd + 1, sizeof(cmd) - 2) > 0) {
            cmd[0] = '[';
            strcat(cmd, "]");
        }
        fprintf(stderr, "hookrun:   pid %s: %s%s%s\n", e->d_name,
                cmd[0] ? cmd : "?", strlen(cmd) == sizeof(cmd) - 1
                                    ? "..." : "", only[h == held ? 0 : h]);
        found++;
    }
    if (d)
        closedir(d);
    /* Not seen is not gone: a process of another user, one that /proc
     * hides (hidepid=), one of another pid namespace, one that has
     * closed the pipe but runs on. */
    if (!found)
        fputs("hookrun:   (none found: it has ended or closed the pipe, or "
              "this user cannot see it)\n", stderr);
}

/* The processes a script left holding its output (r->held), and why
 * that matters: under the daemon the call would not have returned. */
static void report_held(const hooks_script_result *r)
{
    static const char *const which[] = {
        "", "stdout", "stderr", "stdout and stderr"
    };

    say("", r->path ? r->path : "?", " ended, but something it started "
        "still holds its %s:", which[r->held & 3]);
    switch (proc_fds()) {
    case 1:
        name_holders(r->held, r->held_ino);
        break;
    case 0:
        fputs("hookrun:   (which one, this system does not tell: it has "
              "no /proc/self/fd)\n", stderr);
        break;
    default:
        fputs("hookrun:   (which one, this system does not tell: its "
              "/proc/self/fd does not show a pipe as pipe:[INODE])\n",
              stderr);
        break;
    }
}

/* What a call's result says beyond its message: why a script could not
 * be executed, and what a script left running that holds its output.
 * Returns how many scripts left one. */
static size_t after_call(const hooks_result *res, const hooks_opts *opts)
{
    double g = opts->pipe_grace == 0 ? HOOKS_PIPE_GRACE
               : opts->pipe_grace < 1e-6 ? 0 : opts->pipe_grace;
    char why[1024];             /* hooks_exec_explain()'s longest, whole */
    size_t i, held = 0;

    for (i = 0; i < res->nscripts; i++) {
        const hooks_script_result *r = &res->scripts[i];

        if (r->status == HOOKS_EXEC_FAILED && r->path
            && hooks_exec_explain(r->path, r->code, why, sizeof(why)))
            say("", r->path, ": %s", why);
    }
    for (i = 0; i < res->nscripts; i++)
        if (res->scripts[i].held) {
            report_held(&res->scripts[i]);
            held++;
        }
    if (!held)
        return 0;
    leftovers += (int)held;
    fprintf(stderr, "hookrun: the daemon reads a hook's stdout and stderr "
            "to their end: its call would hang until every process holding "
            "them has ended (hookrun stops waiting after --pipe-grace, %g s%s)"
            "\n", g, opts->timeout > 0 ? ", or at the -t limit" : "");
    fputs("hookrun: fix: redirect what a hook leaves running, as in "
          "'cmd >/dev/null 2>&1 &' or 'setsid cmd </dev/null >/dev/null "
          "2>&1 &', or let systemd run it: 'systemd-run cmd'\n", stderr);
    return held;
}

/* Nothing ran: what the scan found instead, in one line; the entries of
 * DRIVER.d/ that are there had a warning each. */
static void no_hook(const hooks_ctx *ctx, hooks_driver drv,
                    const char *nodir)
{
    hooks_script_info top, in;
    size_t i, n = 0;

    if (hooks_script_at(ctx, drv, 0, &top) < 0)
        return;
    fputs("hookrun: no hook script: ", stderr);
    put_path(stderr, top.path);
    fprintf(stderr, ": %s", top.warning ? top.warning : "absent");
    for (i = 1; hooks_script_at(ctx, drv, i, &in) == 0; i++)
        n += in.state != HOOKS_ABSENT;
    if (n == 1 && hooks_script_at(ctx, drv, 1, &in) == 0
        && is_dot_d(top.path, in.path)) {
        fputs("; ", stderr);
        put_path(stderr, in.path);
        fprintf(stderr, ": %s",
                in.warning ? in.warning : hooks_state_name(in.state));
    } else if (n > 0) {
        fputs("; in ", stderr);
        put_path(stderr, top.path);
        fprintf(stderr, ".d: %lu %s not run (see the warnings)",
                (unsigned long)n,
                n == 1 ? "entry that does" : "entries that do");
    }
    if (nodir) {
        fputs(" (no directory ", stderr);
        put_path(stderr, nodir);
        fputc(')', stderr);
    }
    fputc('\n', stderr);
}

/* Without -i: what the daemon would send on stdin, and how to get it.
 * op: the operation, or NULL for a lifecycle's (none of a port). */
static void input_note(hooks_driver drv, const char *object, const char *op)
{
    /* virsh's default connection depends on the user and the
     * environment: the driver's own is the daemon's */
    static const char *const uri[HOOKS_DRIVER_COUNT] = {
        [HOOKS_DRIVER_QEMU] = "qemu:///system",
        [HOOKS_DRIVER_LXC] = "lxc:///system",
        [HOOKS_DRIVER_LIBXL] = "xen:///system",
        [HOOKS_DRIVER_BHYVE] = "bhyve:///system"
    };
    int port = op && strncmp(op, "port-", 5) == 0;

    if (drv == HOOKS_DRIVER_NETWORK) {
        fprintf(stderr, "hookrun: note: without -i the scripts read "
                "/dev/null, where the daemon sends <hookData> with the "
                "network%s; to send it too: { echo '<hookData>'; virsh "
                "net-dumpxml ", port ? " and the port" : "");
        put_word(stderr, object, "", 1);
        if (port) {
            fputs("; virsh net-port-dumpxml ", stderr);
            put_word(stderr, object, "", 1);
            fputs(" PORT-UUID", stderr);
        }
        fputs("; echo '</hookData>'; } > ", stderr);
    } else if (uri[drv]) {
        fprintf(stderr, "hookrun: note: without -i the scripts read "
                "/dev/null, where the daemon sends the domain XML; to "
                "send it too: virsh -c %s dumpxml ", uri[drv]);
        put_word(stderr, object, "", 1);
        fputs(" > ", stderr);
    } else {
        return;
    }
    put_word(stderr, object, ".xml", 1);
    fputs(", then -i ", stderr);
    put_word(stderr, object, ".xml", 1);
    fputc('\n', stderr);
}

/* What the calls of a run saw, for the lines that end it. */
struct seen {
    int ran;                    /* a script started */
    int none;                   /* a call found no script to run */
    int held;                   /* the last call left a process holding
                                   its output: the daemon would wait */
};

/* The end of a run (one call, or a lifecycle: op NULL): what was found
 * where no script ran, then notes on what makes the run differ from the
 * daemon's though hookrun did as told: the input, the user. */
static void run_end(const hooks_ctx *ctx, hooks_driver drv,
                    const char *object, const char *op,
                    const struct seen *seen, const struct options *o)
{
    if (seen->none)
        no_hook(ctx, drv, o->nodir);
    if (seen->ran && !o->input)
        input_note(drv, object, op);
    if (geteuid() != 0)
        fprintf(stderr, "hookrun: note: running as uid %ld; the daemon "
                "runs hooks as root\n", (long)geteuid());
}

/* hookrun's exit status for a call's status. */
static int exit_status(hooks_status st)
{
    switch (st) {
    case HOOKS_OK:
    case HOOKS_NO_HOOK:
        return 0;
    case HOOKS_INVALID:
    case HOOKS_TOOLONG:
        return EXIT_USAGE;
    case HOOKS_INTERNAL:
        return EXIT_INTERNAL;
    default:
        return EXIT_HOOK_FAILED;
    }
}

/* Are the words OBJECT OPERATION SUBOP EXTRA a call the daemon makes on
 * drv's hook (*op its operation)?  Such a call is made typed, as the
 * daemon makes it: then migrate and restore are filters. */
static int typed_op(hooks_driver drv, char *const *words, hooks_op *op)
{
    return hooks_op_from_name(words[1], op) == 0
           && hooks_driver_has_op(drv, *op)
           && strcmp(words[2],
                     hooks_subop_name(hooks_op_subop(drv, *op))) == 0;
}

/* One call; prints what -o, -v and failures ask for, and leaves the
 * outcome in a few words in what; notes in *seen what it saw. */
static int call(const hooks_ctx *ctx, hooks_driver drv, char **words,
                const hooks_opts *opts, const struct options *o,
                char *what, size_t whatlen, struct seen *seen)
{
    hooks_status st;
    hooks_result res;
    hooks_op op;
    int status;

    if (typed_op(drv, words, &op))
        st = hooks_run(ctx, drv, words[0], op, hooks_op_subop(drv, op),
                       words[3], opts, &res);
    else
        st = hooks_run_args(ctx, drv, words[0], words[1], words[2],
                            words[3], opts, &res);
    status = exit_status(st);
    report(&res, words, opts->timeout, o->verbose, what, whatlen,
           &seen->ran);
    seen->none |= st == HOOKS_NO_HOOK;
    if (o->output && res.out_len > 0
        && write_all(1, res.out, res.out_len) < 0) {
        fprintf(stderr, "hookrun: writing stdout: %s\n", strerror(errno));
        status = EXIT_INTERNAL;
    }
    seen->held = after_call(&res, opts) > 0;
    hooks_result_free(&res);
    return status;
}

/* A step of a lifecycle: the operation, and the extra argument (NULL: the
 * one the daemon always sends with it, sent_extra()'s). */
struct step {
    hooks_op op;
    const char *extra;
};

/* A lifecycle: the calls to make, and those that clean up after a failed
 * one (they then replace the rest). */
struct plan {
    struct step run[6], cleanup[2];
    size_t nrun, ncleanup;
};

/* The daemon's sequence of calls for ACTION on one object, into *p; 0, or
 * -1 after a usage error (*u set). */
static int plan_lifecycle(hooks_driver drv, const char *object,
                          const char *action, struct plan *p,
                          struct usage *u)
{
    /* release's extra: the shutoff reason where the driver passes one. */
    int reasons = !sent_extra(drv, HOOKS_OP_RELEASE);
    const char *failed = reasons ? hooks_reason_name(HOOKS_REASON_FAILED)
                                 : "-";
    const char *shut = reasons ? hooks_reason_name(HOOKS_REASON_SHUTDOWN)
                               : "-";
    struct step *run = p->run, *cleanup = p->cleanup;
    size_t nrun = 0, ncleanup = 0;

    if (drv == HOOKS_DRIVER_DAEMON) {
        if (strcmp(object, "-") != 0)
            return usage(u, "the daemon's object is '-', not '%s'", object);
        if (strcmp(action, "start") == 0 || strcmp(action, "restart") == 0) {
            if (action[0] == 'r')
                run[nrun++] = (struct step){ HOOKS_OP_SHUTDOWN, NULL };
            run[nrun++] = (struct step){ HOOKS_OP_START, NULL };
        } else if (strcmp(action, "reload") == 0) {
            run[nrun++] = (struct step){ HOOKS_OP_RELOAD, NULL };
        } else if (strcmp(action, "shutdown") == 0) {
            run[nrun++] = (struct step){ HOOKS_OP_SHUTDOWN, NULL };
        } else {
            return usage(u, "daemon lifecycle: '%s' is not start, reload, "
                         "shutdown or restart", action);
        }
    } else if (strcmp(action, "start") == 0) {
        if (drv != HOOKS_DRIVER_NETWORK)
            run[nrun++] = (struct step){ HOOKS_OP_PREPARE, NULL };
        run[nrun++] = (struct step){ HOOKS_OP_START, NULL };
        run[nrun++] = (struct step){ HOOKS_OP_STARTED, NULL };
        cleanup[ncleanup++] = (struct step){ HOOKS_OP_STOPPED, NULL };
        if (drv != HOOKS_DRIVER_NETWORK)
            cleanup[ncleanup++] = (struct step){ HOOKS_OP_RELEASE, failed };
    } else if (strcmp(action, "stop") == 0) {
        run[nrun++] = (struct step){ HOOKS_OP_STOPPED, NULL };
        if (drv != HOOKS_DRIVER_NETWORK)
            run[nrun++] = (struct step){ HOOKS_OP_RELEASE, shut };
    } else {
        return usage(u, "lifecycle: '%s' is not start or stop", action);
    }
    p->nrun = nrun;
    p->ncleanup = ncleanup;
    return 0;
}

/* Does the daemon go on when this call fails?  It logs the failure of
 * its own hook, of stopped (too late to undo) and of release. */
static int ignored(hooks_driver drv, hooks_op op)
{
    return drv == HOOKS_DRIVER_DAEMON || op == HOOKS_OP_STOPPED
           || op == HOOKS_OP_RELEASE;
}

/* The words of a lifecycle's step on object, as a call takes them:
 * OBJECT OPERATION SUBOP EXTRA (--lifecycle, and -n's). */
static void step_words(hooks_driver drv, const char *object,
                       const struct step *st, char *words[4])
{
    words[0] = (char *)object;
    words[1] = (char *)hooks_op_name(st->op);
    words[2] = (char *)hooks_subop_name(hooks_op_subop(drv, st->op));
    words[3] = (char *)(st->extra ? st->extra : sent_extra(drv, st->op));
}

/* A step's line on stdout: its call (the object, any word, escaped), and
 * what came of it, s its exit status; held: a script left a process
 * holding its output.  The sequence goes on after such a leftover, as the
 * daemon's would once it ended: the line says where the daemon would
 * wait. */
static void step_line(hooks_driver drv, char *const *words, hooks_op op,
                      const char *what, int s, int held)
{
    printf("%s ", hooks_driver_name(drv));
    put_path(stdout, words[0]);
    printf(" %s %s %s: %s%s%s\n", words[1], words[2], words[3], what,
           s != 0 && ignored(drv, op) ? " (ignored by the daemon)" : "",
           !held ? "" : s == 0 ? ", but left a process holding its output "
           "(the daemon would wait here)" : ", and left a process holding "
           "its output (the daemon would wait here)");
    fflush(stdout);
}

/* Play the daemon's sequence of calls for one object. */
static int lifecycle(hooks_ctx *ctx, hooks_driver drv, const char *object,
                     const char *action, const hooks_opts *opts,
                     const struct options *o)
{
    struct plan p = { 0 };
    struct usage u;
    struct step *run = p.run, *cleanup = p.cleanup;
    size_t nrun, ncleanup, i;
    struct seen seen = { 0, 0, 0 };
    int status = 0;
    char what[512];

    if (plan_lifecycle(drv, object, action, &p, &u) < 0)
        return usage_error(&u);
    warnings(ctx, drv);
    nrun = p.nrun;
    ncleanup = p.ncleanup;
    for (i = 0; i < nrun; i++) {
        hooks_op op = run[i].op;
        char *words[4];
        int s;

        if (interrupted)
            break;
        /* The daemon rescans just before its reload and shutdown hooks. */
        if (drv == HOOKS_DRIVER_DAEMON
            && (op == HOOKS_OP_RELOAD || op == HOOKS_OP_SHUTDOWN)
            && hooks_rescan(ctx) != HOOKS_OK) {
            say("cannot scan ", hooks_dir(ctx), ": %s", strerror(errno));
            return EXIT_INTERNAL;
        }
        step_words(drv, object, &run[i], words);
        s = call(ctx, drv, words, opts, o, what, sizeof(what), &seen);
        step_line(drv, words, op, what, s, seen.held);
        if (s > status)
            status = s;
        /* A failed start stops the sequence; the daemon then cleans up. */
        if (s != 0 && ncleanup > 0) {
            memcpy(run + i + 1, cleanup, ncleanup * sizeof(cleanup[0]));
            nrun = i + 1 + ncleanup;
            ncleanup = 0;
        }
    }
    run_end(ctx, drv, object, NULL, &seen, o);
    return status;
}

/* ---- --dry-run --------------------------------------------------------- */

/* One script as a call would run it: its argv, its environment and its
 * stdin; later in a filter, the document a script before it printed, if
 * one did.  A file the library sees will not execute is said on stderr,
 * as a failed exec would be. */
static void dry_script(const char *path, char **words, char *const *env,
                       const hooks_opts *opts, int chained)
{
    char why[1024];
    size_t k;

    fputs("run ", stdout);
    put_word(stdout, path, "", 0);
    for (k = 0; k < 4; k++) {
        putchar(' ');
        put_word(stdout, words[k], "", 0);
    }
    putchar('\n');
    for (k = 0; env[k]; k++) {
        fputs("  env ", stdout);
        put_word(stdout, env[k], "", 0);
        putchar('\n');
    }
    if (opts->input)
        printf("  stdin %lu bytes", (unsigned long)opts->input_len);
    else
        fputs("  stdin /dev/null", stdout);
    puts(chained ? ", or the document a script before it printed (filter)"
                 : "");
    if (hooks_exec_explain(path, 0, why, sizeof(why)))
        say("", path, ": %s", why);
}

/* A call's line, then each script it would run, in order. */
static void dry_call(const hooks_ctx *ctx, hooks_driver drv, char **words,
                     char *const *env, const hooks_opts *opts)
{
    hooks_script_info in;
    hooks_op op;
    size_t i, k, n = 0;
    int filter = opts->filter;

    if (typed_op(drv, words, &op))          /* as call() makes it */
        filter |= hooks_op_is_filter(drv, op);
    printf("call %s", hooks_driver_name(drv));
    for (k = 0; k < 4; k++) {
        putchar(' ');
        put_word(stdout, words[k], "", 0);
    }
    putchar('\n');
    for (i = 0; hooks_script_at(ctx, drv, i, &in) == 0; i++)
        if (in.order > 0) {
            dry_script(in.path, words, env, opts, filter && n > 0);
            n++;
        }
    if (n == 0) {
        fflush(stdout);
        fprintf(stderr, "hookrun: no hook script for %s: nothing would "
                "run (-l lists what there is)\n", hooks_driver_name(drv));
    }
}

static int flush_stdout(void);

/* -n: every call hookrun would make (a lifecycle's, as if each succeeded)
 * and what each would run, made and run by nothing. */
static int dry_run(const hooks_ctx *ctx, hooks_driver drv, char **argv,
                   const hooks_opts *opts, const struct options *o)
{
    struct plan p = { 0 };
    struct usage u;
    char *words[4], **env;
    size_t i;

    if (o->lifecycle && plan_lifecycle(drv, argv[1], argv[2], &p, &u) < 0)
        return usage_error(&u);
    if (!(env = hooks_script_env(opts))) {
        fprintf(stderr, "hookrun: %s\n", strerror(ENOMEM));
        return EXIT_INTERNAL;
    }
    if (!o->lifecycle)
        dry_call(ctx, drv, argv + 1, env, opts);
    for (i = 0; i < p.nrun; i++) {
        step_words(drv, argv[1], &p.run[i], words);
        dry_call(ctx, drv, words, env, opts);
    }
    free(env);
    return flush_stdout();
}

/* The length of the directory that dir, as given, names with libvirt/hooks
 * (or libvirt) after it, or -1 if it does not end so: the SYSCONFDIR that
 * a -c naming the hooks directory itself meant. */
static int above_hooks(const char *dir)
{
    static const char *const tails[] = { "libvirt/hooks", "libvirt" };
    size_t n = strlen(dir), m, t, k;

    while (n > 1 && dir[n - 1] == '/')
        n--;
    for (k = 0; k < sizeof(tails) / sizeof(tails[0]); k++) {
        t = strlen(tails[k]);
        if (n < t || memcmp(dir + n - t, tails[k], t) != 0
            || (n > t && dir[n - t - 1] != '/'))
            continue;
        for (m = n - t; m > 1 && dir[m - 1] == '/'; m--)
            ;
        return m > INT_MAX ? -1 : (int)m;
    }
    return -1;
}

/* -c must name a SYSCONFDIR: a missing DIR/libvirt/hooks (hooks, the path
 * looked at) is a usage error, or a mistyped -c would pass for "no hook".
 * The compiled-in one may lack it (libvirt installed without hooks, which
 * the daemon takes for none): then o->nodir is set, for the notes.  Other
 * errors are left to the scan.  0, or -1 after a usage error. */
static int check_hooks_dir(struct options *o, const char *hooks,
                           struct usage *u)
{
    struct stat st;
    int m;

    if (stat(hooks, &st) == 0) {
        if (!o->sysconfdir || S_ISDIR(st.st_mode))
            return 0;
        return usage(u, "-c: %s is not a directory", hooks);
    }
    if (errno != ENOENT && errno != ENOTDIR)
        return 0;
    if (!o->sysconfdir) {
        o->nodir = hooks;
        return 0;
    }
    usage(u, "no directory %s: -c takes a SYSCONFDIR, the directory that "
          "holds libvirt/hooks", hooks);
    if ((m = above_hooks(o->sysconfdir)) >= 0) {
        snprintf(u->text, sizeof(u->text), "did you mean -c %.*s?",
                 m ? m : 1, m ? o->sysconfdir : ".");
        u->note = u->text;
    }
    return -1;
}

/* ---- --check: what would go wrong, found without running anything ---- */

/* How much of a script --check reads: any hook's text fits, and of a
 * longer file the first MiB is checked. */
#define CHECK_READ_MAX ((size_t)1 << 20)

/* What --check goes through, and how much it found. */
struct checker {
    const hooks_ctx *ctx;       /* the tree, as the daemon scans it */
    hooks_ctx *strict;          /* the same, scanned under HOOKS_STRICT */
    char *buf;                  /* a script's text: CHECK_READ_MAX bytes */
    char **names;               /* the hooks directory's entries that are
                                   no driver's, sorted */
    size_t nnames;
    unsigned long found;        /* findings printed */
};

/* A finding, on stdout: "PATH: KIND: TEXT". */
static void finding(struct checker *ck, const char *path, const char *kind,
                    const char *fmt, ...)
{
    va_list ap;

    put_path(stdout, path);
    printf(": %s: ", kind);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    ck->found++;
}

/* Up to CHECK_READ_MAX bytes of the regular file at path, into ck->buf:
 * their count, or -1 with errno set. */
static ssize_t slurp(struct checker *ck, const char *path)
{
    struct stat st;
    size_t got = 0;
    ssize_t n = -1;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC), e;

    if (fd < 0)
        return -1;
    /* the scan found a regular file; whatever replaced it is not read */
    if (fstat(fd, &st) == 0 && !S_ISREG(st.st_mode))
        errno = EINVAL;
    else
        while (got < CHECK_READ_MAX
               && ((n = read(fd, ck->buf + got, CHECK_READ_MAX - got)) > 0
                   || (n < 0 && errno == EINTR)))
            got += n > 0 ? (size_t)n : 0;
    e = errno;
    close(fd);
    errno = e;
    return n < 0 ? -1 : (ssize_t)got;
}

/* Is c part of a word of a command, such as a name or a file's name? */
static int wordch(int c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.';
}

/* Where text occurs in [p, end), or NULL; with word, only as a whole
 * word. */
static const char *find_text(const char *p, const char *end,
                             const char *text, int word)
{
    size_t k = strlen(text);
    const char *q;

    for (q = p; q + k <= end; q++)
        if (memcmp(q, text, k) == 0
            && (!word || ((q == p || !wordch(q[-1]))
                          && (q + k == end || !wordch(q[k])))))
            return q;
    return NULL;
}

static int starts(const char *p, const char *end, const char *text)
{
    size_t k = strlen(text);

    return (size_t)(end - p) >= k && memcmp(p, text, k) == 0;
}

/* What in the line [p, end), which is no comment, calls back into the
 * daemon: virsh, a virt-* tool, the libvirt bindings; into what (a few
 * words), or 0. */
static int calls_daemon(const char *p, const char *end, char *what,
                        size_t len)
{
    const char *q;
    size_t k;

    if (find_text(p, end, "virsh", 1))
        return snprintf(what, len, "virsh"), 1;
    for (q = p; (q = find_text(q, end, "virt-", 0)) != NULL; q++)
        if ((q == p || !wordch(q[-1])) && q + 5 < end
            && isalpha((unsigned char)q[5])) {
            for (k = 5; q + k < end && wordch(q[k]) && q[k] != '.'; k++)
                ;
            return snprintf(what, len, "%.*s", (int)k, q), 1;
        }
    /* Python's and Go's import, Ruby's and Node's require */
    if ((starts(p, end, "import ") || starts(p, end, "from ")
         || find_text(p, end, "require", 1))
        && (find_text(p, end, "libvirt", 1)
            || find_text(p, end, "libvirt_qemu", 1)
            || find_text(p, end, "libvirt_lxc", 1)))
        return snprintf(what, len, "the libvirt bindings"), 1;
    if (find_text(p, end, "Sys::Virt", 0))
        return snprintf(what, len, "Sys::Virt"), 1;
    if (find_text(p, end, "virConnect", 0))
        return snprintf(what, len, "virConnect"), 1;
    return 0;
}

/* Does the #! line of the text name a shell (sh, bash, ... directly or
 * through env)?  A text without one counts as a shell's: only a shell
 * would take it. */
static int is_shell(const char *p, const char *end)
{
    static const char *const shells[] = {
        "sh", "bash", "dash", "ksh", "mksh", "zsh", "ash", "yash", "posh",
        "busybox"
    };
    const char *nl, *q, *w, *base = p;
    size_t i;

    if (!starts(p, end, "#!"))
        return 1;
    if (!(nl = memchr(p, '\n', (size_t)(end - p))))
        nl = end;
    for (q = p + 2; q < nl;) {
        while (q < nl && strchr(" \t\r", *q))
            q++;
        for (w = base = q; q < nl && !strchr(" \t\r", *q); q++)
            if (*q == '/')
                base = q + 1;
        /* env's options and assignments, then the interpreter */
        if (w == q || (*w != '-' && !memchr(w, '=', (size_t)(q - w))
                       && !(q - base == 3 && memcmp(base, "env", 3) == 0)))
            break;
    }
    for (i = 0; i < sizeof(shells) / sizeof(shells[0]); i++)
        if ((size_t)(q - base) == strlen(shells[i])
            && memcmp(base, shells[i], (size_t)(q - base)) == 0)
            return 1;
    return 0;
}

/* The redirections of the shell line [p, end) (quotes aside), applied to
 * where stdout and stderr go: *out, *err non-zero once away from the
 * hook's pipes (a file, /dev/null, closed). */
static void redirections(const char *p, const char *end, int *out, int *err)
{
    const char *q;
    char quote = 0;
    int fd, away[3];            /* by fd: 1 stdout, 2 stderr */

    away[0] = 0;
    away[1] = *out;
    away[2] = *err;
    for (q = p; q < end; q++) {
        if (quote || *q == '\'' || *q == '"') {
            quote = quote == *q ? 0 : quote ? quote : *q;
            continue;
        }
        if (*q == '\\' || (*q == '&' && q + 1 < end && q[1] == '>')) {
            if (*q == '&')
                away[1] = away[2] = 1;  /* &>FILE */
            q++;
            continue;
        }
        if (*q != '>')
            continue;
        fd = q > p && isdigit((unsigned char)q[-1])
             && (q - 1 == p || !wordch(q[-2])) ? q[-1] - '0' : 1;
        q += q + 1 < end && q[1] == '>';                   /* >> */
        if (q + 1 < end && q[1] == '&') {
            q += 2;
            if (q < end && (*q == '1' || *q == '2') && (fd == 1 || fd == 2))
                away[fd] = away[*q - '0'];              /* 2>&1 */
            else if (q < end && *q == '-' && (fd == 1 || fd == 2))
                away[fd] = 1;                           /* closed */
            else if (fd == 1 && q < end && !isdigit((unsigned char)*q))
                away[1] = away[2] = 1;                  /* >&FILE */
        } else if (fd == 1 || fd == 2) {
            away[fd] = 1;
        }
    }
    *out = away[1];
    *err = away[2];
}

/* What --check's look for background commands carries through a shell
 * script, line to line.  A command's redirections are applied to two
 * pairs (stdout, stderr; non-zero once away from the daemon's pipes): one
 * for the command as the last of its pipeline, whose stdout is the
 * script's, one for a command before a '|', whose stdout is the pipe. */
struct shell {
    int out, err;               /* the script's, after "exec >..." */
    int last[2], mid[2];        /* the command so far, in either place */
    int exec;                   /* the command is "exec ...": it redirects
                                   the rest of the script */
    int held;                   /* a command of the and-or list so far
                                   holds a pipe of the daemon's */
    char quote;                 /* a quote a line left open */
    int cont;                   /* a line ended in '\': its command goes
                                   on */
};

/* The operators that end a command, as the shell's grammar has them. */
enum sh_op { OP_NONE, OP_END, OP_SEMI, OP_AMP, OP_AND, OP_OR, OP_PIPE,
             OP_PIPE_ERR };

/* A command starts at p: its redirections start from the script's. */
static void sh_start(struct shell *sh, const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    sh->exec = starts(p, end, "exec") && (p + 4 == end || !wordch(p[4]));
    sh->last[0] = sh->out;
    sh->last[1] = sh->mid[1] = sh->err;
    sh->mid[0] = 1;
}

/* The text [p, end) of the command: its redirections, on both pairs. */
static void sh_text(struct shell *sh, const char *p, const char *end)
{
    redirections(p, end, &sh->last[0], &sh->last[1]);
    redirections(p, end, &sh->mid[0], &sh->mid[1]);
}

/* The command ends with op: does a background one hold a pipe?  '&'
 * puts the whole and-or list in the background ("a && b &"): each of
 * its commands must have sent both streams away, or it holds them. */
static int sh_end(struct shell *sh, enum sh_op op)
{
    int mid = op == OP_PIPE || op == OP_PIPE_ERR;
    int *pair = mid ? sh->mid : sh->last, found = 0;

    if (op == OP_PIPE_ERR)
        pair[1] = pair[0];              /* "|&": 2>&1 into the pipe */
    sh->held |= !(pair[0] && pair[1]);
    if (op == OP_AMP)
        found = sh->held;
    if (sh->exec && !mid && op != OP_AMP) {
        sh->out = pair[0];
        sh->err = pair[1];
    }
    if (op != OP_AND && op != OP_OR && !mid)
        sh->held = 0;
    return found;
}

/* The operator at q, unquoted, and its length in *len; OP_NONE for a
 * redirection's '&' or '|' (2>&1, >&2, <&0, &>FILE, >|FILE). */
static enum sh_op sh_op_at(const char *p, const char *q, const char *end,
                           size_t *len)
{
    int next = q + 1 < end ? q[1] : 0, prev = q > p ? q[-1] : 0;

    *len = 1;
    if (*q == ';') {
        while (q + *len < end && (q[*len] == ';' || q[*len] == '&'))
            ++*len;                     /* ;; ;& ;;& of a case */
        return OP_SEMI;
    }
    if (prev == '>' || prev == '<' || (*q == '&' && next == '>'))
        return OP_NONE;
    *len = 1 + (next == *q || (*q == '|' && next == '&'));
    if (*q == '&')
        return next == '&' ? OP_AND : OP_AMP;
    return next == '|' ? OP_OR : next == '&' ? OP_PIPE_ERR : OP_PIPE;
}

/* Does a '(' or a '{' at q open a group (or a '(' a case pattern), or a
 * ')' or a '}' close one?  ('$(' and '((' are words.)  An opener starts
 * a list of its own; after a closer, only the redirections that follow
 * are the group's own. */
static int sh_group(const char *p, const char *q, const char *end)
{
    if (*q == '(' || *q == ')')
        return 1;
    return (*q == '{' || *q == '}') && (q == p || strchr(" \t;&|(", q[-1]))
           && (q + 1 == end || strchr(" \t;&|<>)0123456789", q[1]));
}

/* One line [p, end) of a shell script (a comment line only inside a
 * string that goes on): split into commands at unquoted ';', '&', '&&',
 * '||', '|', each judged by its own redirections (after a group's ')' or
 * '}', the group's); 1 if one put in the background there holds the
 * daemon's stdout or stderr.  $(...), ((...)), `...` and strings are
 * words; a '#' that starts a word ends the line. */
static int shell_line(struct shell *sh, const char *p, const char *end)
{
    const char *q, *cmd = p;
    enum sh_op op;
    int depth = 0, found = 0, cont = 0;
    size_t len;

    if (!sh->cont && !sh->quote)
        sh_start(sh, p, end);
    for (q = p; q < end; q++) {
        if (*q == '\\' && sh->quote != '\'') {
            cont = q + 1 == end;        /* it takes the newline */
            q += !cont;
        } else if (sh->quote) {
            sh->quote = *q == sh->quote ? 0 : sh->quote;
        } else if (*q == '\'' || *q == '"' || *q == '`') {
            sh->quote = *q;
        } else if (depth) {
            depth += (*q == '(') - (*q == ')');
        } else if (*q == '(' && ((q + 1 < end && q[1] == '(')
                                 || (q > p && q[-1] == '$'))) {
            depth = 1;
        } else if (*q == '#' && (q == p || strchr(" \t;&|()", q[-1]))) {
            break;
        } else if (sh_group(p, q, end)) {
            sh_start(sh, q + 1, end);
            sh->held = 0;
            cmd = q + 1;
        } else if (strchr(";&|", *q)
                   && (op = sh_op_at(p, q, end, &len)) != OP_NONE) {
            sh_text(sh, cmd, q);
            found |= sh_end(sh, op);
            cmd = q += len;
            sh_start(sh, q--, end);
        }
    }
    sh_text(sh, cmd, q);
    sh->cont = cont && !sh->quote;
    if (!sh->cont && !sh->quote)
        found |= sh_end(sh, OP_END);
    return found;
}

/* Lines of a script with one kind of finding: how many, the first. */
struct lines {
    unsigned long n, first;
    char what[64];              /* what the first one calls */
};

static void add_line(struct lines *l, unsigned long line)
{
    if (l->n++ == 0)
        l->first = line;
}

/* " (and N more lines)" when there are more than one. */
static const char *more(const struct lines *l, char *buf, size_t len)
{
    buf[0] = '\0';
    if (l->n > 1)
        snprintf(buf, len, " (and %lu more line%s)", l->n - 1,
                 l->n > 2 ? "s" : "");
    return buf;
}

/* The text of a script that runs, n bytes in ck->buf: DOS line endings
 * (unless cr_told: the #! line's were told), lines that call back into
 * the daemon, and in a shell script, commands put in the background on
 * the daemon's pipes.  Comment lines ('#' first) are no code. */
static void check_text(struct checker *ck, const char *path, size_t n,
                       int cr_told)
{
    const char *p, *end = ck->buf + n, *nl, *b;
    struct lines cr = { 0, 0, "" }, call = { 0, 0, "" }, bg = { 0, 0, "" };
    unsigned long line = 0;
    int shell = is_shell(ck->buf, end);
    struct shell sh;
    char m[64];

    memset(&sh, 0, sizeof(sh));

    for (p = ck->buf; p < end; p = nl + 1) {
        if (!(nl = memchr(p, '\n', (size_t)(end - p))))
            nl = end;
        line++;
        if (nl > p && nl[-1] == '\r')
            add_line(&cr, line);
        for (b = p; b < nl && (*b == ' ' || *b == '\t'); b++)
            ;
        /* a string or a command that goes on makes no comment line */
        if ((b == nl || *b == '#') && !sh.quote && !sh.cont)
            continue;
        if (b < nl && *b != '#' && calls_daemon(b, nl, m, sizeof(m))
            && call.n++ == 0) {
            call.first = line;
            memcpy(call.what, m, sizeof(m));
        }
        if (shell && shell_line(&sh, p, nl))
            add_line(&bg, line);
    }
    if (cr.n && !cr_told)
        finding(ck, path, "crlf", "line %lu ends in CR LF, a DOS line "
                "ending%s: the interpreter takes the CR for part of the "
                "line (dos2unix fixes it)", cr.first,
                more(&cr, m, sizeof(m)));
    if (call.n)
        finding(ck, path, "callback", "line %lu uses %s%s: the daemon "
                "waits for its hooks, so one that calls back into it is "
                "likely to deadlock", call.first, call.what,
                more(&call, m, sizeof(m)));
    if (bg.n)
        finding(ck, path, "background", "line %lu leaves a command in the "
                "background with the daemon's stdout or stderr pipe%s: the "
                "daemon waits until it exits (redirect it: >/dev/null "
                "2>&1)", bg.first, more(&bg, m, sizeof(m)));
}

/* Does the text (n bytes in ck->buf) start with a #! line that holds a
 * carriage return?  Then the exec finding tells of the DOS line endings
 * (the interpreter's name ends in one, or gets one as its argument), and
 * a crlf finding would say it twice.  The file's bytes decide, not the
 * words of the finding, which may change or be cut short. */
static int crlf_in_interp(const struct checker *ck, size_t n)
{
    const char *nl = memchr(ck->buf, '\n', n);

    return n >= 2 && memcmp(ck->buf, "#!", 2) == 0
           && memchr(ck->buf, '\r', nl ? (size_t)(nl - ck->buf) : n);
}

/* A script that runs: whether the user can read it (an interpreter must),
 * whether an exec of it would fail, and its text (not a binary's, which
 * has NUL bytes). */
static void check_script(struct checker *ck, const char *path)
{
    char why[1024];             /* hooks_exec_explain()'s longest, whole */
    const char *x = hooks_exec_explain(path, 0, why, sizeof(why));
    struct stat st;
    ssize_t n = slurp(ck, path);

    if (n < 0 && errno == EACCES && stat(path, &st) == 0)
        finding(ck, path, "unreadable", "user %lu cannot read it (mode "
                "%04lo), and the interpreter of a script must",
                (unsigned long)geteuid(), (unsigned long)st.st_mode & 07777);
    if (x)
        finding(ck, path, "exec", "%s", x);
    if (n > 0 && !memchr(ck->buf, '\0', (size_t)n))
        check_text(ck, path, (size_t)n,
                   x && crlf_in_interp(ck, (size_t)n));
}

/* The same script in the strict scan: why it is unsafe, or NULL. */
static const char *unsafe(const struct checker *ck, hooks_driver d,
                          const char *path)
{
    hooks_script_info s;
    size_t i;

    for (i = 0; hooks_script_at(ck->strict, d, i, &s) == 0; i++)
        if (strcmp(s.path, path) == 0)
            return s.state == HOOKS_UNSAFE ? s.warning : NULL;
    return NULL;
}

/* Why a driver's entry that the scan found unusable does not run. */
static void check_unusable(struct checker *ck, hooks_driver d, size_t i,
                           const hooks_script_info *in)
{
    const char *top = hooks_script_path(ck->ctx, d);
    const char *w = in->warning ? in->warning : "unusable";
    struct stat st;

    if (i > 0 && is_dot_d(top, in->path))
        finding(ck, in->path, hooks_state_name(in->state), "%s, so the "
                "daemon runs none of its scripts", w);
    else if (i == 0 && stat(top, &st) == 0 && S_ISDIR(st.st_mode))
        finding(ck, in->path, hooks_state_name(in->state), "%s; the "
                "daemon skips it (a driver's scripts go in %s.d/)",
                w, hooks_driver_name(d));
    else
        finding(ck, in->path, hooks_state_name(in->state),
                "%s; the daemon skips it", w);
}

/* Findings about entry i of driver d's scan (0: the main script). */
static void check_entry(struct checker *ck, hooks_driver d, size_t i,
                        const hooks_script_info *in)
{
    const char *why;

    switch (in->state) {
    case HOOKS_ABSENT:
        return;
    case HOOKS_SKIPPED:
        say("", in->path, ": skipped: a leftover (%s), which the daemon runs",
            in->leftover);
        return;
    case HOOKS_NOT_EXECUTABLE:
    case HOOKS_NOT_REGULAR:
    case HOOKS_BROKEN:
    case HOOKS_UNSAFE:
        check_unusable(ck, d, i, in);
        return;
    case HOOKS_PRESENT:
        break;
    }
    if (in->leftover)
        finding(ck, in->path, "leftover", "a leftover (%s), which the "
                "daemon runs all the same: remove it", in->leftover);
    if ((why = unsafe(ck, d, in->path)) != NULL)
        finding(ck, in->path, "unsafe", "%s: --strict would not run it",
                why);
    check_script(ck, in->path);
}

/* Are a and b one typo apart: a letter changed, added or dropped, or two
 * neighbours swapped? */
static int one_typo(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), i = 0;
    const char *t;

    if (la < lb) {
        t = a, a = b, b = t;
        i = la, la = lb, lb = i, i = 0;
    }
    while (i < lb && a[i] == b[i])
        i++;
    if (la == lb + 1)
        return strcmp(a + i + 1, b + i) == 0;
    if (la != lb || i == la)
        return 0;
    return strcmp(a + i + 1, b + i + 1) == 0
           || (i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i]
               && strcmp(a + i + 2, b + i + 2) == 0);
}

/* The driver whose hook a name in the hooks directory was likely meant to
 * be (*dotd: its DRIVER.d/), or -1: the name holds a driver's name, or an
 * alias (kvm: qemu), as a word ("Qemu", "qemu.sh", "network.d.bak"), or
 * is one typo from it ("qmeu", "lcx"). */
static int meant_driver(const char *name, int *dotd)
{
    /* the drivers first, in their order: also the typos' */
    static const struct { const char *word; hooks_driver drv; } words[] = {
        { "daemon", HOOKS_DRIVER_DAEMON }, { "qemu", HOOKS_DRIVER_QEMU },
        { "lxc", HOOKS_DRIVER_LXC }, { "network", HOOKS_DRIVER_NETWORK },
        { "libxl", HOOKS_DRIVER_LIBXL }, { "bhyve", HOOKS_DRIVER_BHYVE },
        { "libvirtd", HOOKS_DRIVER_DAEMON }, { "kvm", HOOKS_DRIVER_QEMU },
        { "virtqemud", HOOKS_DRIVER_QEMU }, { "virtlxcd", HOOKS_DRIVER_LXC },
        { "virtnetworkd", HOOKS_DRIVER_NETWORK },
        { "xen", HOOKS_DRIVER_LIBXL }, { "virtxend", HOOKS_DRIVER_LIBXL }
    };
    char low[64];
    const char *at;
    size_t i, n;

    for (n = 0; name[n] && n + 1 < sizeof(low); n++)
        low[n] = (char)tolower((unsigned char)name[n]);
    low[n] = '\0';
    for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        for (at = low; (at = strstr(at, words[i].word)) != NULL; at++) {
            const char *after = at + strlen(words[i].word);

            if ((at > low && isalnum((unsigned char)at[-1]))
                || isalnum((unsigned char)*after))
                continue;
            *dotd = after[0] == '.' && after[1] == 'd'
                    && !isalnum((unsigned char)after[2]);
            return (int)words[i].drv;
        }
    *dotd = n > 2 && strcmp(low + n - 2, ".d") == 0;
    low[n - (*dotd ? 2 : 0)] = '\0';
    for (i = 0; i < HOOKS_DRIVER_COUNT; i++)
        if (one_typo(low, words[i].word))
            return (int)words[i].drv;
    return -1;
}

/* Is name a driver's hook, or a driver's ".d"? */
static int driver_entry(const char *name)
{
    hooks_driver d;
    size_t n = strlen(name);
    char base[16];

    if (hooks_driver_from_name(name, &d) == 0)
        return 1;
    if (n < 3 || n - 2 >= sizeof(base) || strcmp(name + n - 2, ".d") != 0)
        return 0;
    memcpy(base, name, n - 2);
    base[n - 2] = '\0';
    return hooks_driver_from_name(base, &d) == 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of the hooks directory that are no driver's, into
 * ck->names, sorted; 0, or -1 with errno set.  No directory: none. */
static int load_names(struct checker *ck)
{
    DIR *dir = opendir(hooks_dir(ck->ctx));
    struct dirent *de;
    size_t cap = 0;
    char **p;
    int e;

    if (!dir && errno == EACCES)
        say("", hooks_dir(ck->ctx), ": cannot be listed: %s; names that no "
            "driver has are not looked for", strerror(errno));
    if (!dir)
        return errno == ENOENT || errno == ENOTDIR || errno == EACCES
               ? 0 : -1;
    while ((errno = 0, de = readdir(dir)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")
            || driver_entry(de->d_name))
            continue;
        if (ck->nnames == cap) {
            cap = cap ? 2 * cap : 8;
            if (!(p = realloc(ck->names, cap * sizeof(*p))))
                break;
            ck->names = p;
        }
        if (!(ck->names[ck->nnames] = strdup(de->d_name)))
            break;
        ck->nnames++;
    }
    e = de ? ENOMEM : errno;
    closedir(dir);
    if (ck->nnames > 1)
        qsort(ck->names, ck->nnames, sizeof(*ck->names), by_name);
    errno = e;
    return e ? -1 : 0;
}

/* dir "/" name tail, in a malloc()'d string; NULL when out of memory. */
static char *path_of(const char *dir, const char *name, const char *tail)
{
    char *p = malloc(strlen(dir) + strlen(name) + strlen(tail) + 2);

    return p ? strcat(strcat(strcat(strcpy(p, dir), "/"), name), tail)
             : NULL;
}

/* The names of the hooks directory that were meant for driver d (-1: for
 * none): a finding when the daemon finds no hook where they were meant to
 * be, else a note.  -1 when out of memory. */
static int check_names(struct checker *ck, int d)
{
    const char *dir = hooks_dir(ck->ctx);
    const char *drv = d >= 0 ? hooks_driver_name((hooks_driver)d) : NULL;
    char *path, *want = NULL;
    struct stat st;
    size_t i;
    int dotd;

    for (i = 0; i < ck->nnames; i++) {
        if (meant_driver(ck->names[i], &dotd) != d)
            continue;
        if (!(path = path_of(dir, ck->names[i], "")))
            return -1;
        /* a directory can only have been meant as the driver's .d */
        dotd |= stat(path, &st) == 0 && S_ISDIR(st.st_mode);
        if (d >= 0 && !(want = path_of(dir, drv, dotd ? ".d" : ""))) {
            free(path);
            return -1;
        }
        if (d < 0)
            say("", path, ": not a hook: no driver has this name, so the "
                "daemon never runs it");
        else if (lstat(want, &st) == 0)
            say("", path, ": not a hook: the daemon runs %s%s, not this",
                drv, dotd ? ".d/" : "");
        else
            finding(ck, path, "not-a-hook", "no driver has this name, so "
                    "the daemon never runs it (did you mean %s%s?)", drv,
                    dotd ? ".d/" : "");
        free(path);
        free(want);
        want = NULL;
    }
    return 0;
}

/* --check: each driver's scripts in run order, then the names of the
 * hooks directory meant for it; with DRIVER, that driver's alone.  0 if
 * nothing is wrong, 1 if something is, 3 on an internal error. */
static int check_tree(const hooks_ctx *ctx, const char *dir,
                      const struct options *o)
{
    struct checker ck;
    hooks_script_info in;
    size_t i;
    int d, status = EXIT_INTERNAL, r = 0;

    memset(&ck, 0, sizeof(ck));
    ck.ctx = ctx;
    if (!(ck.buf = malloc(CHECK_READ_MAX)) || load_names(&ck) < 0) {
        fprintf(stderr, "hookrun: --check: %s\n", strerror(errno));
    } else if (hooks_ctx_new(dir, (o->skip ? HOOKS_SKIP_LEFTOVERS : 0)
                                  | HOOKS_STRICT, &ck.strict) != HOOKS_OK) {
        say("cannot scan ", hooks_dir(ctx), ": %s", strerror(errno));
    } else {
        for (d = 0; d < HOOKS_DRIVER_COUNT && r == 0; d++) {
            if (o->n > 0 && (hooks_driver)d != o->drv)
                continue;
            for (i = 0; hooks_script_at(ctx, (hooks_driver)d, i, &in) == 0;
                 i++)
                check_entry(&ck, (hooks_driver)d, i, &in);
            r = check_names(&ck, d);
        }
        if (r == 0 && o->n == 0)
            r = check_names(&ck, -1);
        if (r < 0)
            fprintf(stderr, "hookrun: --check: %s\n", strerror(ENOMEM));
        else if (fflush(stdout) != 0 || ferror(stdout))
            fprintf(stderr, "hookrun: writing stdout: %s\n",
                    strerror(errno));
        else
            status = ck.found ? EXIT_HOOK_FAILED : 0;
    }
    if (o->nodir)
        say("no directory ", o->nodir, ": no hooks");
    hooks_ctx_free(ck.strict);
    for (i = 0; i < ck.nnames; i++)
        free(ck.names[i]);
    free(ck.names);
    free(ck.buf);
    return status;
}

/* What the command line asks of the scan of dir: a check, a listing, a
 * dry run, a lifecycle or one call (argv: the operands). */
static int dispatch(hooks_ctx *ctx, const char *dir, const struct options *o,
                    const hooks_opts *opts, char **argv)
{
    char what[512];
    struct seen seen = { 0, 0, 0 };
    int status;

    if (o->check)
        return check_tree(ctx, dir, o);
    if (o->list) {
        status = list(ctx);
        if (o->nodir)
            say("no directory ", o->nodir, ": no hooks");
        return status;
    }
    if (o->dry_run)
        return dry_run(ctx, o->drv, argv, opts, o);
    if (o->lifecycle)
        return lifecycle(ctx, o->drv, argv[1], argv[2], opts, o);
    warnings(ctx, o->drv);
    status = call(ctx, o->drv, argv + 1, opts, o, what, sizeof(what),
                  &seen);
    run_end(ctx, o->drv, argv[1], argv[2], &seen, o);
    return status;
}

/* Scan dir (NULL: the compiled-in SYSCONFDIR) and do what o asks; the
 * exit status. */
static int scan_and_run(const char *dir, const struct options *o,
                        const hooks_opts *opts, char **argv)
{
    hooks_ctx *ctx = NULL;
    int status;

    switch (hooks_ctx_new(dir, (o->skip ? HOOKS_SKIP_LEFTOVERS : 0)
                               | (o->fork ? HOOKS_FORK : 0)
                               | (o->strict && !o->check ? HOOKS_STRICT : 0),
                          &ctx)) {
    case HOOKS_OK:
        status = dispatch(ctx, dir, o, opts, argv);
        break;
    case HOOKS_TOOLONG:
        say("", dir ? dir : hooks_default_sysconfdir(), ": path too long");
        status = EXIT_USAGE;
        break;
    default:
        say("cannot scan ", dir ? dir : hooks_default_sysconfdir(),
            "/libvirt/hooks: %s", strerror(errno));
        status = EXIT_INTERNAL;
        break;
    }
    if (leftovers && status < EXIT_HOOK_FAILED)
        status = EXIT_HOOK_FAILED;      /* the daemon would have hung */
    hooks_ctx_free(ctx);
    return status;
}

/* What follows the paths: the hooks directory (hooks, below dir: the
 * SYSCONFDIR, absolute, or NULL for the compiled-in one), the input, the
 * bounds, then the scan and what the command line asks; the exit status.
 * Whatever fails first returns: the input is the only thing to free. */
static int run_in(struct options *o, const char *dir, const char *hooks,
                  char **argv)
{
    hooks_opts opts = { 0 };
    struct input input = { NULL, 0, 0 };
    struct usage u;
    int status;

    if (check_hooks_dir(o, hooks, &u) < 0)
        return usage_error(&u);
    if (o->input && input_load(o->input, &input) < 0) {
        say("cannot read '", o->input, "': %s", strerror(errno));
        return EXIT_INTERNAL;
    }
    opts.input = input.data;
    opts.input_len = input.len;
    opts.capture_stdout = o->output || o->verbose;
    opts.filter = o->filter;
    opts.kill_group = o->kill_group;
    opts.keep_env = o->keep_env;
    opts.env = o->nenv ? o->env : NULL;
    opts.cancel = &interrupted;
    if (limits(o, &opts, &u) < 0)
        status = usage_error(&u);
    else
        status = scan_and_run(dir, o, &opts, argv);
    input_free(&input);
    return status;
}

/* SC/libvirt/hooks in a malloc()'d string (no "//" after a SC that ends
 * in '/', such as "/"); NULL when out of memory. */
static char *hooks_path(const char *sc)
{
    size_t n = strlen(sc);
    char *p = malloc(n + sizeof("/libvirt/hooks"));

    return p ? strcat(strcpy(p, sc), n && sc[n - 1] == '/'
                                     ? "libvirt/hooks" : "/libvirt/hooks")
             : NULL;
}

/* Everything after parse(): argv[0 .. o->n) are the operands.  The two
 * paths are made here and freed in one place. */
static int run_all(const struct options *op, char **argv)
{
    struct options o = *op;
    char *dir = NULL, *hooks = NULL;
    int status = EXIT_INTERNAL;

    if (o.sysconfdir && !(dir = absolute(o.sysconfdir)))
        say("", o.sysconfdir, ": %s", strerror(errno));
    else if (!(hooks = hooks_path(dir ? dir : hooks_default_sysconfdir())))
        fprintf(stderr, "hookrun: %s\n", strerror(errno));
    else
        status = run_in(&o, dir, hooks, argv);
    free(hooks);
    free(dir);
    return status;
}

/* For --help and --version: 0, or EXIT_INTERNAL if stdout could not take
 * them (a closed pipe, a full disk), as GNU tools do. */
static int flush_stdout(void)
{
    if (fflush(stdout) == 0 && !ferror(stdout))
        return 0;
    fprintf(stderr, "hookrun: write error: %s\n", strerror(errno));
    return EXIT_INTERNAL;
}

int main(int argc, char **argv)
{
    struct options o;
    struct usage u;
    int status;

    memset(&o, 0, sizeof(o));
    o.env = calloc((size_t)argc + 1, sizeof(*o.env));
    if (!o.env) {
        fputs("hookrun: out of memory\n", stderr);
        return EXIT_INTERNAL;
    }
    switch (parse(argc, argv, &o, &u)) {
    case CMD_HELP:
        printf(usage_text, hooks_default_sysconfdir());
        status = flush_stdout();
        break;
    case CMD_VERSION:
        printf(version_text, hooks_version());
        status = flush_stdout();
        break;
    case CMD_USAGE:
        status = usage_error(&u);
        break;
    default:
        catch_signals();
        status = run_all(&o, argv);
        break;
    }
    free(o.env);
    if (interrupted)
        die_of_signal();
    return status;
}
