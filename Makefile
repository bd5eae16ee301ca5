# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# hooks -- one plain Makefile (GNU make: gmake on the BSDs).
#   make                     hookrun and libhooks.a
#   make check               the whole test suite (TEST_SHELL=sh)
#   make install             hookrun, hooks.h, libhooks.a, hooks.pc,
#                            hookrun.1 and hookrun's bash completion under
#                            DESTDIR + PREFIX (/usr/local)
#   make dist, distcheck     hooks-VERSION.tar.gz, and proof that it builds,
#                            passes make check, installs and uninstalls
#   make check-vendor        hooks.c alone under vendors' flag sets
#   make check-headers       every C file against the system headers of
#                            FreeBSD, OpenBSD, NetBSD and macOS (clang;
#                            SYSROOTS=DIR, default ../shared/sysroots)
#   make check-cxx           a C++ host against hooks.o (CXX=g++, clang++)
#   make check-man           mandoc -Tlint on hookrun.1
#   make check-install       install, build a host through pkg-config, run
#                            it, uninstall
#   make check-build         CC/CFLAGS/... from the environment, rebuilds
#                            on a changed setting, clean, make bench
#   make check-cross         the suite on aarch64, armhf, s390x (qemu-user)
#                            and i686, built with Debian's cross compilers
#   make bench               the benchmark: a table of ratios and a chart
#   make bench-keep          that run's table and chart into README.md
#   make SYSCONFDIR=/usr/local/etc   change the default hook directory
#   make WITH_LIBXML2=1      check filter output with libxml2
#   make PORTABLE=1          POSIX.1-2008 calls only: no Linux fast path
# Changing CC, CFLAGS, CPPFLAGS, LDFLAGS, SYSCONFDIR, WITH_LIBXML2 or
# PORTABLE rebuilds everything.  B=DIR builds into DIR (the sources stay
# here), so several builds coexist; make B=DIR clean removes what it made.

# The version, read from hooks.h, its only source.
VERSION := $(shell awk '$$2 ~ /^HOOKS_VERSION_(MAJOR|MINOR|PATCH)$$/ \
               { v = v s $$3; s = "." } END { print v }' hooks.h)

# The user's and the packager's: taken from the environment or the command
# line (CC and AR default to make's cc and ar).  The flags the project needs
# are in variables of their own, so that no CFLAGS drops them.
CFLAGS     ?= -O2 -g
CPPFLAGS   ?=
LDFLAGS    ?=
ARFLAGS     = rcs
PKG_CONFIG ?= pkg-config
SYSCONFDIR  = /etc
WITH_LIBXML2 =
PORTABLE    =
B           = .
TEST_SHELL  = sh

HOOKS_CFLAGS = -std=c99 -pedantic -Wall -Wextra
PORTABLE_CPPFLAGS_1 = -DHOOKS_PORTABLE
BASE_CPPFLAGS = -D_POSIX_C_SOURCE=200809L $(PORTABLE_CPPFLAGS_$(PORTABLE))
LIBS          = -pthread
ASAN_CFLAGS   = -std=c99 -pedantic -Wall -Wextra -O1 -g -fno-omit-frame-pointer \
                -fsanitize=address,undefined,float-cast-overflow \
                -fno-sanitize-recover=all

# WITH_LIBXML2=1 selects the _1 variants.
XML_CPPFLAGS_1 = -DHOOKS_WITH_LIBXML2 `$(PKG_CONFIG) --cflags libxml-2.0`
XML_LIBS_1     = `$(PKG_CONFIG) --libs libxml-2.0`
XML_CPPFLAGS   = $(XML_CPPFLAGS_$(WITH_LIBXML2))
XML_LIBS       = $(XML_LIBS_$(WITH_LIBXML2))

COMPILE = $(CC) $(BASE_CPPFLAGS) $(CPPFLAGS) $(HOOKS_CFLAGS) $(CFLAGS)
LINK    = $(CC) $(HOOKS_CFLAGS) $(CFLAGS) $(LDFLAGS)
HELPERS = $(B)/test/hookprobe $(B)/test/tlimit $(B)/test/apitest \
          $(B)/test/hookcat $(B)/test/preload.so \
          $(B)/examples/embed $(B)/examples/hostd

all: $(B)/hookrun $(B)/libhooks.a

