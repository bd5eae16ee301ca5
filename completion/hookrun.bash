# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# hookrun.bash -- bash completion for hookrun: its options, the drivers,
# and for each driver the calls the daemon makes (operation, sub-operation,
# extra argument), or the --lifecycle actions; -c completes directories,
# -i files.  make install puts it where bash-completion finds it by the
# command's name, $(datadir)/bash-completion/completions/hookrun; without
# bash-completion, source it from ~/.bashrc.
#
# The calls are hooks.h's table, which hookrun itself checks words against:
# test/t-completion.sh compares these lists with the ones that hookrun's
# usage errors print, so the two cannot drift apart.

# _hookrun_ops DRIVER: the operations the daemon calls DRIVER's hook with.
_hookrun_ops()
{
    case $1 in
    daemon) echo start reload shutdown ;;
    qemu) echo prepare start started stopped release migrate restore \
        reconnect attach ;;
    lxc) echo prepare start started stopped release reconnect ;;
    libxl) echo prepare start started stopped release migrate reconnect ;;
    bhyve) echo prepare start started stopped release ;;
    network) echo start started stopped updated port-created port-deleted ;;
    esac
}

# _hookrun_subop DRIVER OP: the sub-operation that goes with it.
_hookrun_subop()
{
    case $1:$2 in
    daemon:start | daemon:shutdown) echo - ;;
    *:stopped | *:release) echo end ;;
    *) echo begin ;;
    esac
}

# _hookrun_extra DRIVER OP: the extra arguments the daemon sends with it,
# one a line ("from snapshot" is one argument).
_hookrun_extra()
{
    case $1:$2 in
    daemon:reload) echo SIGHUP ;;
    daemon:*) echo "$2" ;;
    qemu:release | lxc:release)
        printf '%s\n' unknown shutdown destroyed crashed migrated saved \
            failed daemon 'from snapshot' - ;;
    *) echo - ;;
    esac
}

# _hookrun_add CUR WORD...: each WORD that starts with CUR (as typed, its
# quotes and backslashes aside), quoted for the command line.
_hookrun_add()
{
    local cur=$1 w bare
    shift
    bare=${cur//\\/}
    bare=${bare//\'/}
    bare=${bare//\"/}
    for w; do
        [[ $w == "$bare"* ]] && COMPREPLY+=("$(printf '%q' "$w")")
    done
    return 0
}

# _hookrun_value OPTION VALUE [PREFIX]: complete the value of an option.
_hookrun_value()
{
    local found w IFS=$'\n'
    case $1 in
    -c | --sysconfdir) found=$(compgen -d -- "$2") ;;
    -i | --input) found=$(compgen -f -- "$2") ;;
    *) return 0 ;;
    esac
    # bash then quotes them and marks directories (not in a test's call)
    compopt -o filenames 2>/dev/null
    for w in $found; do
        COMPREPLY+=("${3-}$w")
    done
    return 0
}

