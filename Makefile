# hooks -- one plain Makefile.
#   make                     hookrun and libhooks.a
#   make check               the whole test suite (TEST_SHELL=sh)
#   make check-asan          the suite again, built with ASan + UBSan
#   make check-vendor        hooks.c alone under vendors' flag sets
#   make bench               the benchmark: a table of ratios and a chart
#   make SYSCONFDIR=/usr/local/etc   change the default hook directory
#   make WITH_LIBXML2=1      check filter output with libxml2 (use a fresh
#                            B=DIR or make clean when switching)
#   make PORTABLE=1          POSIX.1-2008 calls only: no Linux fast path
#                            (likewise a fresh B=DIR)
# B=DIR builds into DIR (the sources stay here), so several builds coexist.

CC         = cc
CFLAGS     = -std=c99 -pedantic -Wall -Wextra -O2
LDFLAGS    =
SYSCONFDIR = /etc
WITH_LIBXML2 =
PORTABLE   =
B          = .
TEST_SHELL = sh

# Kept apart from CFLAGS/CPPFLAGS so that a caller's CFLAGS never drop them.
PORTABLE_CPPFLAGS_1 = -DHOOKS_PORTABLE
BASE_CPPFLAGS = -D_POSIX_C_SOURCE=200809L $(PORTABLE_CPPFLAGS_$(PORTABLE))
LIBS          = -pthread
ASAN_CFLAGS   = -std=c99 -pedantic -Wall -Wextra -O1 -g -fno-omit-frame-pointer \
                -fsanitize=address,undefined -fno-sanitize-recover=all

# WITH_LIBXML2=1 selects the _1 variants.
XML_CPPFLAGS_1 = -DHOOKS_WITH_LIBXML2 `pkg-config --cflags libxml-2.0`
XML_LIBS_1     = `pkg-config --libs libxml-2.0`
XML_CPPFLAGS   = $(XML_CPPFLAGS_$(WITH_LIBXML2))
XML_LIBS       = $(XML_LIBS_$(WITH_LIBXML2))

COMPILE = $(CC) $(BASE_CPPFLAGS) $(CPPFLAGS) $(CFLAGS)
HELPERS = $(B)/test/hookprobe $(B)/test/tlimit $(B)/test/apitest \
          $(B)/test/hookcat \
          $(B)/examples/embed $(B)/examples/hostd

all: $(B)/hookrun $(B)/libhooks.a

# HOOKS_CPPFLAGS: for hooks.c alone (make coverage sets it).
HOOKS_CPPFLAGS =
$(B)/hooks.o: hooks.c hooks.h
	@mkdir -p $(B)
	$(COMPILE) -DHOOKS_SYSCONFDIR='"$(SYSCONFDIR)"' $(XML_CPPFLAGS) \
	    $(HOOKS_CPPFLAGS) -c hooks.c -o $@

$(B)/hookrun.o: hookrun.c hooks.h
	@mkdir -p $(B)
	$(COMPILE) -c hookrun.c -o $@

$(B)/hookrun: $(B)/hookrun.o $(B)/hooks.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(B)/hookrun.o $(B)/hooks.o $(XML_LIBS) $(LIBS)

$(B)/libhooks.a: $(B)/hooks.o
	rm -f $@
	ar rcs $@ $(B)/hooks.o

# The API tests count hooks.c's allocations: its malloc family is renamed
# to counting wrappers that test/apitest.c defines.
$(B)/test/hooks-counted.o: hooks.c hooks.h
	@mkdir -p $(B)/test
	$(COMPILE) -DHOOKS_SYSCONFDIR='"$(SYSCONFDIR)"' $(XML_CPPFLAGS) \
	    $(HOOKS_CPPFLAGS) -Dmalloc=count_malloc \
	    -Dcalloc=count_calloc -Drealloc=count_realloc -Dfree=count_free \
	    -c hooks.c -o $@

$(B)/test/apitest: test/apitest.c test/nosyscall.h hooks.h $(B)/test/hooks-counted.o
	$(COMPILE) -I. $(LDFLAGS) -o $@ test/apitest.c $(B)/test/hooks-counted.o $(XML_LIBS) $(LIBS)

$(B)/test/hookprobe: test/hookprobe.c
	@mkdir -p $(B)/test
	$(COMPILE) $(LDFLAGS) -o $@ test/hookprobe.c

$(B)/test/hookcat: test/hookcat.c
	@mkdir -p $(B)/test
	$(COMPILE) $(LDFLAGS) -o $@ test/hookcat.c

$(B)/test/tlimit: test/tlimit.c
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
# (or none), stricter warnings.  Any warning fails.
VENDOR_WARN = -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion \
              -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Werror
check-vendor:
	@for std in c99 c11 gnu11; do \
	  for def in "" -D_POSIX_C_SOURCE=200809L -D_GNU_SOURCE -D_DEFAULT_SOURCE \
	             -D_XOPEN_SOURCE=700; do \
	    for path in "" -DHOOKS_PORTABLE; do \
	      echo "$(CC) -std=$$std $$def $$path -c hooks.c"; \
	      $(CC) -std=$$std $$def $$path $(VENDOR_WARN) -c hooks.c \
	        -o /dev/null || exit 1; \
	    done; \
	  done; \
	done

check-asan:
	UNDER_ASAN=1 $(MAKE) B=build-asan CFLAGS='$(ASAN_CFLAGS)' LDFLAGS='$(ASAN_CFLAGS)' check

# Fuzzing with libFuzzer (clang and its compiler-rt: Debian's clang and
# libclang-rt-dev).  test/fuzz/ holds the targets and their seed corpora.
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