# What is compiled in.  The file is rewritten only when a setting changes,
# and everything built depends on it: make SYSCONFDIR=/opt/etc after make
# rebuilds instead of keeping /etc.
SETTINGS = $(B)/build-settings
$(SETTINGS): FORCE
	@mkdir -p $(B)
	@printf '%s\n' 'CC=$(CC)' 'CFLAGS=$(CFLAGS)' 'CPPFLAGS=$(CPPFLAGS)' \
	    'LDFLAGS=$(LDFLAGS)' 'SYSCONFDIR=$(SYSCONFDIR)' \
	    'WITH_LIBXML2=$(WITH_LIBXML2)' 'PORTABLE=$(PORTABLE)' \
	    'HOOKS_CPPFLAGS=$(HOOKS_CPPFLAGS)' >$@.new; \
	if cmp -s $@.new $@; then rm -f $@.new; else mv -f $@.new $@; fi

# HOOKS_CPPFLAGS: for hooks.c alone (make coverage sets it).
HOOKS_CPPFLAGS =
$(B)/hooks.o: hooks.c hooks.h $(SETTINGS)
	$(COMPILE) -DHOOKS_SYSCONFDIR='"$(SYSCONFDIR)"' $(XML_CPPFLAGS) \
	    $(HOOKS_CPPFLAGS) -c hooks.c -o $@

$(B)/hookrun.o: hookrun.c hooks.h $(SETTINGS)
	$(COMPILE) -c hookrun.c -o $@

$(B)/hookrun: $(B)/hookrun.o $(B)/hooks.o
	$(LINK) -o $@ $(B)/hookrun.o $(B)/hooks.o $(XML_LIBS) $(LIBS)

$(B)/libhooks.a: $(B)/hooks.o
	rm -f $@
	$(AR) $(ARFLAGS) $@ $(B)/hooks.o

# The API tests count hooks.c's allocations: its malloc family is renamed
# to counting wrappers that test/apitest.c defines.
$(B)/test/hooks-counted.o: hooks.c hooks.h $(SETTINGS)
	@mkdir -p $(B)/test
	$(COMPILE) -DHOOKS_SYSCONFDIR='"$(SYSCONFDIR)"' $(XML_CPPFLAGS) \
	    $(HOOKS_CPPFLAGS) -Dmalloc=count_malloc \
	    -Dcalloc=count_calloc -Drealloc=count_realloc -Dfree=count_free \
	    -c hooks.c -o $@

$(B)/test/apitest: test/apitest.c test/nosyscall.h hooks.h $(B)/test/hooks-counted.o
	$(COMPILE) -I. $(LDFLAGS) -o $@ test/apitest.c $(B)/test/hooks-counted.o $(XML_LIBS) $(LIBS)

$(B)/test/hookprobe: test/hookprobe.c $(SETTINGS)
	@mkdir -p $(B)/test
	$(COMPILE) $(LDFLAGS) -o $@ test/hookprobe.c

$(B)/test/hookcat: test/hookcat.c $(SETTINGS)
	@mkdir -p $(B)/test
	$(COMPILE) $(LDFLAGS) -o $@ test/hookcat.c

# Preloaded by t-child into hookrun: not built with CFLAGS, which may
# name a sanitizer whose runtime only a program may carry.
$(B)/test/preload.so: test/preload.c $(SETTINGS)
	@mkdir -p $(B)/test
	$(CC) -std=c99 -O2 -fPIC -shared -o $@ test/preload.c -ldl

$(B)/test/tlimit: test/tlimit.c $(SETTINGS)
	@mkdir -p $(B)/test
	$(COMPILE) $(LDFLAGS) -o $@ test/tlimit.c

$(B)/examples/embed: examples/embed.c hooks.h $(B)/hooks.o
	@mkdir -p $(B)/examples
	$(COMPILE) -I. $(LDFLAGS) -o $@ examples/embed.c $(B)/hooks.o $(XML_LIBS) $(LIBS)

$(B)/examples/hostd: examples/hostd.c hooks.h $(B)/hooks.o
	@mkdir -p $(B)/examples
	$(COMPILE) -I. $(LDFLAGS) -o $@ examples/hostd.c $(B)/hooks.o $(XML_LIBS) $(LIBS)

check: all $(HELPERS)
	HOOKRUN=$(B)/hookrun TESTBIN=$(B)/test EMBED=$(B)/examples/embed \
	    HOSTD=$(B)/examples/hostd \
	    SYSCONFDIR='$(SYSCONFDIR)' WITH_LIBXML2='$(WITH_LIBXML2)' \
	    PORTABLE='$(PORTABLE)' \
	    TEST_SHELL='$(TEST_SHELL)' $(TEST_SHELL) test/run.sh

# The long tests at full size (8 threads x 500 calls, 500 calls of 1 MiB
# under a 1 kHz timer); make check runs them smaller.
check-stress: all $(HELPERS)
	STRESS=1 HOOKRUN=$(B)/hookrun TESTBIN=$(B)/test \
	    PORTABLE='$(PORTABLE)' TEST_SHELL='$(TEST_SHELL)' \
	    $(TEST_SHELL) test/run.sh test/t-api.sh

