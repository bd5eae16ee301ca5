# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# install.sh -- make check-install: make install into a temporary DESTDIR,
# build examples/embed.c through pkg-config against the installed copy
# (PKG_CONFIG_PATH + PKG_CONFIG_SYSROOT_DIR), run it, ask the installed bash
# completion for words, make uninstall and find nothing left; then the
# same with every directory moved, through the upper- and lower-case
# names.  POSIX sh.
#
#   sh test/install.sh        (environment: MAKE, CC, PKG_CONFIG,
#                              WITH_LIBXML2=1 for the libxml2 build)
#
# The build is a fresh one in a temporary B=DIR, so the tree's own build
# is left alone.  Prints TAP and "N passed, N failed".
. "$(dirname "$0")/lib.sh"

MAKE=${MAKE:-make}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
CC=${CC:-cc}
XML=${WITH_LIBXML2:-}
V=$(header_version)
D=$T/dest
B=$T/build
unset MAKEFLAGS MFLAGS        # the caller's B=, CFLAGS=... are not ours

mk() {
    "$MAKE" --no-print-directory -C "$TOP" B="$B" WITH_LIBXML2="$XML" \
        PKG_CONFIG="$PKG_CONFIG" ${1+"$@"} >>"$T/make.log" 2>&1
}

# mode FILE: its permission bits, as ls shows them.
mode() {
    ls -l "$1" | cut -c1-10
}

# left DIR: every file or link under DIR, none expected.
nothing_left() {
    find "$1" ! -type d >"$T/left"
    [ ! -s "$T/left" ] && return 0
    echo "left behind:"
    cat "$T/left"
    return 1
}

check "make install DESTDIR=... (WITH_LIBXML2='$XML')" mk install DESTDIR="$D"
P=$D/usr/local
check "hookrun in PREFIX/bin, mode 755" \
    test "$(mode "$P/bin/hookrun")" = "-rwxr-xr-x"
check "hooks.h in PREFIX/include, as in the sources" same "$TOP/hooks.h" \
    "$P/include/hooks.h"
check "libhooks.a in PREFIX/lib, mode 644" \
    test "$(mode "$P/lib/libhooks.a")" = "-rw-r--r--"
check "hooks.pc in PREFIX/lib/pkgconfig" test -f "$P/lib/pkgconfig/hooks.pc"
check "hookrun.1 in PREFIX/share/man/man1, as in the sources" \
    same "$TOP/hookrun.1" "$P/share/man/man1/hookrun.1"
BC=$P/share/bash-completion/completions/hookrun
check "the bash completion in PREFIX/share/bash-completion/completions/hookrun, as in the sources" \
    same "$TOP/completion/hookrun.bash" "$BC"
check "the bash completion: mode 644" test "$(mode "$BC")" = "-rw-r--r--"
find "$D" ! -type d | sed "s|^$D||" | sort >"$T/installed"
printf '%s\n' /usr/local/bin/hookrun /usr/local/include/hooks.h \
    /usr/local/lib/libhooks.a /usr/local/lib/pkgconfig/hooks.pc \
    /usr/local/share/bash-completion/completions/hookrun \
    /usr/local/share/man/man1/hookrun.1 >"$T/installed.expected"
check "exactly those six files installed" \
    same "$T/installed.expected" "$T/installed"
if command -v bash >/dev/null 2>&1; then
    # as bash-completion loads it: sourced, then asked for a word
    bash --norc --noprofile -c '. "$1" && COMP_WORDS=(hookrun qemu vm re) &&
        COMP_CWORD=3 && _hookrun && printf "%s\n" "${COMPREPLY[@]}"' - \
        "$BC" >"$T/out" 2>&1
    printf '%s\n' release restore reconnect >"$T/exp"
    check "the installed completion completes 'hookrun qemu vm re'" \
        same "$T/exp" "$T/out"
fi

"$P/bin/hookrun" --version 2>&1 | sed -n 1p >"$T/out"
check "the installed hookrun is version $V" same_text "hookrun $V" "$T/out"

# pkg-config, as a program's build would use it against a staged root.
PKG_CONFIG_PATH=$P/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$D
export PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
"$PKG_CONFIG" --modversion hooks >"$T/out" 2>&1
check "pkg-config --modversion hooks: $V" same_text "$V" "$T/out"
"$PKG_CONFIG" --cflags hooks >"$T/cflags" 2>&1
check "pkg-config --cflags hooks: the installed include directory" \
    contains "$T/cflags" "-I$P/include"
"$PKG_CONFIG" --libs hooks >"$T/libs" 2>&1
check "pkg-config --libs hooks: -L the installed lib, -lhooks -pthread" \
    contains "$T/libs" "-L$P/lib -lhooks -pthread"
