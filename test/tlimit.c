/* SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the hooks authors
 *
 * tlimit -- run a command as a host in an unusual state, with a time limit.
 *
 *   tlimit [-t SECONDS] [-b SIG]... [-g SIG]... [-d SIG]... [-f FD]...
 *          [-F N] [-c FD]... [-n NOFILE] [-e NAME=VALUE]... [-u UID] COMMAND
 *          [ARG]...
 *
 * -b blocks SIG, -g ignores it and -d sets it to its default in COMMAND
 * (SIG: HUP INT PIPE TERM USR1 USR2 CHLD ALRM QUIT RTMIN RTMAX, or a
 * number: on Linux 32 and 33, which glibc keeps to itself, are set with
 * the raw system call); -f opens /dev/null on FD without close-on-exec,
 * -F opens it on every free fd below N (a host with many fds, so that
 * its new fds are numbered N and up); -c closes FD; -n sets the soft RLIMIT_NOFILE after that; -e adds
 * NAME=VALUE to the end of the environment, even if NAME is already there
 * (a host's environ may hold a name twice); -u runs COMMAND as user and
 * group UID (tlimit must be root then).  On Linux, 32 to 34 (the C
 * libraries' own signals) start at their default.  COMMAND runs in a process
 * group of its own; after SECONDS (default 60, fractions allowed: a test
 * may make the limit its assertion) the whole group is killed
 * and tlimit exits 124.  Otherwise it exits with COMMAND's status, or 128
 * + the signal that killed it.
 */
/* syscall(), for the raw rt_sigaction */
#if defined(__linux__) && !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE 1
#endif
#include <errno.h>
#include <fcntl.h>
#ifdef __linux__
#include <sys/syscall.h>
#endif
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct { const char *name; int sig; } sigs[] = {
    { "HUP", SIGHUP }, { "INT", SIGINT }, { "PIPE", SIGPIPE },
    { "TERM", SIGTERM }, { "USR1", SIGUSR1 }, { "USR2", SIGUSR2 },
    { "CHLD", SIGCHLD }, { "ALRM", SIGALRM }, { "QUIT", SIGQUIT }
};

static int signum(const char *name)
{
    size_t i;

    if (name[0] >= '1' && name[0] <= '9')
        return atoi(name);
#ifdef SIGRTMIN
    if (strcmp(name, "RTMIN") == 0)
        return SIGRTMIN;
    if (strcmp(name, "RTMAX") == 0)
        return SIGRTMAX;
#endif
    for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
        if (strcmp(sigs[i].name, name) == 0)
            return sigs[i].sig;
    fprintf(stderr, "tlimit: unknown signal %s\n", name);
    exit(125);
}

static void on_alarm(int sig)
{
    (void)sig;
}

/* sig's disposition to handler (SIG_IGN or SIG_DFL); glibc refuses its
 * own signals, which the kernel takes: the kernel's sigaction begins with
 * the handler on every architecture this runs on, and is zero elsewhere
 * for no flags and an empty mask. */
static void set_disposition(int sig, void (*handler)(int))
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = handler;
    if (sigaction(sig, &sa, NULL) == 0)
        return;
#if defined(__linux__) && defined(SYS_rt_sigaction)
    {
        unsigned long k[16];

        memset(k, 0, sizeof(k));
        k[0] = handler == SIG_IGN ? 1 : 0;
        if (syscall(SYS_rt_sigaction, sig, k, NULL, (size_t)8) == 0)
            return;
    }
#endif
    fprintf(stderr, "tlimit: signal %d: %s\n", sig, strerror(errno));
    _exit(125);
}

extern char **environ;

/* environ and the -e entries after it, in a new array. */
static char **with_env(char **add, int nadd)
{
    char **e;
    int n = 0, i;

    while (environ[n])
        n++;
    if (!(e = malloc((size_t)(n + nadd + 1) * sizeof(*e))))
        return environ;
    for (i = 0; i < n; i++)
        e[i] = environ[i];
    for (i = 0; i < nadd; i++)
        e[n + i] = add[i];
    e[n + nadd] = NULL;
    return e;
}