# hooks.c alone, as vendors build it: their compiler, their feature macros
# (or none), stricter warnings, among them the set of a strict daemon that
# defines _GNU_SOURCE (-Wswitch-enum -Wlogical-op -Wredundant-decls ...;
# -Wlogical-op where the compiler has it: gcc).  Any warning fails.
VENDOR_WARN = -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion \
              -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
              -Wswitch-enum -Wredundant-decls -Werror
# The feature macros vendors build with, besides none (check-headers too).
VENDOR_DEFS = -D_POSIX_C_SOURCE=200809L -D_GNU_SOURCE -D_DEFAULT_SOURCE \
              -D_XOPEN_SOURCE=700
check-vendor:
	@warn='$(VENDOR_WARN)'; n=0; failed=0; \
	if $(CC) -Wlogical-op -Werror -x c -c /dev/null -o /dev/null 2>/dev/null; \
	then warn="$$warn -Wlogical-op"; fi; \
	echo "# $(CC) $$warn"; \
	for std in c99 c11 gnu11; do \
	  for def in "" $(VENDOR_DEFS); do \
	    for path in "" -DHOOKS_PORTABLE; do \
	      n=`expr $$n + 1`; \
	      if out=`$(CC) -std=$$std $$def $$path $$warn -c hooks.c \
	              -o /dev/null 2>&1`; then \
	        echo "ok $$n - $(CC) -std=$$std $$def $$path"; \
	      else \
	        failed=`expr $$failed + 1`; \
	        echo "not ok $$n - $(CC) -std=$$std $$def $$path"; \
	        printf '%s\n' "$$out" | sed 's/^/#   /'; \
	      fi; \
	    done; \
	  done; \
	done; \
	echo "1..$$n"; echo "`expr $$n - $$failed` passed, $$failed failed"; \
	[ $$failed -eq 0 ]

# Other systems, compiled only: clang -fsyntax-only -Werror (C99,
# -pedantic -Wall -Wextra) against the system headers of FreeBSD 12.1,
# OpenBSD 7.8, NetBSD 11 and macOS 13 (x86_64 and arm64) in SYSROOTS, of
# hooks.c with no feature macro and each of VENDOR_DEFS on both paths,
# hookrun.c, every program of test/, examples/ and bench/, and hooks.h as
# C++.  The trees' stored links are resolved once into
# $(B)/headers-sysroots.  No SYSROOTS directory: the check fails.
SYSROOTS   ?= ../shared/sysroots
HEADERS_CC  = clang
HEADERS_CXX = clang++
check-headers:
	SYSROOTS='$(SYSROOTS)' B='$(B)' CLANG='$(HEADERS_CC)' \
	    CLANGXX='$(HEADERS_CXX)' VENDOR_DEFS='$(VENDOR_DEFS)' \
	    sh test/headers.sh

# A C++ host: hooks.h included unchanged, hooks.o built as C.  Compiled
# each time, so that CXX=g++ and CXX=clang++ both really run.
CXX_CHECK_FLAGS = -std=c++11 -pedantic -Wall -Wextra -Werror
check-cxx: $(B)/hooks.o
	@mkdir -p $(B)/test
	$(CXX) $(CXX_CHECK_FLAGS) -I. $(LDFLAGS) -o $(B)/test/cxxhost \
	    test/cxxhost.cc $(B)/hooks.o $(XML_LIBS) $(LIBS)
	$(B)/test/cxxhost examples/etc examples/domain.xml

# The manual page: mandoc -Tlint must have nothing to say.
MANDOC = mandoc
check-man:
	@if out=`$(MANDOC) -Tlint hookrun.1 2>&1` && [ -z "$$out" ]; then \
	    echo "ok 1 - $(MANDOC) -Tlint hookrun.1: no message"; \
	    echo "1..1"; echo "1 passed, 0 failed"; \
	else \
	    echo "not ok 1 - $(MANDOC) -Tlint hookrun.1"; \
	    printf '%s\n' "$$out" | sed 's/^/#   /'; \
	    echo "1..1"; echo "0 passed, 1 failed"; exit 1; \
	fi

# Install into a temporary DESTDIR, build examples/embed.c through
# pkg-config against the installed copy, run it, uninstall.
check-install:
	MAKE='$(MAKE)' CC='$(CC)' PKG_CONFIG='$(PKG_CONFIG)' \
	    WITH_LIBXML2='$(WITH_LIBXML2)' sh test/run.sh test/install.sh

# The Makefile's habits: flags from the environment, rebuilds when a
# compiled-in setting changes, B=DIR clean, make bench leaving the tree
# alone.
check-build:
	MAKE='$(MAKE)' sh test/run.sh test/build.sh