if [ "$XML" = 1 ]; then
    check "libxml2 build: hooks.pc requires libxml-2.0 for static links" \
        contains "$P/lib/pkgconfig/hooks.pc" "Requires.private: libxml-2.0"
    check "libxml2 build: pkg-config --libs hooks carries -lxml2" \
        contains "$T/libs" "-lxml2"
else
    check "plain build: hooks.pc requires nothing" \
        sh -c '! grep -q "^Requires" "$1"' - "$P/lib/pkgconfig/hooks.pc"
fi

# embed.c alone in a directory: "hooks.h" can only be the installed one,
# and -lhooks only the installed libhooks.a.
mkdir "$T/src"
cp "$TOP/examples/embed.c" "$T/src/"
# shellcheck disable=SC2046  # the flags are words
check "examples/embed.c builds with \$(pkg-config --cflags --libs hooks)" \
    sh -c 'cd "$1" && "$2" -std=c99 -o embed embed.c $("$3" --cflags --libs hooks)' \
    - "$T/src" "$CC" "$PKG_CONFIG"
(cd "$TOP" && "$T/src/embed" examples/etc demo examples/domain.xml) \
    >"$T/out" 2>"$T/err"
check "it runs the example hook: exit status 0" is "$?" 0
printf 'domain demo started\ndomain demo stopped\n' >"$T/exp"
check "it runs the example hook: its output" same "$T/exp" "$T/out"
unset PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR

check "make uninstall DESTDIR=..." mk uninstall DESTDIR="$D"
check "nothing left after uninstall" nothing_left "$D"

# Every directory moved: upper-case names, then GNU's lower-case ones.
D2=$T/dest2
check "make install PREFIX=/opt/h BINDIR=/opt/bin MANDIR=/opt/man" \
    mk install DESTDIR="$D2" PREFIX=/opt/h BINDIR=/opt/bin MANDIR=/opt/man \
    INCLUDEDIR=/opt/inc LIBDIR=/opt/lib64 PKGCONFIGDIR=/opt/pc \
    BASHCOMPDIR=/opt/bc
find "$D2" ! -type d | sed "s|^$D2||" | sort >"$T/installed"
printf '%s\n' /opt/bc/hookrun /opt/bin/hookrun /opt/inc/hooks.h \
    /opt/lib64/libhooks.a /opt/man/man1/hookrun.1 /opt/pc/hooks.pc \
    >"$T/installed.expected"
check "each file where its variable says" \
    same "$T/installed.expected" "$T/installed"
check "hooks.pc names those directories" \
    sh -c 'grep -qx "prefix=/opt/h" "$1" && grep -qx "libdir=/opt/lib64" "$1" &&
           grep -qx "includedir=/opt/inc" "$1"' - "$D2/opt/pc/hooks.pc"
check "make uninstall with the same variables" \
    mk uninstall DESTDIR="$D2" PREFIX=/opt/h BINDIR=/opt/bin MANDIR=/opt/man \
    INCLUDEDIR=/opt/inc LIBDIR=/opt/lib64 PKGCONFIGDIR=/opt/pc \
    BASHCOMPDIR=/opt/bc
check "nothing left after that uninstall" nothing_left "$D2"

D3=$T/dest3
check "make install prefix=/usr libdir=/usr/lib/x86_64-linux-gnu (GNU names)" \
    mk install DESTDIR="$D3" prefix=/usr libdir=/usr/lib/x86_64-linux-gnu
find "$D3" ! -type d | sed "s|^$D3||" | sort >"$T/installed"
printf '%s\n' /usr/bin/hookrun /usr/include/hooks.h \
    /usr/lib/x86_64-linux-gnu/libhooks.a \
    /usr/lib/x86_64-linux-gnu/pkgconfig/hooks.pc \
    /usr/share/bash-completion/completions/hookrun \
    /usr/share/man/man1/hookrun.1 >"$T/installed.expected"
check "prefix and libdir move everything that follows them" \
    same "$T/installed.expected" "$T/installed"
check "make uninstall prefix=/usr libdir=..." \
    mk uninstall DESTDIR="$D3" prefix=/usr libdir=/usr/lib/x86_64-linux-gnu
check "nothing left after the GNU-named uninstall" nothing_left "$D3"

# GNU's datadir moves the completion alone (the manual follows mandir).
D4=$T/dest4
check "make install datadir=/opt/data" mk install DESTDIR="$D4" \
    datadir=/opt/data
check "the completion in datadir/bash-completion/completions" \
    test -f "$D4/opt/data/bash-completion/completions/hookrun"
check "make uninstall datadir=/opt/data" mk uninstall DESTDIR="$D4" \
    datadir=/opt/data
check "nothing left after that uninstall" nothing_left "$D4"

mk clean
[ -f "$T/make.log" ] && [ "$tests_failed" -gt 0 ] &&
    tail -n 40 "$T/make.log" | sed 's/^/#   make: /'
finish