int main(int argc, char **argv)
{
    sigset_t block;
    struct sigaction sa;
    struct rlimit rl;
    int opt, st, fds[64], nfd = 0, i;
    double secs = 60;
    struct itimerval it;
    long nofile = -1, uid = -1;
    int ignore[64], nign = 0, dfl[64], ndfl = 0, shut[64], nshut = 0;
    int nblock = 0, fill = 0;
    char *add[64];
    int nadd = 0;
    pid_t pid;

    sigemptyset(&block);
    while ((opt = getopt(argc, argv, "+t:b:g:d:f:F:c:n:e:u:")) != -1) {
        switch (opt) {
        case 't': secs = atof(optarg); break;
        case 'b': sigaddset(&block, signum(optarg)); nblock++; break;
        case 'g': if (nign < 64) ignore[nign++] = signum(optarg); break;
        case 'd': if (ndfl < 64) dfl[ndfl++] = signum(optarg); break;
        case 'f': if (nfd < 64) fds[nfd++] = atoi(optarg); break;
        case 'F': fill = atoi(optarg); break;
        case 'c': if (nshut < 64) shut[nshut++] = atoi(optarg); break;
        case 'n': nofile = atol(optarg); break;
        case 'e': if (nadd < 64) add[nadd++] = optarg; break;
        case 'u': uid = atol(optarg); break;
        default: return 125;
        }
    }
    if (optind >= argc) {
        fputs("tlimit: no command\n", stderr);
        return 125;
    }
    pid = fork();
    if (pid < 0) {
        perror("tlimit: fork");
        return 125;
    }
    if (pid == 0) {
        setpgid(0, 0);
        /* room for -f above a soft limit lowered since: up to the hard */
        if (nfd && getrlimit(RLIMIT_NOFILE, &rl) == 0
            && rl.rlim_cur < rl.rlim_max) {
            rl.rlim_cur = rl.rlim_max;
            setrlimit(RLIMIT_NOFILE, &rl);
        }
        for (i = 0; i < nfd; i++) {
            int fd = open("/dev/null", O_RDONLY);
            if (fd < 0 || (fd != fds[i] && dup2(fd, fds[i]) < 0)) {
                perror("tlimit: open");
                _exit(125);
            }
            if (fd != fds[i])
                close(fd);
        }
        /* open() takes the lowest free fd: stop at fill - 1 */
        while (fill > 0 && (i = open("/dev/null", O_RDONLY)) >= 0
               && i < fill - 1)
            ;
        if (fill > 0 && i != fill - 1) {
            perror("tlimit: -F");
            _exit(125);
        }
        for (i = 0; i < nshut; i++)
            close(shut[i]);
#ifdef __linux__
        /* The C library's own signals as a fresh process has them: a
         * host started by glibc's posix_spawn() (make does) inherits
         * 32 and 33 ignored, which only the fast paths can undo. */
        for (i = 32; i <= 34; i++)
            set_disposition(i, SIG_DFL);
#endif
        for (i = 0; i < nign; i++)
            set_disposition(ignore[i], SIG_IGN);
        for (i = 0; i < ndfl; i++)
            set_disposition(dfl[i], SIG_DFL);
        if (nblock)             /* else the mask stays the caller's */
            sigprocmask(SIG_SETMASK, &block, NULL);
        if (nadd)
            environ = with_env(add, nadd);
        if (nofile >= 0 && getrlimit(RLIMIT_NOFILE, &rl) == 0) {
            rl.rlim_cur = (rlim_t)nofile;
            setrlimit(RLIMIT_NOFILE, &rl);
        }
        if (uid >= 0 && (setgid((gid_t)uid) != 0 || setuid((uid_t)uid) != 0)) {
            perror("tlimit: -u");
            _exit(125);
        }
        execvp(argv[optind], argv + optind);
        fprintf(stderr, "tlimit: %s: %s\n", argv[optind], strerror(errno));
        _exit(126);
    }
    setpgid(pid, pid);
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
    memset(&it, 0, sizeof(it));
    it.it_value.tv_sec = (time_t)secs;
    it.it_value.tv_usec = (suseconds_t)((secs - (double)(time_t)secs) * 1e6);
    setitimer(ITIMER_REAL, &it, NULL);
    while (waitpid(pid, &st, 0) < 0) {
        if (errno != EINTR)
            return 125;
        kill(-pid, SIGKILL);
        kill(pid, SIGKILL);
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
            ;
        fprintf(stderr, "tlimit: timed out after %g s\n", secs);
        return 124;
    }
    if (WIFSIGNALED(st))
        return 128 + WTERMSIG(st);
    return WEXITSTATUS(st);
}
