# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# What a release promises: one version, written in hooks.h and agreed on by
# the library, hookrun, the Makefile, NEWS and the tests; GNU's --help and
# --version; a manual listing the options --help lists; the MIT licence and
# its header in every source file.  (Installing, pkg-config, C++, the
# tarball: test/install.sh, test/cxxhost.cc, test/distcheck.sh, which need
# tools make check does not.)
. "$(dirname "$0")/lib.sh"

W=$(newdir)
V=$(header_version)
MAKE=${MAKE:-make}

check "hooks.h: MAJOR.MINOR.PATCH read from its macros ('$V')" \
    sh -c 'printf "%s\n" "$1" | grep -Eq "^[0-9]+\.[0-9]+\.[0-9]+$"' - "$V"

# The header's macros against each other, and against what hooks.c was
# built as.
"$TLIMIT" -t 120 "$APITEST" version >"$T/version" 2>&1
hexnum=$(echo "$V" | awk -F. '{ printf "0x%02x%02x%02x\n", $1, $2, $3 }')
printf '%s\n' "$V" "$V" "$hexnum" "$V" >"$T/version.expected"
check "HOOKS_VERSION, HOOKS_VERSION_NUMBER and hooks_version() agree" \
    same "$T/version.expected" "$T/version"

"$MAKE" --no-print-directory -s -C "$TOP" print-version >"$T/mkversion" 2>&1
check "the Makefile reads the same version from hooks.h" \
    same_text "$V" "$T/mkversion"

# Only hooks.h writes the version: no program, test or script hardcodes it
# (NEWS and README.md speak of it; bench/results.txt is a run's record).
"$MAKE" --no-print-directory -s -C "$TOP" print-dist >"$T/dist" 2>&1
check "make print-dist lists hooks.c and hooks.h" \
    sh -c 'grep -qx hooks.c "$1" && grep -qx hooks.h "$1"' - "$T/dist"
grep -E '\.(c|h|cc|sh|gp|1|bash)$|^Makefile$' "$T/dist" | grep -vx hooks.h \
    >"$T/code"
check "no source file but hooks.h holds the version $V or $hexnum" \
    sh -c 'cd "$1" && ! grep -nF -e "$2" -e "$3" $(cat "$4")' - \
    "$TOP" "\"$V\"" "$hexnum" "$T/code"

# hookrun --version, GNU's way.
hookrun_in "$W" --version
printf '%s\n' "hookrun $V" \
    "Copyright (c) 2026 the hooks authors" \
    "License MIT: <https://spdx.org/licenses/MIT.html>." \
    "This is free software: you are free to change and redistribute it." \
    "There is NO WARRANTY, to the extent permitted by law." \
    >"$T/version.text"
check "--version: version, copyright, licence, no warranty" \
    same "$T/version.text" "$T/out"

# hookrun --help, GNU's way: Usage, "  or:  " forms, the manual last.
hookrun_in "$W" --help
cp "$T/out" "$T/help"
sed -n '2,4p' "$T/help" >"$T/help.or"
printf '%s\n' \
    "  or:  hookrun [OPTION]... --lifecycle DRIVER OBJECT ACTION" \
    "  or:  hookrun [-c DIR] [-s] -l" \
    "  or:  hookrun [-c DIR] [-s] --check [DRIVER]" >"$T/help.or.expected"
check "--help: the other forms as '  or:  hookrun ...'" \
    same "$T/help.or.expected" "$T/help.or"
tail -n 1 "$T/help" >"$T/help.last"
check "--help: the last line says where the manual is" same_text \
    "Full documentation: man hookrun (hookrun.1 in the sources)." \
    "$T/help.last"
if [ -c /dev/full ]; then
    "$TLIMIT" -t 60 "$HOOKRUN" --help >/dev/full 2>"$T/err"
    check "--help to a full disk: exit status 3" is "$?" 3
    check "--help to a full disk: says so" contains "$T/err" \
        "hookrun: write error: "
    "$TLIMIT" -t 60 "$HOOKRUN" --version >/dev/full 2>"$T/err"
    check "--version to a full disk: exit status 3" is "$?" 3
fi

# README.md shows --help as it is (of the default build, SYSCONFDIR /etc).
sed "s|(default ${SYSCONFDIR:-/etc})|(default /etc)|" "$T/help" \
    >"$T/help.etc"
