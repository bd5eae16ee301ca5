/* hookrun -- run a hook script exactly as the daemon would.  See usage(). */
#include "hooks.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { EXIT_HOOK_FAILED = 1, EXIT_USAGE = 2, EXIT_INTERNAL = 3 };

static const char usage_text[] =
    "usage: hookrun [options] DRIVER OBJECT OPERATION SUBOP EXTRA\n"
    "       hookrun [-c DIR] -l\n"
    "Run SYSCONFDIR/libvirt/hooks/DRIVER with the four arguments as given,\n"
    "the way the libvirt daemon runs it, and report how it ended.\n"
    "  -c, --sysconfdir DIR  look for hooks in DIR/libvirt/hooks\n"
    "                        (default " "%s" ")\n"
    "  -i, --input FILE      feed FILE to the script's stdin ('-': hookrun's\n"
    "                        stdin); without it the script's stdin is /dev/null\n"
    "  -o, --output          print the script's stdout on stdout\n"
    "  -l, --list            print, per driver, its state and path\n"
    "  -h, --help            print this help\n"
    "  -V, --version         print the version\n"
    "Exit status: 0 the script succeeded or none is present; 1 it failed;\n"
    "2 usage error; 3 internal error.\n";

struct options {
    const char *sysconfdir;
    const char *input;
    int output, list;
};

static int usage_error(const char *fmt, const char *arg)
{
    fputs("hookrun: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'hookrun --help'.\n", stderr);
    return EXIT_USAGE;
}

/* Match argv[*i] against an option that takes a value: "-c DIR", "-cDIR",
 * "--sysconfdir DIR" or "--sysconfdir=DIR".  Returns 1 and sets *value
 * (advancing *i past a separate value), 0 if it is not this option, -1 if
 * the value is missing. */
static int match(char **argv, int *i, char s, const char *l,
                 const char **value)
{
    const char *a = argv[*i];
    size_t ll = strlen(l);

    if (a[1] == s && a[2] != '\0') {               /* -cDIR */
        *value = a + 2;
        return 1;
    }
    if (a[1] == '-' && strncmp(a + 2, l, ll) == 0 && a[2 + ll] == '=') {
        *value = a + 3 + ll;                        /* --long=DIR, maybe "" */
        return 1;
    }
    if ((a[1] == s && a[2] == '\0')
        || (a[1] == '-' && strncmp(a + 2, l, ll) == 0 && a[2 + ll] == '\0')) {
        if (!argv[*i + 1])                          /* -c DIR, --long DIR */
            return -1;
        *value = argv[++*i];
        return 1;
    }
    return 0;
}

/* Parse options up to the first operand or "--".  Returns the index of
 * the first operand, or -1 after printing a usage error (*status set). */
static int parse(int argc, char **argv, struct options *o, int *status)
{
    int i, r;

    for (i = 1; i < argc; i++) {
        char *a = argv[i];

        if (a[0] != '-' || a[1] == '\0')
            break;
        if (strcmp(a, "--") == 0)
            return i + 1;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            printf(usage_text, hooks_default_sysconfdir());
            *status = 0;
            return -1;
        }
        if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
            printf("hookrun %s\n", HOOKS_VERSION);
            *status = 0;
            return -1;
        }
        if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            o->output = 1;
            continue;
        }
        if (strcmp(a, "-l") == 0 || strcmp(a, "--list") == 0) {
            o->list = 1;
            continue;
        }
        if ((r = match(argv, &i, 'c', "sysconfdir", &o->sysconfdir)) == 0
            && (r = match(argv, &i, 'i', "input", &o->input)) == 0) {
            *status = usage_error("unknown option '%s'", a);
            return -1;
        }
        if (r < 0) {
            *status = usage_error("option '%s' needs a value", a);
            return -1;
        }
    }
    return i;
}

