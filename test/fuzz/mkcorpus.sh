# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# mkcorpus.sh -- write the seed corpora of the fuzz targets (committed in
# test/fuzz/corpus-hookrun and test/fuzz/corpus-lib; run again after
# changing this file).  POSIX sh.
#
#   sh test/fuzz/mkcorpus.sh
set -eu
cd "$(dirname "$0")"
H=corpus-hookrun
L=corpus-lib
rm -rf "$H" "$L"
mkdir "$H" "$L"

# hookrun: the words of a command line, each ended by a NUL byte.
cl() {
    _f=$1
    shift
    : >"$H/$_f"
    for _w in "$@"; do
        printf '%s\000' "$_w" >>"$H/$_f"
    done
}

for d in daemon qemu lxc network libxl bhyve; do
    cl "drv-$d" -c /nonexistent "$d" vm start begin -
done
cl opt-c-sep -c /etc qemu vm start begin -
cl opt-c-joined -c/etc qemu vm start begin -
cl opt-sysconfdir-sep --sysconfdir etc qemu vm start begin -
cl opt-sysconfdir-eq --sysconfdir=../etc qemu vm start begin -
cl opt-i -i domain.xml -o qemu vm prepare begin -
cl opt-input-eq --input=- --output qemu vm migrate begin -
cl opt-F -F -v lxc vm started begin -
cl opt-filter --filter --verbose libxl vm restore begin -
cl opt-s-l -s -l
cl opt-skip-list --skip-leftovers --list -c /x
cl opt-E -E A=1 -EB=2 --env C=3 --env=D= --keep-env qemu vm release end shutdown
cl opt-t -t 1.5 --timeout=0.01 network net updated begin -
cl opt-bounds --pipe-grace -1 --kill-group --max-stderr 0 --max-stdout=1024 \
    qemu vm attach begin -
cl opt-h -h
cl opt-help qemu --help
cl opt-V -V
cl opt-version --version -x
cl opt-dashdash -c /etc -- qemu -vm -start -begin --
cl lc-qemu-start --lifecycle qemu vm start
cl lc-network-stop --lifecycle network net stop
cl lc-daemon-restart --lifecycle daemon - restart
cl lc-daemon-reload --lifecycle -c /etc daemon - reload
cl lc-daemon-bad --lifecycle daemon vm start
cl lc-bad-action --lifecycle bhyve vm reboot
cl bad-unknown -x qemu vm start begin -
cl bad-missing-value qemu vm start begin - -c
cl bad-E-noeq -E NOEQ qemu vm start begin -
cl bad-E-eqfirst -E =v qemu vm start begin -
cl bad-timeout -t 0 qemu vm start begin -
cl bad-bytes --max-stderr -5 qemu vm start begin -
cl bad-few qemu vm start begin
cl bad-many qemu vm start begin - extra
cl bad-driver xen vm start begin -
cl bad-list-ops -l -o
cl bad-list-lc -l --lifecycle
cl bad-empty-sc --sysconfdir= -l
cl bad-daemon-input --lifecycle -i x daemon - start
cl group-vo -vo -c/etc qemu vm start begin -
cl group-lc -slc /etc
cl group-lcdir -lc/etc
cl group-value-rest -oEA=1 -vt0.5 qemu vm stopped end -
cl group-help -vh
cl any-op --any-op qemu vm strat begin -
cl bad-op qemu vm strat begin -
cl bad-subop qemu vm start end -
cl bad-extra daemon - reload begin SIGUSR1
cl bad-reason lxc vm release end rebooted
cl bad-daemon-object daemon vm start - start
cl bad-group -vx qemu -vm start begin -
cl bad-noval --output=1 qemu vm start begin -
printf '' >"$H/empty"

