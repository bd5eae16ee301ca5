/* SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the hooks authors
 *
 * embed.c -- a host that starts a QEMU domain the way the daemon does:
 * run "qemu NAME start begin -" with the domain XML on stdin, abort on
 * failure, and run "qemu NAME stopped end -" when the domain has ended.
 *
 *   cc -std=c99 -D_POSIX_C_SOURCE=200809L -I. examples/embed.c hooks.c \
 *      -pthread -o embed
 *   ./embed examples/etc demo examples/domain.xml
 */
#include "hooks.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    static char xml[1 << 16];
    hooks_opts opts = { 0 };
    hooks_result res;
    hooks_ctx *ctx;
    FILE *f;

    if (argc != 4 || !(f = fopen(argv[3], "rb"))) {
        fprintf(stderr, "usage: embed SYSCONFDIR NAME DOMAIN.xml\n");
        return 2;
    }
    opts.input = xml;
    opts.input_len = fread(xml, 1, sizeof(xml), f);
    fclose(f);

    /* Scan once, as the daemon does at start-up. */
    if (hooks_ctx_new(argv[1], 0, &ctx) != HOOKS_OK)
        return 3;
    if (hooks_script_warning(ctx, HOOKS_DRIVER_QEMU))
        fprintf(stderr, "warning: %s: %s\n",
                hooks_script_path(ctx, HOOKS_DRIVER_QEMU),
                hooks_script_warning(ctx, HOOKS_DRIVER_QEMU));

    /* A failing start hook aborts the start; its stderr is the error. */
    if (hooks_run(ctx, HOOKS_DRIVER_QEMU, argv[2], HOOKS_OP_START,
                  HOOKS_SUBOP_BEGIN, NULL, &opts, &res) > HOOKS_NO_HOOK) {
        fprintf(stderr, "cannot start %s: %s\n", argv[2], res.message);
        hooks_result_free(&res);
        hooks_ctx_free(ctx);
        return 1;
    }
    hooks_result_free(&res);
    printf("domain %s started\n", argv[2]);

    /* ... the domain runs, then ends.  A failing stopped hook changes
     * nothing: the status is ignored, as the daemon ignores it. */
    (void)hooks_run(ctx, HOOKS_DRIVER_QEMU, argv[2], HOOKS_OP_STOPPED,
                    HOOKS_SUBOP_END, NULL, &opts, NULL);
    printf("domain %s stopped\n", argv[2]);
    hooks_ctx_free(ctx);
    return 0;
}
