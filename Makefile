# SPDX-License-Identifier: ISC
# manrs - plain make on purpose: every lib/*/*.c, cmd/*.c, serve/*.c and
# tests/test_*.c is picked up by wildcard, so adding a module never edits this file.

CC      ?= cc
BUILD   ?= build
OPT     ?= -O2
SAN     ?=
CFLAGS  ?= $(OPT) -g
WARN     = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
ALL_CFLAGS = -std=c17 -D_GNU_SOURCE -Ilib -Iserve $(WARN) $(SAN) $(CPPFLAGS) $(CFLAGS) -MMD -MP
LIBS     = -lrdkafka -levent -levent_openssl -lssl -lcrypto -lyaml -lsqlite3 -lcurl -lpcap -ljansson -lzstd -llzma -lbz2 -lz -lm -lpthread -lsystemd
TEST_LIBS = -lcmocka

# LIB_DIRS narrows the library for a quick partial build (e.g. LIB_DIRS="lib/core lib/bgp").
LIB_DIRS ?= $(wildcard lib/*) serve
LIB_SRC   = $(sort $(foreach d,$(LIB_DIRS),$(wildcard $(d)/*.c)))
CMD_SRC   = $(sort $(wildcard cmd/*.c))
TEST_SRC  = $(sort $(wildcard tests/test_*.c))
FUZZ_SRC  = $(sort $(wildcard fuzz/fuzz_*.c))
LIB_OBJ   = $(LIB_SRC:%.c=$(BUILD)/%.o)
# The dashboard's static files (serve/assets/) are compiled into the library.
ASSETS    = $(sort $(wildcard serve/assets/*))
ifneq ($(filter serve,$(LIB_DIRS)),)
LIB_OBJ  += $(BUILD)/gen/assets.o
endif
CMD_OBJ   = $(CMD_SRC:%.c=$(BUILD)/%.o)
TEST_BIN  = $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)

# The release: the last vX.Y.Z tag and, past it, git describe's commit count
# and hash (0.9.0-12-gabc1234); the VERSION file where there is no git.
VERSION  := $(shell git describe --tags --match 'v[0-9]*' --dirty 2>/dev/null | sed 's/^v//' | grep . || cat VERSION)

.PHONY: all demo test unit asan interop fuzz bench deps help clean install deb format format-check
all: $(BUILD)/manrs $(TEST_BIN)

help:
	@echo "manrs make targets:"
	@echo "  make demo      install missing Debian packages, build, run the lab demo (main job)"
	@echo "  make test      install missing packages, build, run unit tests (plain and"
	@echo "                 ASan+UBSan) and interop tests against real peers"
	@echo "  make all       build build/manrs and the unit tests"
	@echo "  make unit      run unit tests only;  make asan  the same under ASan+UBSan"
	@echo "  make interop   run tests/interop/*.sh (skip when a peer is missing)"
	@echo "  make fuzz      build libFuzzer targets with clang into build-fuzz/"
	@echo "  make bench     run every bench/*.sh (anchor tool vs manrs, prints ratios)"
	@echo "  make deps      apt-get install what is missing (root)"
	@echo "  make install   install manrs and its man pages under PREFIX (/usr/local)"
	@echo "  make deb       build the Debian package into build/deb/ (apt install ./manrs_*.deb)"
	@echo "  make format    clang-format the tree;  make format-check  fail if it is not"
	@echo "  variables: BUILD=dir CC=clang SAN='-fsanitize=address,undefined'"

deps:
	@scripts/deps.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@scripts/demo.sh $(BUILD)/manrs

test: deps
	@scripts/test.sh

$(BUILD)/libmanrs.a: $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/manrs: $(CMD_OBJ) $(BUILD)/libmanrs.a
	$(CC) $(SAN) $(CFLAGS) $(LDFLAGS) -o $@ $(CMD_OBJ) $(BUILD)/libmanrs.a $(LIBS)

$(BUILD)/tests/%: tests/%.c $(BUILD)/libmanrs.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -Itests -o $@ $< $(BUILD)/libmanrs.a $(TEST_LIBS) $(LIBS)

$(BUILD)/gen/assets.c: $(ASSETS) scripts/embed-assets.sh
	@mkdir -p $(@D)
	scripts/embed-assets.sh $@ $(ASSETS)

$(BUILD)/gen/assets.o: $(BUILD)/gen/assets.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -DMANRS_VERSION='"$(VERSION)"' -c -o $@ $<

unit: all
	@scripts/run-unit.sh $(BUILD)

asan:
	@$(MAKE) --no-print-directory BUILD=build-asan OPT=-O1 \
	  SAN='-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' all
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 scripts/run-unit.sh build-asan

interop: all
	@scripts/run-interop.sh $(BUILD)

FUZZ_BUILD = build-fuzz
fuzz:
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang OPT=-O1 \
	  SAN='-fsanitize=fuzzer-no-link,address,undefined' $(FUZZ_BUILD)/libmanrs.a
	@mkdir -p $(FUZZ_BUILD)/fuzz
	@for f in $(FUZZ_SRC); do n=$$(basename $$f .c); \
	  echo "  FUZZ $$n"; \
	  clang -std=c17 -D_GNU_SOURCE -Ilib -Iserve -O1 -g -fsanitize=fuzzer,address,undefined \
	    -o $(FUZZ_BUILD)/fuzz/$$n $$f $(FUZZ_BUILD)/libmanrs.a $(LIBS) || exit 1; done

bench: all
	@for b in bench/*.sh; do echo "== $$b"; $$b || exit 1; done

PREFIX ?= /usr/local
SYSCONFDIR ?= /etc
SYSTEMD_UNIT_DIR ?= /lib/systemd/system
install: $(BUILD)/manrs
	install -D -m 755 $(BUILD)/manrs $(DESTDIR)$(PREFIX)/bin/manrs
	install -d $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 doc/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -d $(DESTDIR)$(PREFIX)/share/man/man5
	install -m 644 doc/*.5 $(DESTDIR)$(PREFIX)/share/man/man5/
	install -D -m 644 contrib/systemd/manrs.service $(DESTDIR)$(SYSTEMD_UNIT_DIR)/manrs.service
	sed -i 's|/usr/local/bin/manrs|$(PREFIX)/bin/manrs|' $(DESTDIR)$(SYSTEMD_UNIT_DIR)/manrs.service
	@# the config is the admin's once installed: never overwritten
	@if [ -e $(DESTDIR)$(SYSCONFDIR)/manrs/manrs.yml ]; then \
	  echo "keeping $(DESTDIR)$(SYSCONFDIR)/manrs/manrs.yml"; \
	else install -D -m 644 etc/manrs.yml $(DESTDIR)$(SYSCONFDIR)/manrs/manrs.yml; fi
	install -D -m 644 contrib/bash-completion/manrs \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions/manrs

# The Debian package, built from the committed tree (git archive HEAD) into
# build/deb/: needs dpkg-dev and debhelper (make deps installs them).
deb:
	@scripts/make-deb.sh build/deb

FORMAT_FILES = $(wildcard lib/*/*.[ch] cmd/*.[ch] serve/*.[ch] tests/*.[ch] fuzz/*.[ch] bench/*.c)
format:
	clang-format -i $(FORMAT_FILES)

# CI runs this (scripts/test.sh): the tree must be as clang-format leaves it.
format-check:
	@clang-format --dry-run --Werror $(FORMAT_FILES) && echo "format-check: clean"

clean:
	rm -rf build build-asan build-fuzz

-include $(LIB_OBJ:.o=.d) $(CMD_OBJ:.o=.d)
