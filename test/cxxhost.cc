/* SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the hooks authors
 *
 * cxxhost.cc -- a C++ host: hooks.h included unchanged, hooks.o built by a
 * C compiler (make check-cxx, CXX=g++ or clang++, -std=c++11 -Werror).  If
 * the header lost its extern "C" guards, this would not link.
 *
 *   cxxhost SYSCONFDIR DOMAIN.xml     (make check-cxx: examples/etc and
 *                                      examples/domain.xml)
 *
 * Prints TAP and "N passed, N failed"; exits 1 if any failed.
 */
#include "hooks.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

namespace {

int run, failed;

void check(bool ok, const std::string &name)
{
    ++run;
    if (!ok)
        ++failed;
    std::printf("%sok %d - %s\n", ok ? "" : "not ", run, name.c_str());
}

std::string str(const char *p, size_t n)
{
    return p ? std::string(p, n) : std::string();
}

bool starts_with(const std::string &s, const std::string &prefix)
{
    return s.compare(0, prefix.size(), prefix) == 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: cxxhost SYSCONFDIR DOMAIN.xml\n");
        return 2;
    }
    std::ifstream in(argv[2], std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    const std::string xml = buf.str();
    check(!xml.empty(), std::string("read ") + argv[2]);

    check(std::strcmp(hooks_version(), HOOKS_VERSION) == 0,
          std::string("hooks_version() ") + hooks_version()
              + " is the header's " + HOOKS_VERSION);
    check(HOOKS_VERSION_NUMBER == ((HOOKS_VERSION_MAJOR << 16)
                                   | (HOOKS_VERSION_MINOR << 8)
                                   | HOOKS_VERSION_PATCH),
          "HOOKS_VERSION_NUMBER is 0xMMmmpp");

    hooks_driver drv = HOOKS_DRIVER_COUNT;
    check(hooks_driver_from_name("qemu", &drv) == 0
              && drv == HOOKS_DRIVER_QEMU
              && std::strcmp(hooks_driver_name(drv), "qemu") == 0,
          "driver names both ways");
    check(hooks_op_subop(HOOKS_DRIVER_QEMU, HOOKS_OP_START)
              == HOOKS_SUBOP_BEGIN,
          "qemu start is paired with begin");

    hooks_ctx *ctx = nullptr;
    check(hooks_ctx_new(argv[1], 0, &ctx) == HOOKS_OK && ctx,
          std::string("hooks_ctx_new(") + argv[1] + ")");
    if (!ctx) {
        std::printf("1..%d\n%d passed, %d failed\n", run, run - failed,
                    failed);
        return 1;
    }
    check(hooks_driver_present(ctx, HOOKS_DRIVER_QEMU) != 0,
          "the qemu hook is present");

    // What a C host writes as "= { 0 }"; in C++, "= {}".
    hooks_opts opts = {};
    opts.input = xml.data();
    opts.input_len = xml.size();
    opts.capture_stdout = 1;
    hooks_result res;
    hooks_status st = hooks_run(ctx, HOOKS_DRIVER_QEMU, "demo",
                                HOOKS_OP_START, HOOKS_SUBOP_BEGIN, nullptr,
                                &opts, &res);
    std::string out = str(res.out, res.out_len);
    check(st == HOOKS_OK && res.status == HOOKS_OK && res.nscripts == 1,
          std::string("qemu demo start begin -: ")
              + hooks_status_name(st));
    check(starts_with(out, "qemu hook: demo start begin - ("),
          "the hook's stdout: " + out.substr(0, out.find('\n')));
    hooks_result_free(&res);

    static const char frozen[] = "<domain><name>demo</name><frozen/></domain>";
    opts.input = frozen;
    opts.input_len = sizeof(frozen) - 1;
    st = hooks_run(ctx, HOOKS_DRIVER_QEMU, "demo", HOOKS_OP_START,
                   HOOKS_SUBOP_BEGIN, nullptr, &opts, &res);
    std::string message = res.message ? res.message : "";
    check(st == HOOKS_EXITED && res.code == 1,
          std::string("a frozen domain is refused: ") + hooks_status_name(st));
    check(message.find("domain demo is frozen") != std::string::npos,
          "with the hook's stderr in the message");
    hooks_result_free(&res);

    check(hooks_run(ctx, HOOKS_DRIVER_QEMU, "demo", HOOKS_OP_RELOAD,
                    HOOKS_SUBOP_BEGIN, nullptr, nullptr, nullptr)
              == HOOKS_INVALID,
          "a call the daemon never makes is refused");
    hooks_ctx_free(ctx);

    std::printf("1..%d\n%d passed, %d failed\n", run, run - failed, failed);
    return failed ? 1 : 0;
}