awk '/^## hookrun$/ { s = 1; next }
     s == 1 && /^```$/ { s = 2; next }
     s == 2 && /^```$/ { exit }
     s == 2' "$TOP/README.md" >"$T/readme.help"
check "README.md: the hookrun block is hookrun --help" \
    same "$T/help.etc" "$T/readme.help"

# The manual and --help list the same options (names only).
help_options() {
    sed -n 's/^  \(-[A-Za-z]\), \(--[a-z-]*\).*/\1 \2/p
            s/^      \(--[a-z-]*\).*/\1/p' "$1" | tr ' ' '\n' | sort -u
}
man_options() {
    # ".It Fl c Ar dir , Fl \-sysconfdir Ns = Ns Ar dir": each word after
    # Fl is an option's name, Fl adding one dash.
    sed -n 's/^\.It //p' "$1" |
        awk '{ for (i = 1; i < NF; i++) if ($i == "Fl") print "-" $(i + 1) }' |
        sed 's/\\//g' | sort -u
}
help_options "$T/help" >"$T/opts.help"
man_options "$TOP/hookrun.1" >"$T/opts.man"
check "--help lists options (at least 20 names)" \
    test "$(wc -l <"$T/opts.help")" -ge 20
check "hookrun.1 and --help list the same options" \
    diff "$T/opts.help" "$T/opts.man"
check "hookrun.1: names hookrun, has a SYNOPSIS, EXIT STATUS and EXAMPLES" \
    sh -c 'grep -q "^\.Nm hookrun" "$1" && grep -q "^\.Sh SYNOPSIS" "$1" &&
           grep -q "^\.Sh EXIT STATUS" "$1" && grep -q "^\.Sh EXAMPLES" "$1"' \
    - "$TOP/hookrun.1"

# NEWS: newest first, this version on top, the older releases below.
sed -n 's/^hooks \([0-9][0-9.]*\) (\([0-9-]*\))$/\1/p' "$TOP/NEWS" \
    >"$T/news"
sed -n 1p "$T/news" >"$T/news.first"
check "NEWS: its newest entry is hooks.h's version" same_text "$V" \
    "$T/news.first"
check "NEWS: has 0.2.0 and 0.1.0" \
    sh -c 'grep -qx 0.2.0 "$1" && grep -qx 0.1.0 "$1"' - "$T/news"
sort -t. -k1,1nr -k2,2nr -k3,3nr "$T/news" >"$T/news.sorted"
check "NEWS: newest first, each version once" \
    sh -c 'cmp -s "$1" "$2" && [ -z "$(uniq -d "$1")" ]' - \
    "$T/news.sorted" "$T/news"

# The licence, and its header at the top of every source file.
check "LICENSE: the MIT text, with the copyright line" \
    sh -c 'f=$1
        [ "$(sed -n 1p "$f")" = "MIT License" ] &&
        [ "$(sed -n 3p "$f")" = "Copyright (c) 2026 the hooks authors" ] &&
        grep -q "^Permission is hereby granted, free of charge, to any person" "$f" &&
        grep -q "^THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND" "$f"' \
    - "$TOP/LICENSE"
{
    grep -E '\.(c|h|cc|sh|gp|1|bash)$|^Makefile$|^examples/etc/' "$T/dist"
    [ -f "$TOP/.ci/run" ] && echo .ci/run
} >"$T/sources"
check "licence header: at least 40 source files to look at" \
    test "$(wc -l <"$T/sources")" -ge 40
: >"$T/noheader"
while read -r f; do
    head -n 6 "$TOP/$f" >"$T/.head"
    grep -q 'SPDX-License-Identifier: MIT$' "$T/.head" &&
        grep -q 'Copyright (c) 2026 the hooks authors$' "$T/.head" ||
        echo "$f" >>"$T/noheader"
done <"$T/sources"
check "every source file has the SPDX line and the copyright line on top" \
    sh -c '! [ -s "$1" ] || { echo "without:"; cat "$1"; exit 1; }' - \
    "$T/noheader"

# README.md: the set-up commands first, then Install, Versioning, Licence.
check "README.md: Install, Versioning and Licence sections" \
    sh -c 'grep -qx "## Install" "$1" && grep -qx "## Versioning" "$1" &&
           grep -qx "## Licence" "$1"' - "$TOP/README.md"

finish
