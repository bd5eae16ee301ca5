# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# hookrun --lifecycle: the daemon's sequences of calls for one object.
. "$(dirname "$0")/lib.sh"

W=$(newdir)
XML=$FIXTURES/qemu-prepare.xml

# recorder SC DRIVER [FAIL-OP]: a hook that logs "$@" to $W/log and its
# stdin's size, and fails (with stderr) on FAIL-OP.
recorder() {
    script "$1" "$2" "echo \"\$*\" >>'$W/log'
case \$2 in ${3:-none}) echo \"\$2 refused\" >&2; exit 1;; esac
cat >'$W/in.last'"
}

# lifecycle TITLE EXPECTED-STATUS LINES... -- ARGS...: run it, compare the
# lines hookrun prints with LINES, and the calls the hook saw.
lifecycle() {
    title=$1 want=$2
    shift 2
    want_lines "$@"
    shift $used
    rm -f "$W/log"
    hookrun_in "$W" "$@"
    check "$title: exit status $want" is "$rc" "$want"
    check "$title: one line per call, in order" same "$T/exp" "$T/out"
    sed 's/^[a-z]* //; s/: .*//' "$T/exp" >"$T/calls"
    check "$title: the hook saw exactly those calls" same "$T/calls" "$W/log"
}

SC=$(newsc)
recorder "$SC" qemu
lifecycle "qemu start" 0 \
    "qemu vm prepare begin -: ok" "qemu vm start begin -: ok" \
    "qemu vm started begin -: ok" -- \
    -c "$SC" --lifecycle qemu vm start -i "$XML"
check "qemu start: every call got the domain XML" same "$XML" "$W/in.last"
lifecycle "qemu stop" 0 \
    "qemu vm stopped end -: ok" "qemu vm release end shutdown: ok" -- \
    -c "$SC" -i "$XML" --lifecycle qemu vm stop

recorder "$SC" qemu prepare
lifecycle "qemu start, prepare fails" 1 \
    "qemu vm prepare begin -: exit status 1" \
    "qemu vm stopped end -: ok" "qemu vm release end failed: ok" -- \
    -c "$SC" --lifecycle qemu vm start -i "$XML"
check "qemu start, prepare fails: its stderr is reported" contains "$T/err" \
    "hookrun: hook $SC/libvirt/hooks/qemu vm prepare begin -: exit status 1: prepare refused"

recorder "$SC" qemu start
lifecycle "qemu start, start fails" 1 \
    "qemu vm prepare begin -: ok" "qemu vm start begin -: exit status 1" \
    "qemu vm stopped end -: ok" "qemu vm release end failed: ok" -- \
    -c "$SC" --lifecycle qemu vm start -i "$XML"

recorder "$SC" qemu started
lifecycle "qemu start, started fails" 1 \
    "qemu vm prepare begin -: ok" "qemu vm start begin -: ok" \
    "qemu vm started begin -: exit status 1" \
    "qemu vm stopped end -: ok" "qemu vm release end failed: ok" -- \
    -c "$SC" --lifecycle qemu vm start -i "$XML"

recorder "$SC" qemu stopped
lifecycle "qemu stop, stopped fails: release still runs" 1 \
    "qemu vm stopped end -: exit status 1 (ignored by the daemon)" \
    "qemu vm release end shutdown: ok" -- \
    -c "$SC" --lifecycle qemu vm stop -i "$XML"

recorder "$SC" libxl
lifecycle "libxl stop: release's extra is -" 0 \
    "libxl vm stopped end -: ok" "libxl vm release end -: ok" -- \
    -c "$SC" --lifecycle libxl vm stop
recorder "$SC" lxc
lifecycle "lxc start" 0 \
    "lxc ct prepare begin -: ok" "lxc ct start begin -: ok" \
    "lxc ct started begin -: ok" -- \
    -c "$SC" --lifecycle lxc ct start
recorder "$SC" bhyve start
lifecycle "bhyve start, start fails" 1 \
    "bhyve vm prepare begin -: ok" "bhyve vm start begin -: exit status 1" \
    "bhyve vm stopped end -: ok" "bhyve vm release end -: ok" -- \
    -c "$SC" --lifecycle bhyve vm start

recorder "$SC" network
NET=$FIXTURES/network-start.xml
lifecycle "network start" 0 \
    "network net1 start begin -: ok" "network net1 started begin -: ok" -- \
    -c "$SC" --lifecycle network net1 start -i "$NET"
recorder "$SC" network start
lifecycle "network start, start fails" 1 \
    "network net1 start begin -: exit status 1" \
    "network net1 stopped end -: ok" -- \
    -c "$SC" --lifecycle network net1 start -i "$NET"
lifecycle "network stop" 0 "network net1 stopped end -: ok" -- \
    -c "$SC" --lifecycle network net1 stop -i "$NET"

recorder "$SC" daemon
lifecycle "daemon start" 0 "daemon - start - start: ok" -- \
    -c "$SC" --lifecycle daemon - start
lifecycle "daemon reload" 0 "daemon - reload begin SIGHUP: ok" -- \
    -c "$SC" --lifecycle daemon - reload
lifecycle "daemon shutdown" 0 "daemon - shutdown - shutdown: ok" -- \
    -c "$SC" --lifecycle daemon - shutdown
lifecycle "daemon restart" 0 "daemon - shutdown - shutdown: ok" \
    "daemon - start - start: ok" -- -c "$SC" --lifecycle daemon - restart

SC2=$(newsc)
hookrun_in "$W" -c "$SC2" --lifecycle qemu vm start
check "no hooks at all: lifecycle succeeds" is "$rc" 0
printf '%s\n' "qemu vm prepare begin -: no hook" "qemu vm start begin -: no hook" \
    "qemu vm started begin -: no hook" >"$T/exp"
check "no hooks at all: each call says so" same "$T/exp" "$T/out"

for bad in "qemu vm reboot" "daemon - stop" "daemon vm start" "qemu vm"; do
    # shellcheck disable=SC2086
    hookrun_in "$W" -c "$SC" --lifecycle $bad
    check "--lifecycle $bad: usage error" is "$rc" 2
done
hookrun_in "$W" -c "$SC" --lifecycle daemon - start -i "$XML"
check "--lifecycle daemon with -i: usage error" is "$rc" 2

finish
