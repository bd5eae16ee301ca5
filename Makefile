# hooks -- one plain Makefile.
#   make                     hookrun and libhooks.a
#   make check               the whole test suite (TEST_SHELL=sh)
#   make check-asan          the suite again, built with ASan + UBSan
#   make check-vendor        hooks.c alone under vendors' flag sets
#   make SYSCONFDIR=/usr/local/etc   change the default hook directory
#   make WITH_LIBXML2=1      check filter output with libxml2 (use a fresh
#                            B=DIR or make clean when switching)
# B=DIR builds into DIR (the sources stay here), so several builds coexist.

CC         = cc
CFLAGS     = -std=c99 -pedantic -Wall -Wextra -O2
LDFLAGS    =
SYSCONFDIR = /etc
WITH_LIBXML2 =
B          = .
TEST_SHELL = sh

# Kept apart from CFLAGS/CPPFLAGS so that a caller's CFLAGS never drop them.
BASE_CPPFLAGS = -D_POSIX_C_SOURCE=200809L
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

$(B)/hooks.o: hooks.c hooks.h
	@mkdir -p $(B)
	$(COMPILE) -DHOOKS_SYSCONFDIR='"$(SYSCONFDIR)"' $(XML_CPPFLAGS) \
	    -c hooks.c -o $@

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
	    -Dmalloc=count_malloc \
	    -Dcalloc=count_calloc -Drealloc=count_realloc -Dfree=count_free \
	    -c hooks.c -o $@

$(B)/test/apitest: test/apitest.c hooks.h $(B)/test/hooks-counted.o
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
	    TEST_SHELL='$(TEST_SHELL)' $(TEST_SHELL) test/run.sh

# hooks.c alone, as vendors build it: their compiler, their feature macros
# (or none), stricter warnings.  Any warning fails.
VENDOR_WARN = -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion \
              -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Werror
check-vendor:
	@for std in c99 c11 gnu11; do \
	  for def in "" -D_POSIX_C_SOURCE=200809L -D_GNU_SOURCE -D_DEFAULT_SOURCE \
	             -D_XOPEN_SOURCE=700; do \
	    echo "$(CC) -std=$$std $$def -c hooks.c"; \
	    $(CC) -std=$$std $$def $(VENDOR_WARN) -c hooks.c -o /dev/null \
	      || exit 1; \
	  done; \
	done

check-asan:
	$(MAKE) B=build-asan CFLAGS='$(ASAN_CFLAGS)' LDFLAGS='$(ASAN_CFLAGS)' check

clean:
	rm -rf hooks.o hookrun.o hookrun libhooks.a test/hooks-counted.o \
	    $(HELPERS) build-*

.PHONY: all check check-asan check-vendor clean