# lib: two flag bytes, five enum bytes (0x80 + 4 bytes: any int), then
# object, op, subop, extra, sysconfdir, env1, env2, each ended by NUL.
#   f0: 1 object NULL, 2 op NULL, 4 subop NULL, 8 extra NULL, 0x10 long
#       object, 0x20 long extra, 0x40 ctx NULL, 0x80 opts NULL
#   f1: 1 the context with empty DRIVER.d/, 2 input_len without input,
#       4 input, 8 filter, 0x10 long sysconfdir, 0x20 capture, 0x40 env1,
#       0x80 sysconfdir NULL
lib() {
    _f=$1
    _bytes=$2
    shift 2
    printf "$_bytes" >"$L/$_f"
    for _w in "$@"; do
        printf '%s\000' "$_w" >>"$L/$_f"
    done
}

# enum order: driver op subop reason ctx-flags
lib daemon-start '\000\000\000\000\000\000\000' - start - start /etc A=1 B=2
lib daemon-reload '\000\001\000\002\001\000\000' - reload begin SIGHUP etc
lib qemu-prepare '\000\000\001\004\001\000\000' vm prepare begin - /
lib qemu-release '\000\001\001\006\002\002\000' vm release end "from snapshot" ..
lib qemu-migrate '\000\004\001\007\001\000\000' vm migrate begin - /x/../y \
    X=1
lib lxc-stopped '\000\001\002\003\002\001\000' vm stopped end - lxc
lib network-port '\000\000\003\013\001\000\000' net port-created begin - \
    /a//b/
lib libxl-restore '\000\000\004\010\001\000\000' vm restore begin - libxl
lib bhyve-attach '\000\000\005\012\001\000\000' vm attach begin - bhyve
lib wrong-subop '\000\000\001\000\002\000\000' vm start end -
lib no-such-op '\000\000\000\004\001\000\000' - prepare begin -
lib drv-negative '\000\000\200\377\377\377\377\000\001\000\000' vm start \
    begin -
lib drv-big '\000\000\200\177\377\377\377\000\001\000\000' vm start begin -
lib op-big '\000\000\001\200\000\000\001\000\001\000\000' vm x y z
lib subop-out '\000\000\001\000\003\000\000' vm start x -
lib null-object '\001\000\001\000\001\000\000' "" start begin -
lib null-all '\017\000\001\000\001\000\000'
lib empty-object '\000\000\001\000\001\000\000' "" start begin -
lib empty-extra '\000\000\001\000\001\000\000' vm start begin ""
lib slash-dotdot '\000\000\001\000\001\000\000' ../.. start/x begin/.. \
    ../../x ../../..
lib long-object '\020\000\001\000\001\000\000' vm/ start begin -
lib long-extra '\040\000\001\006\002\000\000' vm release end reason
lib long-sysconfdir '\000\020\001\000\001\000\000' vm start begin - dir
lib ctx-null '\100\000\001\000\001\000\000' vm start begin -
lib opts-null '\200\000\001\000\001\000\000' vm start begin -
lib input-len-only '\000\002\001\000\001\000\000' vm start begin -
lib input-filter '\000\054\001\000\001\000\000' vm start begin - '<domain/>'
lib env-bad '\000\100\001\000\001\000\000' vm start begin - / =x NOEQ
lib env-ok '\000\101\001\000\001\000\000' vm start begin - / A=b C=
lib sc-longname '\000\000\001\000\001\000\000' vm start begin - \
    "/$(printf '%0300d' 0)/x"
lib sc-longname-missing '\000\000\001\000\001\000\000' vm start begin - \
    "no-such-dir/$(printf '%0300d' 0)"
lib sc-null '\000\200\000\000\000\000\000' - start - start
lib sc-flags '\000\000\001\000\001\000\177' vm start begin - /tmp
lib sc-flags-big '\000\000\001\000\001\000\200\377\377\377\377' vm start \
    begin - /tmp
lib names '\000\000\001\011\002\010\000' daemon release end "from snapshot" \
    migrated
lib timeout-negative '\000\000\001\000\200\370\377\377\377\000\000' vm \
    start begin -
lib sc-flags-fork '\000\000\001\000\001\000\002' vm start begin - /tmp
printf '' >"$L/empty"
