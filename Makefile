# recond — build, run, test.
#
# One binary, build/recond, made of four modules (core, store, keys, tui) and
# the command line (cli). Tests: cmocka unit tests (tests/unit/test-*.c, one
# binary each) and end-to-end tests (tests/e2e/test-*.c) that drive the real
# server through libssh and libvterm. BUILD selects the output folder, so an
# ASan build and a plain build live side by side.

BUILD   ?= build
CC      ?= cc
SAN     ?=
PKGS    := libssh libcrypto lmdb msgpack libsodium ncursesw libseccomp
TESTPKG := cmocka vterm

DEBIAN_PKGS := build-essential pkg-config libssh-dev liblmdb-dev libmsgpack-dev \
	libsodium-dev libncurses-dev libcmocka-dev libvterm-dev openssh-client \
	tmux ncurses-term lmdb-utils gettext libseccomp-dev

CFLAGS  ?= -O2 -g
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wno-unused-parameter
CPPFLAGS_ALL := -std=c11 -D_GNU_SOURCE -I. $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS_ALL   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lutil -lm

ifeq ($(SAN),1)
CFLAGS  := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
endif

ALL_CFLAGS = $(CPPFLAGS_ALL) $(WARN) $(CFLAGS) -MMD -MP

MODULES  := core store keys tui
LIB_SRC  := $(foreach m,$(MODULES),$(wildcard $(m)/*.c)) $(filter-out cli/main.c,$(wildcard cli/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
DATA_OBJ := $(patsubst %.S,$(BUILD)/%.o,$(wildcard data/*.S))
MAIN_OBJ := $(BUILD)/cli/main.o

UNIT_SRC := $(wildcard tests/unit/test-*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
E2E_LIB  := $(filter-out tests/e2e/test-%.c,$(wildcard tests/e2e/*.c))
E2E_LOBJ := $(E2E_LIB:%.c=$(BUILD)/%.o)
E2E_SRC  := $(wildcard tests/e2e/test-*.c)
E2E_BIN  := $(E2E_SRC:tests/e2e/%.c=$(BUILD)/tests/e2e-%)
BENCH_SRC := $(wildcard bench/*.c)
BENCH_BIN := $(BENCH_SRC:bench/%.c=$(BUILD)/bench-%)

.PHONY: all deps run test unit e2e asan bench bench-peer bench-storm soak fuzz fuzz-long clean \
	tidy pot layers
# Keep the objects of test and bench programs (they are intermediate files).
.SECONDARY:
all: $(BUILD)/recond

deps:
	@missing=""; for p in $(DEBIAN_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	else echo "make deps: all Debian packages present"; fi

$(BUILD)/recond: $(MAIN_OBJ) $(LIB_OBJ) $(DATA_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/data/%.o: data/%.S
	@mkdir -p $(dir $@)
	$(CC) -I. -c -o $@ $<

# The embedded reference geography: reassemble when the data file changes.
$(BUILD)/data/geography.o: data/geography.tsv
$(BUILD)/data/reflists.o: data/zrr-communes-cog2021.csv data/france-services-20240801.csv

$(BUILD)/tests/test-%: $(BUILD)/tests/unit/test-%.o $(LIB_OBJ) $(DATA_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS_ALL) $(shell pkg-config --libs cmocka)

$(BUILD)/tests/e2e-%: $(BUILD)/tests/e2e/%.o $(E2E_LOBJ) $(LIB_OBJ) $(DATA_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS_ALL) $(shell pkg-config --libs $(TESTPKG))

# Each bench/NAME.c is one program, linked with the e2e client for SSH figures.
$(BUILD)/bench-%: $(BUILD)/bench/%.o $(E2E_LOBJ) $(LIB_OBJ) $(DATA_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS_ALL) $(shell pkg-config --libs $(TESTPKG)) -lpthread

var/data/recond.mdb:
	@mkdir -p var
	$(BUILD)/recond init --data var/data

run: deps all
	@[ -e var/data ] || { mkdir -p var && $(BUILD)/recond init --data var/data; }
	@$(BUILD)/recond demo --data var/data
	$(BUILD)/recond serve --data var/data --listen 127.0.0.1:2222

unit: all $(UNIT_BIN)
	@scripts/run-tests $(UNIT_BIN)

e2e: all $(E2E_BIN)
	@RECOND_BIN=$(abspath $(BUILD)/recond) scripts/run-tests $(E2E_BIN) $(wildcard tests/e2e/*.sh)

# The include rules of the layers (scripts/check-layers, docs/architecture.md).
layers:
	@scripts/check-layers

test: layers all $(UNIT_BIN) $(E2E_BIN)
	@RECOND_BIN=$(abspath $(BUILD)/recond) scripts/run-tests $(UNIT_BIN) $(E2E_BIN) $(wildcard tests/e2e/*.sh)

# The journey of `make bench` against recond and OpenSSH's sshd running
# dialog --form, side by side (bench/peer.sh: private port, temporary files).
bench-peer: all $(BUILD)/bench-bench
	bench/peer.sh $(abspath $(BUILD)/bench-bench) $(abspath $(BUILD)/recond)

# A connection storm: 1 000 sessions connecting at 50 per second, every one
# to its home screen (first-screen p50/p95/p99, failures).
bench-storm: all $(BUILD)/bench-bench
	RECOND_BIN=$(abspath $(BUILD)/recond) RECOND_BENCH_N=1000 RECOND_BENCH_STORM=50 \
	  RECOND_BENCH_SECONDS=0 $(BUILD)/bench-bench

# Long versions of tests that take too long for `make test`.
SOAK_ROUNDS ?= 200
soak: all $(BUILD)/tests/e2e-test-drafts-kill
	RECOND_BIN=$(abspath $(BUILD)/recond) RECOND_KILL_ROUNDS=$(SOAK_ROUNDS) \
	  $(BUILD)/tests/e2e-test-drafts-kill

asan:
	@$(MAKE) --no-print-directory BUILD=build-asan SAN=1 test

bench: all $(BENCH_BIN)
	@for b in $(BENCH_BIN); do echo "=== $$(basename $$b)"; \
	  RECOND_BIN=$(abspath $(BUILD)/recond) $$b || exit 1; done

# libFuzzer targets for the parsers of untrusted input (needs clang; not in
# `make test`): each runs FUZZ_SECONDS on its seed corpus (tests/fuzz/corpus-NAME
# when there is one); new inputs go to $(BUILD)/fuzz/corpus-NAME. `make
# fuzz-long` runs each for 10 minutes (not in CI).
FUZZ_SECONDS ?= 30
FUZZ_CC      := clang -std=c11 -D_GNU_SOURCE -I. -g -O1 -fsanitize=fuzzer,address,undefined
FUZZ_core-text        := core/text.c core/sshkey.c core/util.c -lsodium
FUZZ_core-import      := core/import-csv.c core/geo.c core/text.c core/eligibility.c core/org.c \
	core/ident.c core/util.c core/date.c core/model.c -lm
FUZZ_core-utf8-stream := core/utf8-stream.c core/text.c core/util.c
FUZZ_core-settings    := core/settings.c core/money.c core/date.c core/ident.c core/text.c core/util.c -lm
FUZZ_keys-exec        := keys/exec-args.c
FUZZ_store-record     := $(wildcard core/*.c store/*.c) $(wildcard data/*.S) \
	$(shell pkg-config --libs lmdb msgpack libsodium 2>/dev/null) -lm
FUZZ_NAMES := core-text core-import core-utf8-stream core-settings keys-exec store-record

$(BUILD)/fuzz/fuzz-%: tests/fuzz/fuzz-%.c $(wildcard core/*.c core/*.h store/*.c store/*.h keys/*.c keys/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $< $(FUZZ_$*) -o $@

fuzz: $(FUZZ_NAMES:%=$(BUILD)/fuzz/fuzz-%)
	@for n in $(FUZZ_NAMES); do echo "=== fuzz-$$n ($(FUZZ_SECONDS) s)"; \
	  work=$(BUILD)/fuzz/corpus-$$n; mkdir -p $$work; \
	  seeds=tests/fuzz/corpus-$$n; [ -d $$seeds ] || seeds=; \
	  $(BUILD)/fuzz/fuzz-$$n -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=$(BUILD)/fuzz/$$n- \
	    $$work $$seeds >$(BUILD)/fuzz/$$n.log 2>&1 || { tail -40 $(BUILD)/fuzz/$$n.log; exit 1; }; \
	  tail -1 $(BUILD)/fuzz/$$n.log; done

# The message catalogue template: every string marked _() or N_() in the
# sources (French is the source language).
POT_SRC = $(sort $(wildcard core/*.c core/*.h tui/*.c tui/*.h keys/*.c keys/*.h cli/*.c cli/*.h))
pot: po/recond.pot
po/recond.pot: $(POT_SRC)
	@mkdir -p po
	xgettext --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ \
	  --add-comments=TRANSLATORS --package-name=recond --sort-by-file \
	  -o $@ $(POT_SRC)

fuzz-long:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=600

tidy:
	clang-tidy $(LIB_SRC) cli/main.c -- $(CPPFLAGS_ALL)

clean:
	rm -rf build build-asan

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