# The whole suite on other architectures, one after another: aarch64
# (default and portable paths), armhf (portable), s390x (default) under
# qemu-user, i686 (both) natively; each built with Debian's cross compiler
# into $(B)/build-cross-TARGET.  The hooks the suite runs are this build's
# (test/cross.sh says how).  test/cross-artefacts lists the tests that
# fail for the emulator's reasons.  CROSS_TARGETS: some of them only.
CROSS_TARGETS =
check-cross: helpers
	MAKE='$(MAKE)' CC='$(CC)' TEST_SHELL='$(TEST_SHELL)' \
	    sh test/cross.sh $(B) $(CROSS_TARGETS)

# ---- fuzzing ----------------------------------------------------------
# libFuzzer (clang and its compiler-rt: Debian's clang and libclang-rt-dev).
# test/fuzz/ holds the targets and their seed corpora.
#   make fuzz            build $(B)/test/fuzz-hookrun and $(B)/test/fuzz-lib
#   make check-fuzz      run each for FUZZ_SECONDS / 2 on a copy of its
#                        corpus; a crash, leak or sanitizer report fails
FUZZ_CC      = clang
FUZZ_SECONDS = 60
FUZZ_CFLAGS  = -std=c99 -pedantic -Wall -Wextra -O1 -g -fno-omit-frame-pointer \
               -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZERS      = $(B)/test/fuzz-hookrun $(B)/test/fuzz-lib
FUZZ_COMPILE = $(FUZZ_CC) $(BASE_CPPFLAGS) $(CPPFLAGS) $(FUZZ_CFLAGS)

fuzz: $(FUZZERS)

$(B)/test/fuzz-hooks.o: hooks.c hooks.h $(SETTINGS)
	@mkdir -p $(B)/test
	$(FUZZ_COMPILE) -DHOOKS_SYSCONFDIR='"$(SYSCONFDIR)"' $(XML_CPPFLAGS) \
	    -c hooks.c -o $@

$(B)/test/fuzz-hookrun: test/fuzz/fuzz-hookrun.c hookrun.c hooks.h \
                        $(B)/test/fuzz-hooks.o
	$(FUZZ_COMPILE) -o $@ test/fuzz/fuzz-hookrun.c $(B)/test/fuzz-hooks.o \
	    $(XML_LIBS) $(LIBS)

$(B)/test/fuzz-lib: test/fuzz/fuzz-lib.c hooks.h $(B)/test/fuzz-hooks.o
	$(FUZZ_COMPILE) -I. -o $@ test/fuzz/fuzz-lib.c $(B)/test/fuzz-hooks.o \
	    $(XML_LIBS) $(LIBS)

# One TAP line per target, then "N passed, N failed".  New inputs go to a
# temporary copy of the corpus; a crashing input is kept as
# $(B)/test/fuzz-TARGET-crash-* (or leak-*, timeout-*, ...).
check-fuzz: $(FUZZERS)
	@t=`mktemp -d "$${TMPDIR:-/tmp}/hooks-fuzz.XXXXXX"` || exit 1; \
	trap 'rm -rf "$$t"' EXIT; \
	secs=`expr $(FUZZ_SECONDS) / 2`; [ "$$secs" -gt 0 ] || secs=1; \
	n=0; passed=0; failed=0; \
	for f in hookrun lib; do \
	  n=`expr $$n + 1`; \
	  mkdir "$$t/$$f" && cp test/fuzz/corpus-$$f/* "$$t/$$f/" || exit 1; \
	  if TMPDIR="$$t" $(B)/test/fuzz-$$f -max_total_time=$$secs \
	       -timeout=10 -print_final_stats=1 \
	       -artifact_prefix="$(B)/test/fuzz-$$f-" "$$t/$$f" \
	       >"$$t/$$f.log" 2>&1; then \
	    passed=`expr $$passed + 1`; \
	    s=`sed -n 's/^#\([0-9]*\).*DONE *\(cov: [0-9]*\) \(ft: [0-9]*\) \(corp: [^ ]*\).*\(exec\/s: [0-9]*\).*/\1 runs, \2, \3, \4, \5/p' \
	      "$$t/$$f.log"`; \
	    echo "ok $$n - fuzz-$$f ($$secs s): $$s"; \
	  else \
	    failed=`expr $$failed + 1`; \
	    echo "not ok $$n - fuzz-$$f"; \
	    tail -n 60 "$$t/$$f.log" | sed 's/^/#   /'; \
	  fi; \
	done; \
	echo "1..$$n"; \
	echo "$$passed passed, $$failed failed"; \
	[ "$$failed" -eq 0 ]

