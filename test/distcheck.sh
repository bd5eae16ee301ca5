# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# distcheck.sh -- make distcheck: the release tarball on its own.  POSIX sh.
#   - it holds exactly the Makefile's DIST_FILES under hooks-VERSION/, and
#     (in a git checkout) those are exactly the files git tracks, but for
#     CI's script and .gitignore;
#   - unpacked in a temporary directory it builds, passes make check,
#     installs into a temporary DESTDIR and uninstalls leaving nothing;
#   - make distclean then leaves exactly the files it unpacked, unchanged.
#
#   TARBALL=hooks-X.Y.Z.tar.gz sh test/distcheck.sh   (also: MAKE, CC)
#
# Prints TAP; test/run.sh adds "N passed, N failed".
. "$(dirname "$0")/lib.sh"

MAKE=${MAKE:-make}
V=$(header_version)
unset MAKEFLAGS MFLAGS        # the caller's B= is not the unpacked tree's
case ${TARBALL:?TARBALL=hooks-X.Y.Z.tar.gz} in
/*) ;;
*) TARBALL=$TOP/$TARBALL ;;
esac

check "the tarball is named for hooks.h's version" \
    test "$(basename "$TARBALL")" = "hooks-$V.tar.gz"
gzip -dc "$TARBALL" | tar tf - | grep -v '/$' | LC_ALL=C sort >"$T/listing"
"$MAKE" --no-print-directory -s -C "$TOP" print-dist |
    sed "s|^|hooks-$V/|" | LC_ALL=C sort >"$T/dist"
check "it holds exactly DIST_FILES, under hooks-$V/" \
    diff "$T/dist" "$T/listing"
if command -v git >/dev/null 2>&1 && git -C "$TOP" rev-parse --git-dir \
    >/dev/null 2>&1; then
    git -C "$TOP" ls-files | grep -v -e '^\.ci/' -e '^\.gitignore$' |
        sed "s|^|hooks-$V/|" | LC_ALL=C sort >"$T/tracked"
    check "DIST_FILES are the files git tracks (but .ci/, .gitignore)" \
        diff "$T/tracked" "$T/listing"
else
    echo "# not a git checkout: DIST_FILES not compared with git's files"
fi

U=$T/unpacked
mkdir "$U"
check "it unpacks" sh -c 'gzip -dc "$1" | (cd "$2" && tar xf -)' - \
    "$TARBALL" "$U"
S=$U/hooks-$V
sums() {
    (cd "$S" && find . -type f | LC_ALL=C sort | xargs cksum)
}
sums >"$T/sums.before"

inside() {
    (cd "$S" && "$MAKE" --no-print-directory ${1+"$@"}) >"$T/make.out" 2>&1 &&
        return 0
    # the failed tests with their comments first, then how it ended
    grep -A 20 '^not ok' "$T/make.out" | head -n 100
    tail -n 20 "$T/make.out"
    return 1
}
check "make, in the unpacked tree" inside
check "make check, in the unpacked tree" inside check
total=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$T/make.out" | tail -n 1)
echo "# make check there: ${total:-no total line}"
check "make check there: its total says 0 failed" \
    sh -c 'case $1 in *" passed, 0 failed") exit 0 ;; esac; exit 1' - "$total"

D=$T/dest
check "make install DESTDIR=..., from the unpacked tree" \
    inside install DESTDIR="$D"
check "the installed hookrun runs" \
    sh -c '"$1" --version | grep -qx "hookrun $2"' - "$D/usr/local/bin/hookrun" "$V"
check "make uninstall DESTDIR=..." inside uninstall DESTDIR="$D"
find "$D" ! -type d >"$T/left"
check "nothing left after uninstall" test ! -s "$T/left"

check "make distclean, in the unpacked tree" inside distclean
sums >"$T/sums.after"
check "after make distclean, exactly the files it unpacked, unchanged" \
    same "$T/sums.before" "$T/sums.after"

finish