_hookrun()
{
    local -a w=() ops=()
    local k x n glue=0 cur need='' dashdash='' lifecycle='' list='' g head
    local checking=''
    COMPREPLY=()

    # bash splits "--name=VALUE" at '=' (COMP_WORDBREAKS): join it again.
    for ((k = 1; k <= COMP_CWORD; k++)); do
        x=${COMP_WORDS[k]}
        n=${#w[@]}
        if ((glue)); then
            w[n - 1]+=$x
            glue=0
        elif [[ $x == = && $n -gt 0 && ${w[n - 1]} == --?* &&
            ${w[n - 1]} != *=* ]]; then
            w[n - 1]+='='
            glue=1
        else
            w+=("$x")
        fi
    done
    ((${#w[@]})) || w=("")
    cur=${w[${#w[@]} - 1]}

    # The words before: options (and the values they take), operands.
    for ((k = 0; k < ${#w[@]} - 1; k++)); do
        x=${w[k]}
        if [[ -n $need ]]; then
            need=
        elif [[ -z $dashdash && $x == -- ]]; then
            dashdash=1
        elif [[ -z $dashdash && $x == --?* ]]; then
            case $x in
            --lifecycle) lifecycle=1 ;;
            --list) list=1 ;;
            --check) checking=1 ;;
            --sysconfdir | --input | --env | --timeout | --pipe-grace | \
                --max-stderr | --max-stdout) need=$x ;;
            esac
        elif [[ -z $dashdash && $x == -?* ]]; then
            # a group, as getopt() reads it: a value option ends it
            g=${x#-}
            while [[ -n $g ]]; do
                case ${g:0:1} in
                l) list=1 ;;
                c | i | E | t)
                    [[ -z ${g:1} ]] && need=-${g:0:1}
                    break ;;
                esac
                g=${g:1}
            done
        else
            ops+=("$x")
        fi
    done

    if [[ -n $need ]]; then
        _hookrun_value "$need" "$cur"
        return 0
    fi
    if [[ -z $dashdash && $cur == --?*=* ]]; then
        _hookrun_value "${cur%%=*}" "${cur#*=}"
        return 0
    fi
    if [[ -z $dashdash && $cur == -[!-]* ]]; then
        # a value joined to its short option: "-c/etc", "-lc/etc"
        g=${cur#-} head=-
        while [[ -n $g ]]; do
            case ${g:0:1} in
            c | i | E | t)
                [[ -n ${g:1} ]] &&
                    _hookrun_value "-${g:0:1}" "${g:1}" "$head${g:0:1}" &&
                    return 0
                break ;;
            esac
            head+=${g:0:1}
            g=${g:1}
        done
    fi

    if [[ -z $dashdash && $cur == -* ]]; then
        _hookrun_add "$cur" -c --sysconfdir -i --input -o --output \
            -F --filter --any-op -s --skip-leftovers -v --verbose \
            -n --dry-run \
            -E --env --keep-env -t --timeout --pipe-grace --kill-group \
            --fork --max-stderr --max-stdout -l --list --lifecycle \
            --check --strict -h --help -V --version
    fi

    # The operand being typed: DRIVER OBJECT OPERATION SUBOP EXTRA, or
    # with --lifecycle DRIVER OBJECT ACTION, with --check DRIVER alone;
    # none with --list.
    [[ -n $list ]] && return 0
    if [[ -n $checking ]]; then
        ((${#ops[@]} == 0)) &&
            _hookrun_add "$cur" daemon qemu lxc network libxl bhyve
        return 0
    fi
    case ${#ops[@]} in
    0) _hookrun_add "$cur" daemon qemu lxc network libxl bhyve ;;
    1) [[ ${ops[0]} == daemon ]] && _hookrun_add "$cur" - ;;
    2)
        if [[ -n $lifecycle && ${ops[0]} == daemon ]]; then
            _hookrun_add "$cur" start reload shutdown restart
        elif [[ -n $lifecycle ]]; then
            [[ -n $(_hookrun_ops "${ops[0]}") ]] &&
                _hookrun_add "$cur" start stop
        else
            # shellcheck disable=SC2046  # a list of words
            _hookrun_add "$cur" $(_hookrun_ops "${ops[0]}")
        fi ;;
    3 | 4)
        [[ -z $lifecycle ]] || return 0
        [[ " $(_hookrun_ops "${ops[0]}") " == *" ${ops[2]} "* ]] ||
            return 0
        if ((${#ops[@]} == 3)); then
            _hookrun_add "$cur" "$(_hookrun_subop "${ops[0]}" "${ops[2]}")"
        elif [[ ${ops[3]} == "$(_hookrun_subop "${ops[0]}" "${ops[2]}")" ]]
        then
            local IFS=$'\n'
            # shellcheck disable=SC2046  # one extra a line
            _hookrun_add "$cur" $(_hookrun_extra "${ops[0]}" "${ops[2]}")
        fi ;;
    esac
    return 0
}

complete -F _hookrun hookrun