# ---- the benchmark ----------------------------------------------------
# bench/bench.c measures each figure against a plain POSIX baseline in the
# same run and prints the table, also kept in $(BENCH_OUT)/results.txt with
# the data for the chart; with gnuplot installed, bench/chart.gp draws
# $(BENCH_OUT)/chart.png.  Nothing tracked is written: the table and chart
# in bench/ are the README's, copied there by hand from a run.  The two
# helpers are static, so that starting them costs no dynamic linking.
# BENCH_ONLY='trivial stdin' runs only those figures (bench/bench.c).
# The peers (bench/peers.h): GLib's and libuv's are built in where
# pkg-config finds gio-2.0 and libuv (Debian: libglib2.0-dev, libuv1-dev),
# else their rows say "skipped"; BENCH_PEERS=none leaves them out anyway
# (a compiler whose C library is not the one they were built for: musl).
# $(BENCH_STAMP) holds what was found, so that installing them rebuilds.
BENCH     = $(B)/bench/bench $(B)/bench/true $(B)/bench/hook
BENCH_OUT = $(B)/bench/out
BENCH_ONLY =
BENCH_PEERS = auto
BENCH_OBJS = $(B)/bench/peers.o $(B)/bench/peer-glib.o $(B)/bench/peer-uv.o
BENCH_STAMP = $(B)/bench/peer-settings
BENCH_FIND_auto = $(shell $(PKG_CONFIG) --exists $(1) 2>/dev/null && \
                    echo $(2) && $(PKG_CONFIG) $(3) $(1))
BENCH_FIND = $(call BENCH_FIND_$(BENCH_PEERS),$(1),$(2),$(3))
BENCH_GLIB_CFLAGS = $(call BENCH_FIND,gio-2.0,-DBENCH_WITH_GLIB,--cflags)
BENCH_UV_CFLAGS   = $(call BENCH_FIND,libuv,-DBENCH_WITH_UV,--cflags)
BENCH_PEER_LIBS   = $(call BENCH_FIND,gio-2.0,,--libs) \
                    $(call BENCH_FIND,libuv,,--libs)

$(BENCH_STAMP): FORCE
	@mkdir -p $(B)/bench
	@printf '%s\n' 'GLIB=$(BENCH_GLIB_CFLAGS)' 'UV=$(BENCH_UV_CFLAGS)' \
	    'LIBS=$(BENCH_PEER_LIBS)' >$@.new; \
	if cmp -s $@.new $@; then rm -f $@.new; else mv -f $@.new $@; fi

$(B)/bench/bench: bench/bench.c bench/peers.h test/nosyscall.h hooks.h \
                  $(B)/hooks.o $(BENCH_OBJS)
	@mkdir -p $(B)/bench
	$(COMPILE) -I. $(LDFLAGS) -o $@ bench/bench.c $(BENCH_OBJS) \
	    $(B)/hooks.o $(BENCH_PEER_LIBS) $(XML_LIBS) $(LIBS)

$(B)/bench/peers.o: bench/peers.c bench/peers.h $(SETTINGS)
	@mkdir -p $(B)/bench
	$(COMPILE) -c bench/peers.c -o $@

$(B)/bench/peer-glib.o: bench/peer-glib.c bench/peers.h $(SETTINGS) \
                        $(BENCH_STAMP)
	@mkdir -p $(B)/bench
	$(COMPILE) $(BENCH_GLIB_CFLAGS) -c bench/peer-glib.c -o $@

$(B)/bench/peer-uv.o: bench/peer-uv.c bench/peers.h $(SETTINGS) \
                      $(BENCH_STAMP)
	@mkdir -p $(B)/bench
	$(COMPILE) $(BENCH_UV_CFLAGS) -c bench/peer-uv.c -o $@

$(B)/bench/true: bench/true.c $(SETTINGS)
	@mkdir -p $(B)/bench
	$(COMPILE) -static $(LDFLAGS) -o $@ bench/true.c

$(B)/bench/hook: bench/hook.c $(SETTINGS)
	@mkdir -p $(B)/bench
	$(COMPILE) -static $(LDFLAGS) -o $@ bench/hook.c

bench-build: $(B)/hookrun $(BENCH)

bench: bench-build
	@mkdir -p $(BENCH_OUT)
	@HOOKS_BENCH_ONLY='$(BENCH_ONLY)' $(B)/bench/bench $(B)/bench $(B)/hookrun \
	    $(BENCH_OUT)/results.dat >$(BENCH_OUT)/results.txt; s=$$?; \
	cat $(BENCH_OUT)/results.txt; \
	if [ $$s -eq 2 ]; then \
	    :; \
	elif command -v gnuplot >/dev/null 2>&1; then \
	    gnuplot -e "data='$(BENCH_OUT)/results.dat'; out='$(BENCH_OUT)/chart.png'" \
	        bench/chart.gp && echo "chart: $(BENCH_OUT)/chart.png"; \
	else \
	    echo "no chart: gnuplot is not installed"; \
	fi; \
	exit $$s

