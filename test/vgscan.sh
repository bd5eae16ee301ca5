# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# vgscan.sh -- read the valgrind logs of make check-valgrind; one TAP line,
# the findings as comments; exits non-zero on any finding.
#
#   sh test/vgscan.sh LOGDIR
#
# LOGDIR holds a directory NAME.PID.XXXXXX per run of a program under
# test/vgwrap.c: vg.PID is the program's log, and vg.CHILD the log of each
# process it forked (valgrind follows a fork, and stops at an exec).
#
# The program's log: it must end with valgrind's summary (else the program
# was killed or valgrind died), "ERROR SUMMARY: 0 errors" (memory errors,
# and, with --errors-for-leak-kinds=all, any block still allocated), and
# no fd open at exit but 0, 1, 2 and those it was started with ("<inherited
# from parent>": the tests start hosts with extra fds, and valgrind 3.19
# lists its own log fd so).  --track-fds only reports: this is the check.
#
# A forked child's log: a child that execs a hook logs nothing after its
# preamble.  One that exits instead (an exec failure it reports, a host's
# own child) also gets valgrind's exit reports, but its fds and heap are the
# copies it got at fork, which it is right not to free or close before
# _exit(): fd and leak records are not findings there.  Any other error is
# (an invalid read between fork and exec), and so is "EXEC FAILED": valgrind
# kills a child whose execve fails, so the test could not see what the
# program does (such tests run the program itself: test/valgrind.sh).

set -u
if [ $# -ne 1 ] || [ ! -d "$1" ]; then
    echo "usage: sh test/vgscan.sh LOGDIR" >&2
    exit 2
fi
cd "$1" || exit 1

for d in */; do
    d=${d%/}
    pid=${d#*.}
    pid=${pid%%.*}
    for f in "$d"/vg.*; do
        [ -e "$f" ] || continue
        if [ "$f" = "$d/vg.$pid" ]; then echo "main $f"; else echo "child $f"; fi
    done
    [ -e "$d/vg.$pid" ] || echo "missing $d/vg.$pid"
done | awk -v logdir="$1" '
function flush(   i) {
    if (file == "")
        return
    if (kind == "main") {
        runs++
        name = file; sub(/\..*/, "", name); per[name]++
        if (errs == "")
            finding("no ERROR SUMMARY: killed, or valgrind died")
        else if (errs != "0")
            finding(errs " errors" (inuse != "" && inuse != "0" ? \
                    " (" inuse " bytes still allocated at exit)" : "") \
                    (nheads ? ": " heads : ""))
        if (stray != "")
            finding("fds open at exit:" stray)
    } else {
        children++
        if (execfailed)
            finding("valgrind killed a child whose execve failed (EXEC FAILED)")
        if (nheads)
            finding(nheads " errors in a forked child: " heads)
    }
    if (bad) {
        nbad++
        if (nbad <= 20) {
            printf "#   %s/%s: %s\n", logdir, file, why
            shown = 0
            while ((getline l < file) > 0 && shown < 60) {
                if (l ~ /== (Memcheck|Copyright|Using Valgrind)/)
                    continue
                print "#     " l; shown++
            }
            close(file)
        }
    }
}
function finding(s) {
    why = why (bad ? "; " : "") s
    bad = 1
}
function scan(path,   l, prev, n) {
    prev = ""
    while ((getline l < path) > 0) {
        sub(/^==[0-9]+== /, "", l)
        if (l ~ /^ERROR SUMMARY: /) {
            errs = l; sub(/^ERROR SUMMARY: /, "", errs); sub(/ .*/, "", errs)
            gsub(/,/, "", errs)
        } else if (l ~ /^ +in use at exit: /) {
            inuse = l; sub(/^ +in use at exit: /, "", inuse)
            sub(/ .*/, "", inuse); gsub(/,/, "", inuse)
        } else if (l ~ /^EXEC FAILED/) {
            execfailed = 1
        } else if (l ~ /^   <inherited from parent>/) {
            fd = ""
        } else if (fd != "") {
            if (fd + 0 > 2)
                stray = stray " " fd
            fd = ""
        }
        if (l ~ /^Open (file descriptor|[A-Za-z0-9_]+ socket) [0-9]+/) {
            fd = l; sub(/^Open [^0-9]*/, "", fd); sub(/[^0-9].*/, "", fd)
        }
        # An error starts with a line of text, then its stack.
        if (l ~ /^   (at|by) 0x/ && prev != "" && prev !~ /^ / && \
            prev !~ /in loss record|^Open |^Process terminating/) {
            nheads++
            if (nheads <= 3)
                heads = heads (nheads > 1 ? " | " : "") prev
        }
        prev = (l ~ /^ /) ? " " : l
    }
    close(path)
}
{
    flush()
    file = ""; bad = 0; why = ""
    if ($1 == "missing") {
        file = $2; finding("no log of the program"); kind = "none"
        nbad++; printf "#   %s/%s: %s\n", logdir, file, why
        file = ""
        next
    }
    kind = $1; file = $2
    errs = ""; inuse = ""; stray = ""; fd = ""; nheads = 0; heads = ""
    execfailed = 0
    scan(file)
}
END {
    flush()
    if (runs == 0) {
        print "not ok - valgrind logs: none found"
        exit 1
    }
    s = ""
    for (n in per)
        s = s (s == "" ? "" : ", ") n " " per[n]
    if (nbad > 20)
        printf "#   ... and %d more\n", nbad - 20
    printf "%s - valgrind logs: %d runs (%s), %d forked children: %s\n", \
        nbad ? "not ok" : "ok", runs, s, children, \
        nbad ? nbad " with findings" : \
        "no error, no leak, no fd left open"
    exit (nbad != 0)
}'