$(B)/test/fuzz-hooks.o: hooks.c hooks.h
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

# make bench: bench/bench.c measures each figure against a plain POSIX
# baseline in the same run and prints the table (also in
# $(B)/bench/results.txt); with gnuplot installed, bench/chart.gp draws
# $(B)/bench/chart.png.  The two helpers are static, so that starting them
# costs no dynamic linking.
BENCH = $(B)/bench/bench $(B)/bench/true $(B)/bench/hook
$(B)/bench/bench: bench/bench.c test/nosyscall.h hooks.h $(B)/hooks.o
	@mkdir -p $(B)/bench
	$(COMPILE) -I. $(LDFLAGS) -o $@ bench/bench.c $(B)/hooks.o $(XML_LIBS) $(LIBS)

$(B)/bench/true: bench/true.c
	@mkdir -p $(B)/bench
	$(COMPILE) -static $(LDFLAGS) -o $@ bench/true.c

$(B)/bench/hook: bench/hook.c
	@mkdir -p $(B)/bench
	$(COMPILE) -static $(LDFLAGS) -o $@ bench/hook.c

bench-build: $(B)/hookrun $(BENCH)

bench: bench-build
	@$(B)/bench/bench $(B)/bench $(B)/hookrun $(B)/bench/results.dat \
	    >$(B)/bench/results.txt; s=$$?; cat $(B)/bench/results.txt; \
	if command -v gnuplot >/dev/null 2>&1; then \
	    gnuplot -e "data='$(B)/bench/results.dat'; out='$(B)/bench/chart.png'" \
	        bench/chart.gp && echo "chart: $(B)/bench/chart.png"; \
	else \
	    echo "no chart: gnuplot is not installed"; \
	fi; \
	exit $$s

# Static analysis: gcc -fanalyzer, clang --analyze and cppcheck on every C
# file; any finding fails.  gcc's analyzer runs at -O0: at -O2 gcc 12
# analyses the split-off parts of inlined functions (".part.0") and then
# reports paths that cannot happen (see spec-notes.md).
ANALYZE_SRC = hooks.c hookrun.c test/apitest.c test/hookprobe.c \
              test/tlimit.c test/hookcat.c examples/embed.c examples/hostd.c \
              bench/bench.c bench/hook.c bench/true.c
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

# Line coverage of hooks.c by the suite (gcov), in the libxml2 build so
# that its code counts too: builds into build-cov, runs make check there,
# lists the lines never run, and fails under COVERAGE_MIN percent.
COVERAGE_MIN = 95
coverage:
	rm -f build-cov/*.gcda build-cov/test/*.gcda build-cov/examples/*.gcda
	$(MAKE) B=build-cov WITH_LIBXML2=1 \
	    CFLAGS='-std=c99 -pedantic -Wall -Wextra -Werror -O0 -g --coverage' \
	    HOOKS_CPPFLAGS='-include test/gcov-dump.h' LDFLAGS=--coverage check
	sh test/coverage.sh build-cov $(COVERAGE_MIN)

# Valgrind memcheck: the whole suite with hookrun, apitest, examples/embed
# and examples/hostd run under valgrind (--leak-check=full
# --errors-for-leak-kinds=all --error-exitcode=1 --track-fds=yes), built
# into build-vg; then every log is read: any error, any block left
# allocated, or any fd left open at exit fails.  test/valgrind.sh says how,
# and which tests run differently there (UNDER_VALGRIND=1).
VALGRIND  = valgrind
VG_CFLAGS = -std=c99 -pedantic -Wall -Wextra -O1 -g
check-valgrind:
	$(MAKE) B=build-vg CFLAGS='$(VG_CFLAGS)' LDFLAGS= helpers
	CC='$(CC)' VALGRIND='$(VALGRIND)' SYSCONFDIR='$(SYSCONFDIR)' \
	    WITH_LIBXML2='$(WITH_LIBXML2)' PORTABLE='$(PORTABLE)' \
	    TEST_SHELL='$(TEST_SHELL)' sh test/valgrind.sh build-vg

# ThreadSanitizer: the whole suite, its threads tests among it, with
# hookrun, apitest and the examples built with -fsanitize=thread into
# build-tsan, and the test fixtures (the hooks, tlimit) built plainly into
# build-tsan/plain.  halt_on_error=1: a report ends the program with status
# 66; any report kept in build-tsan/tsanlog fails (test/tsan.sh).
TSAN_CC     = clang
TSAN_CFLAGS = -std=c99 -pedantic -Wall -Wextra -O1 -g -fno-omit-frame-pointer \
              -fsanitize=thread
check-tsan:
	$(MAKE) B=build-tsan CC='$(TSAN_CC)' CFLAGS='$(TSAN_CFLAGS)' \
	    LDFLAGS='$(TSAN_CFLAGS)' helpers
	$(MAKE) B=build-tsan/plain helpers
	SYSCONFDIR='$(SYSCONFDIR)' WITH_LIBXML2='$(WITH_LIBXML2)' \
	    PORTABLE='$(PORTABLE)' TEST_SHELL='$(TEST_SHELL)' \
	    sh test/tsan.sh build-tsan build-tsan/plain

# all and the programs the suite runs, without running it.
helpers: all $(HELPERS)

clean:
	rm -rf hooks.o hookrun.o hookrun libhooks.a test/hooks-counted.o \
	    $(HELPERS) $(FUZZERS) $(B)/test/fuzz-hooks.o build-* \
	    $(BENCH) $(B)/bench/results.dat

.PHONY: all analyze bench bench-build check check-stress check-asan check-vendor coverage clean fuzz check-fuzz \
    check-valgrind check-tsan helpers