# After a full make bench on a quiet machine: its table and chart become
# the README's (bench/keep.sh).  The only target that writes tracked files.
bench-keep:
	sh bench/keep.sh $(BENCH_OUT)/results.txt $(BENCH_OUT)/chart.png

# ---- analysis and sanitizers -------------------------------------------
# Static analysis: gcc -fanalyzer, clang --analyze and cppcheck on every C
# file; any finding fails.  gcc's analyzer runs at -O0: at -O2 gcc 12
# analyses the split-off parts of inlined functions (".part.0") and then
# reports paths that cannot happen (see spec-notes.md).
ANALYZE_SRC = hooks.c hookrun.c test/apitest.c test/hookprobe.c \
              test/tlimit.c test/hookcat.c examples/embed.c examples/hostd.c \
              bench/bench.c bench/hook.c bench/true.c bench/peers.c \
              bench/peer-glib.c bench/peer-uv.c
analyze:
	@n=0; failed=0; \
	for tool in gcc clang cppcheck; do \
	  n=`expr $$n + 1`; \
	  case $$tool in \
	  gcc) cmd='for f in $(ANALYZE_SRC); do gcc -std=c99 $(BASE_CPPFLAGS) -I. -O0 -fanalyzer -Wall -Wextra -c $$f -o /dev/null || exit 1; done' ;; \
	  clang) cmd='for f in $(ANALYZE_SRC); do clang --analyze -std=c99 $(BASE_CPPFLAGS) -I. $$f -o /dev/null || exit 1; done' ;; \
	  cppcheck) cmd='cppcheck -q --enable=warning,portability --inline-suppr --std=c99 --error-exitcode=1 $(BASE_CPPFLAGS) -I. $(ANALYZE_SRC)' ;; \
	  esac; \
	  if out=`sh -c "$$cmd" 2>&1` && ! printf '%s\n' "$$out" | grep -q 'warning\|error'; then \
	    echo "ok $$n - $$tool: no finding"; \
	  else \
	    failed=`expr $$failed + 1`; echo "not ok $$n - $$tool"; \
	    printf '%s\n' "$$out" | sed 's/^/#   /'; \
	  fi; \
	done; \
	echo "1..$$n"; echo "`expr $$n - $$failed` passed, $$failed failed"; \
	[ $$failed -eq 0 ]

# The sub-builds below live in $(B)/build-*, and make clean removes them.
check-asan:
	UNDER_ASAN=1 $(MAKE) B=$(B)/build-asan CFLAGS='$(ASAN_CFLAGS)' \
	    LDFLAGS='$(ASAN_CFLAGS)' check

# Line coverage of hooks.c by the suite (gcov), in the libxml2 build so
# that its code counts too, on the default and the portable paths (the
# fallbacks of the fast paths count that way): builds into
# $(B)/build-cov and $(B)/build-cov-portable, runs make check in each,
# lists the lines never run, and fails under COVERAGE_MIN percent.
COVERAGE_MIN = 95
COV_FLAGS = WITH_LIBXML2=1 LDFLAGS=--coverage \
    CFLAGS='-std=c99 -pedantic -Wall -Wextra -Werror -O0 -g --coverage' \
    HOOKS_CPPFLAGS='-include test/gcov-dump.h'
