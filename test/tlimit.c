/* SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the hooks authors
 *
 * tlimit -- run a command as a host in an unusual state, with a time limit.
 *
 *   tlimit [-t SECONDS] [-b SIG]... [-g SIG]... [-f FD]... [-n NOFILE]
 *          COMMAND [ARG]...
 *
 * -b blocks SIG and -g ignores it in COMMAND (SIG: HUP INT PIPE TERM USR1
 * USR2 CHLD ALRM QUIT RTMIN RTMAX); -f opens /dev/null on FD
 * without close-on-exec; -n sets the soft RLIMIT_NOFILE.  COMMAND runs in a
 * process group of its own; after SECONDS (default 60) the whole group is
 * killed and tlimit exits 124.  Otherwise it exits with COMMAND's status,
 * or 128 + the signal that killed it.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
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

    if (strcmp(name, "RTMIN") == 0)
        return SIGRTMIN;
    if (strcmp(name, "RTMAX") == 0)
        return SIGRTMAX;
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

int main(int argc, char **argv)
{
    sigset_t block;
    struct sigaction sa;
    struct rlimit rl;
    int opt, st, fds[64], nfd = 0, i;
    unsigned secs = 60;
    long nofile = -1;
    int ignore[64], nign = 0;
    pid_t pid;

    sigemptyset(&block);
    while ((opt = getopt(argc, argv, "+t:b:g:f:n:")) != -1) {
        switch (opt) {
        case 't': secs = (unsigned)atoi(optarg); break;
        case 'b': sigaddset(&block, signum(optarg)); break;
        case 'g': if (nign < 64) ignore[nign++] = signum(optarg); break;
        case 'f': if (nfd < 64) fds[nfd++] = atoi(optarg); break;
        case 'n': nofile = atol(optarg); break;
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
        for (i = 0; i < nfd; i++) {
            int fd = open("/dev/null", O_RDONLY);
            if (fd < 0 || (fd != fds[i] && dup2(fd, fds[i]) < 0)) {
                perror("tlimit: open");
                _exit(125);
            }
            if (fd != fds[i])
                close(fd);
        }
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = SIG_IGN;
        for (i = 0; i < nign; i++)
            sigaction(ignore[i], &sa, NULL);
        sigprocmask(SIG_SETMASK, &block, NULL);
        if (nofile >= 0 && getrlimit(RLIMIT_NOFILE, &rl) == 0) {
            rl.rlim_cur = (rlim_t)nofile;
            setrlimit(RLIMIT_NOFILE, &rl);
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
    alarm(secs);
    while (waitpid(pid, &st, 0) < 0) {
        if (errno != EINTR)
            return 125;
        kill(-pid, SIGKILL);
        kill(pid, SIGKILL);
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
            ;
        fprintf(stderr, "tlimit: timed out after %u s\n", secs);
        return 124;
    }
    if (WIFSIGNALED(st))
        return 128 + WTERMSIG(st);
    return WEXITSTATUS(st);
}