/* Read a whole file (or stdin for "-") into memory. */
static char *slurp(const char *name, size_t *len)
{
    int fd = strcmp(name, "-") == 0 ? 0 : open(name, O_RDONLY);
    size_t cap = 65536;
    char *buf, *p;
    ssize_t n;

    *len = 0;
    if (fd < 0)
        return NULL;
    buf = malloc(cap);
    while (buf) {
        if (*len == cap) {
            p = cap * 2 > cap ? realloc(buf, cap * 2) : NULL;
            if (!p) {
                free(buf);
                buf = NULL;
                errno = ENOMEM;
                break;
            }
            buf = p;
            cap *= 2;
        }
        n = read(fd, buf + *len, cap - *len);
        if (n > 0) {
            *len += (size_t)n;
        } else if (n == 0) {
            break;
        } else if (errno != EINTR) {
            free(buf);
            buf = NULL;
        }
    }
    if (fd != 0) {
        int e = errno;
        close(fd);
        errno = e;
    }
    return buf;
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

static int list(const hooks_ctx *ctx)
{
    int d;

    for (d = 0; d < HOOKS_DRIVER_COUNT; d++) {
        const char *why = hooks_script_warning(ctx, (hooks_driver)d);

        printf("%-7s %-15s %s%s%s\n", hooks_driver_name((hooks_driver)d),
               hooks_state_name(hooks_script_state(ctx, (hooks_driver)d)),
               hooks_script_path(ctx, (hooks_driver)d),
               why ? ": " : "", why ? why : "");
    }
    return fflush(stdout) == 0 ? 0 : EXIT_INTERNAL;
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

static int run(const hooks_ctx *ctx, hooks_driver drv, char **words,
               const struct options *o)
{
    hooks_opts opts = { NULL, 0, 0 };
    hooks_result res;
    char *input = NULL;
    int status;

    if (o->input) {
        input = slurp(o->input, &opts.input_len);
        if (!input) {
            fprintf(stderr, "hookrun: cannot read '%s': %s\n", o->input,
                    strerror(errno));
            return EXIT_INTERNAL;
        }
        opts.input = input;
    }
    opts.capture_stdout = o->output;

    switch (hooks_run_args(ctx, drv, words[0], words[1], words[2], words[3],
                           &opts, &res)) {
    case HOOKS_NO_HOOK: {
        const char *why = hooks_script_warning(ctx, drv);

        fprintf(stderr, "hookrun: no hook script: %s: %s\n",
                hooks_script_path(ctx, drv), why ? why : "absent");
        status = 0;
        break;
    }
    case HOOKS_OK:
        status = 0;
        break;
    case HOOKS_INVALID:
    case HOOKS_TOOLONG:
        status = EXIT_USAGE;
        break;
    case HOOKS_INTERNAL:
        status = EXIT_INTERNAL;
        break;
    default:
        status = EXIT_HOOK_FAILED;
        break;
    }
    if (o->output && res.out_len > 0
        && write_all(1, res.out, res.out_len) < 0) {
        fprintf(stderr, "hookrun: writing stdout: %s\n", strerror(errno));
        status = EXIT_INTERNAL;
    }
    if (res.message)
        fprintf(stderr, "hookrun: %s\n", res.message);
    else if (status != 0)
        fprintf(stderr, "hookrun: %s\n", hooks_status_name(res.status));
    hooks_result_free(&res);
    free(input);
    return status;
}

int main(int argc, char **argv)
{
    struct options o = { NULL, NULL, 0, 0 };
    hooks_ctx *ctx = NULL;
    hooks_driver drv = HOOKS_DRIVER_DAEMON;
    char *dir = NULL;
    int first, status = EXIT_USAGE, nwords;

    first = parse(argc, argv, &o, &status);
    if (first < 0)
        return status;
    nwords = argc - first;
    if (o.list && nwords != 0)
        return usage_error("%s", "--list takes no operands");
    if (o.list && (o.input || o.output))
        return usage_error("%s", "--list runs nothing: no --input or --output");
    if (!o.list && nwords != 5)
        return usage_error("expected DRIVER OBJECT OPERATION SUBOP EXTRA, "
                           "got %s", nwords < 5 ? "fewer" : "more");
    if (!o.list && hooks_driver_from_name(argv[first], &drv) < 0)
        return usage_error("unknown driver '%s' (known: daemon qemu lxc)",
                           argv[first]);
    if (o.sysconfdir && !*o.sysconfdir)
        return usage_error("%s", "empty --sysconfdir");
    if (o.sysconfdir && !(dir = absolute(o.sysconfdir))) {
        fprintf(stderr, "hookrun: %s: %s\n", o.sysconfdir, strerror(errno));
        return EXIT_INTERNAL;
    }

    switch (hooks_ctx_new(dir, &ctx)) {
    case HOOKS_OK:
        status = o.list ? list(ctx) : run(ctx, drv, argv + first + 1, &o);
        break;
    case HOOKS_TOOLONG:
        fprintf(stderr, "hookrun: %s: path too long\n", dir);
        status = EXIT_USAGE;
        break;
    default:
        fprintf(stderr, "hookrun: out of memory\n");
        status = EXIT_INTERNAL;
        break;
    }
    hooks_ctx_free(ctx);
    free(dir);
    return status;
}