coverage:
	for d in $(B)/build-cov $(B)/build-cov-portable; do \
	    rm -f $$d/*.gcda $$d/test/*.gcda $$d/examples/*.gcda; \
	done
	$(MAKE) B=$(B)/build-cov $(COV_FLAGS) check
	$(MAKE) B=$(B)/build-cov-portable PORTABLE=1 $(COV_FLAGS) check
	sh test/coverage.sh $(COVERAGE_MIN) $(B)/build-cov \
	    $(B)/build-cov-portable

# Valgrind memcheck: the whole suite with hookrun, apitest, examples/embed
# and examples/hostd run under valgrind (--leak-check=full
# --errors-for-leak-kinds=all --error-exitcode=1 --track-fds=yes), built
# into $(B)/build-vg; then every log is read: any error, any block left
# allocated, or any fd left open at exit fails.  test/valgrind.sh says how,
# and which tests run differently there (UNDER_VALGRIND=1).
VALGRIND  = valgrind
VG_CFLAGS = -std=c99 -pedantic -Wall -Wextra -O1 -g
check-valgrind:
	$(MAKE) B=$(B)/build-vg CFLAGS='$(VG_CFLAGS)' LDFLAGS= helpers
	CC='$(CC)' VALGRIND='$(VALGRIND)' SYSCONFDIR='$(SYSCONFDIR)' \
	    WITH_LIBXML2='$(WITH_LIBXML2)' PORTABLE='$(PORTABLE)' \
	    TEST_SHELL='$(TEST_SHELL)' sh test/valgrind.sh $(B)/build-vg

# ThreadSanitizer: the whole suite, its threads tests among it, with
# hookrun, apitest and the examples built with -fsanitize=thread into
# $(B)/build-tsan, and the test fixtures (the hooks, tlimit) built plainly
# into $(B)/build-tsan-plain.  halt_on_error=1: a report ends the program
# with status 66; any report kept in build-tsan/tsanlog fails
# (test/tsan.sh).
TSAN_CC     = clang
TSAN_CFLAGS = -std=c99 -pedantic -Wall -Wextra -O1 -g -fno-omit-frame-pointer \
              -fsanitize=thread
check-tsan:
	$(MAKE) B=$(B)/build-tsan CC='$(TSAN_CC)' CFLAGS='$(TSAN_CFLAGS)' \
	    LDFLAGS='$(TSAN_CFLAGS)' helpers
	$(MAKE) B=$(B)/build-tsan-plain helpers
	SYSCONFDIR='$(SYSCONFDIR)' WITH_LIBXML2='$(WITH_LIBXML2)' \
	    PORTABLE='$(PORTABLE)' TEST_SHELL='$(TEST_SHELL)' \
	    sh test/tsan.sh $(B)/build-tsan $(B)/build-tsan-plain

# all and the programs the suite runs, without running it.
helpers: all $(HELPERS)

# ---- install ----------------------------------------------------------
# GNU's lower-case names work as well: make install prefix=/usr
# libdir=/usr/lib/x86_64-linux-gnu.  No shared library: hooks_opts grows at
# its end between minor versions, which keeps the API but not the ABI.
INSTALL      = install
prefix       = /usr/local
PREFIX       = $(prefix)
exec_prefix  = $(PREFIX)
bindir       = $(exec_prefix)/bin
BINDIR       = $(bindir)
includedir   = $(PREFIX)/include
INCLUDEDIR   = $(includedir)
libdir       = $(exec_prefix)/lib
LIBDIR       = $(libdir)
datarootdir  = $(PREFIX)/share
mandir       = $(datarootdir)/man
MANDIR       = $(mandir)
datadir      = $(datarootdir)
# Where bash-completion looks a command's completion up by its name.
bashcompdir  = $(datadir)/bash-completion/completions
BASHCOMPDIR  = $(bashcompdir)
pkgconfigdir = $(LIBDIR)/pkgconfig
PKGCONFIGDIR = $(pkgconfigdir)

# hooks.pc, made for the directories and the build at hand (rewritten each
# time: make install PREFIX=/usr after make must not keep /usr/local).
# A WITH_LIBXML2=1 build needs libxml2 wherever it is linked.
PC_REQUIRES_1 = echo 'Requires.private: libxml-2.0';
PC_XML_LIBS_1 = `$(PKG_CONFIG) --libs libxml-2.0`
$(B)/hooks.pc: FORCE
	@mkdir -p $(B)
	@{ echo 'prefix=$(PREFIX)'; \
	   echo 'includedir=$(INCLUDEDIR)'; \
	   echo 'libdir=$(LIBDIR)'; \
	   echo; \
	   echo 'Name: hooks'; \
	   echo 'Description: Run libvirt-style synchronous hook scripts'; \
	   echo 'Version: $(VERSION)'; \
	   $(PC_REQUIRES_$(WITH_LIBXML2)) \
	   echo 'Cflags: -I$${includedir}'; \
	   echo "Libs: -L\$${libdir} -lhooks $(LIBS) $(PC_XML_LIBS_$(WITH_LIBXML2))" \
	       | sed 's/ *$$//'; \
	 } >$@.new && mv -f $@.new $@

install: $(B)/hookrun $(B)/libhooks.a $(B)/hooks.pc
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(INCLUDEDIR) \
	    $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(BASHCOMPDIR)
	$(INSTALL) -m 755 $(B)/hookrun $(DESTDIR)$(BINDIR)/hookrun
	$(INSTALL) -m 644 hooks.h $(DESTDIR)$(INCLUDEDIR)/hooks.h
	$(INSTALL) -m 644 $(B)/libhooks.a $(DESTDIR)$(LIBDIR)/libhooks.a
	$(INSTALL) -m 644 $(B)/hooks.pc $(DESTDIR)$(PKGCONFIGDIR)/hooks.pc
	$(INSTALL) -m 644 hookrun.1 $(DESTDIR)$(MANDIR)/man1/hookrun.1
	$(INSTALL) -m 644 completion/hookrun.bash \
	    $(DESTDIR)$(BASHCOMPDIR)/hookrun

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/hookrun $(DESTDIR)$(INCLUDEDIR)/hooks.h \
	    $(DESTDIR)$(LIBDIR)/libhooks.a $(DESTDIR)$(PKGCONFIGDIR)/hooks.pc \
	    $(DESTDIR)$(MANDIR)/man1/hookrun.1 $(DESTDIR)$(BASHCOMPDIR)/hookrun

# ---- release ----------------------------------------------------------
# What a release holds: the sources, their tests and examples, the
# documents.  Not CI's script or git's files.  test/distcheck.sh compares
# this list with what git tracks.
DIST_NAME  = hooks-$(VERSION)
DIST_FILES = LICENSE NEWS README.md spec-notes.md Makefile \
             hooks.h hooks.c hookrun.c hookrun.1 completion/hookrun.bash \
             bench/bench.c bench/hook.c bench/true.c bench/chart.gp \
             bench/peers.h bench/peers.c bench/peer-glib.c bench/peer-uv.c \
             bench/keep.sh \
             bench/chart.png bench/results.txt \
             examples/README examples/domain.xml examples/frozen.xml \
             examples/embed.c examples/hostd.c \
             examples/etc/libvirt/hooks/daemon examples/etc/libvirt/hooks/qemu \
             test/cross-artefacts \
             $(wildcard test/*.sh test/*.c test/*.cc test/*.h test/fixtures/* \
                        test/fuzz/*.c test/fuzz/*.sh test/fuzz/corpus-hookrun/* \
                        test/fuzz/corpus-lib/*)

dist:
	@mkdir -p $(B)
	rm -rf $(B)/$(DIST_NAME) $(B)/$(DIST_NAME).tar.gz
	mkdir $(B)/$(DIST_NAME)
	tar cf - $(DIST_FILES) | (cd $(B)/$(DIST_NAME) && tar xf -)
	(cd $(B) && tar cf - $(DIST_NAME)) | gzip -9n >$(B)/$(DIST_NAME).tar.gz
	rm -rf $(B)/$(DIST_NAME)
	@echo "dist: $(B)/$(DIST_NAME).tar.gz"

# Unpack the tarball in a temporary directory; build it, run make check,
# install and uninstall into a temporary DESTDIR there (test/distcheck.sh).
distcheck: dist
	MAKE='$(MAKE)' CC='$(CC)' TARBALL='$(B)/$(DIST_NAME).tar.gz' \
	    sh test/run.sh test/distcheck.sh

print-version:
	@echo $(VERSION)

print-dist:
	@printf '%s\n' $(DIST_FILES)

# ---- cleaning ----------------------------------------------------------
clean:
	rm -f $(B)/hookrun $(B)/hookrun.o $(B)/hooks.o $(B)/libhooks.a \
	    $(B)/hooks.pc $(B)/hooks.pc.new $(SETTINGS) $(SETTINGS).new \
	    $(B)/test/hooks-counted.o $(B)/test/fuzz-hooks.o $(B)/test/cxxhost \
	    $(HELPERS) $(FUZZERS) $(BENCH) $(BENCH_OBJS) $(BENCH_STAMP) \
	    $(BENCH_STAMP).new \
	    $(B)/test/fuzz-hookrun-* $(B)/test/fuzz-lib-* \
	    $(B)/*.gcno $(B)/*.gcda $(B)/test/*.gcno $(B)/test/*.gcda \
	    $(B)/examples/*.gcno $(B)/examples/*.gcda \
	    $(B)/bench/*.gcno $(B)/bench/*.gcda
	rm -rf $(BENCH_OUT) $(B)/build-asan $(B)/build-cov \
	    $(B)/build-cov-portable $(B)/build-vg \
	    $(B)/build-tsan $(B)/build-tsan-plain $(B)/build-cross-*
	@chmod -R u+w $(B)/headers-sysroots* 2>/dev/null || true
	rm -rf $(B)/headers-sysroots $(B)/headers-sysroots.new.*
	@if [ '$(B)' != . ]; then \
	    for d in $(B)/test $(B)/examples $(B)/bench $(B); do \
	        rmdir "$$d" 2>/dev/null; \
	    done; \
	fi; true

distclean: clean
	rm -rf $(B)/$(DIST_NAME) $(B)/hooks-*.tar.gz

FORCE:

.PHONY: all analyze bench bench-build bench-keep check check-stress check-asan \
    check-vendor check-headers check-cxx check-man check-install \
    check-build check-cross coverage clean distclean dist distcheck fuzz \
    check-fuzz check-valgrind check-tsan helpers install uninstall \
    print-version print-dist FORCE
