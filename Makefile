# tunnelstat — single GNU make file. `make` builds ./tunnelstat, `make check`
# runs the cmocka unit tests and the CLI golden tests, `make deps` installs the
# Debian packages the build needs (as root, only those missing).

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
INSTALL ?= install

CC      ?= cc
RE2C    ?= re2c
PKG     ?= pkg-config
RE2CFLAGS ?= -W -Werror --no-generation-date --no-version
# Bit vectors (-b) pay in the header DFAs (pluto.re, prefix.re). body.re's DFA
# is no faster with them (callgrind, 30 MB of the 30% bench corpus: 179.1 M
# instructions with, 178.7 M without) and GCC then takes 35 s instead of 10 s
# to compile it, the longest step of a clean build.
RE2C_BITS = $(if $(filter body,$*),,-b)
OPT     ?= -O2
CFLAGS  ?= $(OPT) -g
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
BASEFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -pthread -Isrc -I.

# HAVE_HS=0 builds without Hyperscan (lexer-only path); default: on when libhs is found.
HAVE_HS ?= $(shell $(PKG) --exists libhs 2>/dev/null && echo 1 || echo 0)
ifeq ($(HAVE_HS),1)
  HS_CFLAGS := $(shell $(PKG) --cflags libhs) -DTS_HAVE_HS=1
  HS_LIBS   := $(shell $(PKG) --libs libhs)
endif
# HAVE_ISAL=0 inflates gzip with zlib only; default: ISA-L (faster) when libisal is found.
HAVE_ISAL ?= $(shell $(PKG) --exists libisal 2>/dev/null && echo 1 || echo 0)
ifeq ($(HAVE_ISAL),1)
  ISAL_CFLAGS := $(shell $(PKG) --cflags libisal 2>/dev/null) -DTS_HAVE_ISAL=1
  ISAL_LIBS   := $(shell $(PKG) --libs libisal 2>/dev/null || echo -lisal)
endif
ZSTD_CFLAGS := $(shell $(PKG) --cflags libzstd 2>/dev/null)
ZSTD_LIBS   := $(shell $(PKG) --libs libzstd 2>/dev/null || echo -lzstd)
ZLIB_CFLAGS := $(shell $(PKG) --cflags zlib 2>/dev/null)
ZLIB_LIBS   := $(shell $(PKG) --libs zlib 2>/dev/null || echo -lz)
LZMA_CFLAGS := $(shell $(PKG) --cflags liblzma 2>/dev/null)
LZMA_LIBS   := $(shell $(PKG) --libs liblzma 2>/dev/null || echo -llzma)
BZ2_CFLAGS  := $(shell $(PKG) --cflags bzip2 2>/dev/null)
BZ2_LIBS    := $(shell $(PKG) --libs bzip2 2>/dev/null || echo -lbz2)
CMOCKA_CFLAGS := $(shell $(PKG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   := $(shell $(PKG) --libs cmocka 2>/dev/null || echo -lcmocka)

ifeq ($(SAN),1)
  CFLAGS  := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined -DTS_DEBUG
  LDFLAGS += -fsanitize=address,undefined
  BUILD   := build-san
else
  BUILD   := build
endif

RE2C_VER := $(shell $(RE2C) --version 2>/dev/null)
SQLITE_CFLAGS := $(shell $(PKG) --cflags sqlite3 2>/dev/null)
SQLITE_LIBS   := $(shell $(PKG) --libs sqlite3 2>/dev/null || echo -lsqlite3)
ALL_CFLAGS = -DTS_RE2C_VERSION='"$(RE2C_VER)"' $(BASEFLAGS) $(WARN) $(HS_CFLAGS) $(ISAL_CFLAGS) $(ZSTD_CFLAGS) $(ZLIB_CFLAGS) $(LZMA_CFLAGS) $(BZ2_CFLAGS) $(SQLITE_CFLAGS) $(CFLAGS)
LIBS = $(HS_LIBS) $(ISAL_LIBS) $(ZSTD_LIBS) $(ZLIB_LIBS) $(LZMA_LIBS) $(BZ2_LIBS) $(SQLITE_LIBS) -lpthread -lm

# Sources by pipeline stage (README "Design"): each folder lists itself, so a
# new module is one file in the right folder and nothing else.
STAGES   := base input scan agg report explain store
CORE_SRC := $(foreach s,$(STAGES),$(wildcard src/$(s)/*.c))
CLI_SRC  := $(wildcard src/cli/*.c)
LEXER_SRC := $(wildcard lexer/*.c)
LEXER_RE := $(wildcard lexer/*.re)
RE_OBJ   := $(patsubst lexer/%.re,$(BUILD)/lexer/%.o,$(LEXER_RE))
CORE_OBJ := $(patsubst src/%.c,$(BUILD)/src/%.o,$(CORE_SRC)) $(patsubst %.c,$(BUILD)/%.o,$(LEXER_SRC)) \
            $(RE_OBJ)
CLI_OBJ  := $(patsubst src/%.c,$(BUILD)/src/%.o,$(CLI_SRC))
TEST_SRC := $(wildcard tests/unit/test_*.c)
TEST_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(TEST_SRC))
TEST_LIB := $(patsubst tests/%.c,$(BUILD)/tests/%.o,$(wildcard tests/*.c))

.PHONY: tunnelstat all check unit cli real deps install uninstall clean bench fuzz re2c-version demo test help layout
# Every program the README mentions: the analyzer and the corpus generator.
all: tunnelstat $(BUILD)/gen

help:
	@echo "make            build ./tunnelstat and the corpus generator (build/gen)"
	@echo "make demo       install dependencies, build, show the top peers and the daily summary of corpus/seed.log"
	@echo "make test       install dependencies (tests too), run every test"
	@echo "make check      every test: unit, layout, CLI, reports, HTML, generator truth"
	@echo "make check SAN=1  the same under ASan/UBSan (objects in build-san/)"
	@echo "make fuzz       libFuzzer harnesses for FUZZ_TIME s each"
	@echo "make bench      benchmark against baselines (bench/run.sh)"
	@echo "make deps       install the Debian packages the build needs"
	@echo "make install    install bin and man page (PREFIX, DESTDIR)"

tunnelstat: $(BUILD)/tunnelstat
	cp $< $@

$(BUILD)/tunnelstat: $(CLI_OBJ) $(CORE_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

# -MMD -MP: every object depends on exactly the headers it includes.
DEPFLAGS = -MMD -MP
$(BUILD)/src/%.o: src/%.c | re2c-version
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -c -o $@ $<

# The lexer's DFAs are generated at build time and never committed.
$(BUILD)/lexer/%.c: lexer/%.re | re2c-version
	@mkdir -p $(@D)
	$(RE2C) $(RE2CFLAGS) $(RE2C_BITS) -o $@ $<

$(RE_OBJ): $(BUILD)/lexer/%.o: $(BUILD)/lexer/%.c
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -Wno-unused-label -c -o $@ $<

$(BUILD)/lexer/%.o: lexer/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -c -o $@ $<

re2c-version:
	@v=$$($(RE2C) --vernum 2>/dev/null || echo 0); if [ "$$v" -lt 30000 ]; then \
	  echo "re2c >= 3.0 is required (found: $$v); run 'make deps'" >&2; exit 1; fi

$(BUILD)/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) $(DEPFLAGS) -Itests -c -o $@ $<

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(TEST_LIB) $(CORE_OBJ) $(filter-out %/main.o,$(CLI_OBJ))
	$(CC) $(LDFLAGS) -o $@ $^ $(CMOCKA_LIBS) $(LIBS)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# Test objects are intermediate to make: keep them, or every check rebuilds them.
.SECONDARY:

unit: $(TEST_BIN)
	@fail=0; for t in $(TEST_BIN); do echo "== $$t"; $$t 2>&1 || fail=1; done; exit $$fail

# The dependency rule of README "Design", checked on every #include line.
layout:
	sh tests/layout.sh

TS = TUNNELSTAT=$(CURDIR)/$(BUILD)/tunnelstat
# One target per suite, so that make -j runs them side by side.
CLI_SUITES := run badinput split dates bounds archives inputs maxkeys ops sessions trust_out inflate stream
cli: $(addprefix cli-,$(CLI_SUITES))
cli-%: tunnelstat $(BUILD)/gen
	$(TS) GEN=$(CURDIR)/$(BUILD)/gen sh tests/cli/$*.sh

# corpus/real/: lines published by people running pluto, labelled by reading;
# recall and precision per class against the labels (tests/cli/real.sh).
real: tunnelstat
	$(TS) sh tests/cli/real.sh

# The README's two set-up commands: each installs what it needs first.
demo: deps
	$(MAKE) all
	@echo "== the peers with most failures in the vendor's sample lines (corpus/seed.log)"
	./tunnelstat -r top -f table corpus/seed.log
	@echo "== per day (these lines carry no date: day -)"
	./tunnelstat -r daily -f table corpus/seed.log

# Installs Debian packages, only those missing: $(call apt,PKGS)
apt = missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; \
	  if [ "$$(id -u)" != 0 ]; then SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; fi

DEB_PKGS := gcc make re2c pkg-config libzstd-dev zlib1g-dev libisal-dev liblzma-dev libbz2-dev libsqlite3-dev sqlite3 \
            libcmocka-dev zstd gzip bsdutils xz-utils bzip2 lz4 clang libclang-rt-dev
DEB_PKGS_X86 := libhyperscan-dev
deps:
	@pkgs="$(DEB_PKGS)"; case "$$(uname -m)" in x86_64) pkgs="$$pkgs $(DEB_PKGS_X86)";; esac; \
	$(call apt,$$pkgs)

# libFuzzer harnesses (clang). `make fuzz` runs each for FUZZ_TIME seconds
# (default 20); FUZZ_RUNS=N instead stops each after N executions.
FUZZ_CC    ?= clang
FUZZ_TIME  ?= 20
FUZZ_FLAGS := -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
FUZZ_BIN   := build-fuzz/fuzz_lexer build-fuzz/fuzz_scan build-fuzz/fuzz_input build-fuzz/fuzz_csv
FUZZ_CORE  := $(CORE_SRC) $(LEXER_SRC)

FUZZ_RE_C  := $(patsubst lexer/%.re,build-fuzz/%.c,$(LEXER_RE))

build-fuzz/%.c: lexer/%.re | re2c-version
	mkdir -p build-fuzz
	$(RE2C) $(RE2CFLAGS) $(RE2C_BITS) -o $@ $<

build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_RE_C) $(FUZZ_CORE) $(wildcard src/*/*.h) $(wildcard lexer/*.h)
	$(FUZZ_CC) $(FUZZ_FLAGS) $(BASEFLAGS) -Ibuild-fuzz $(HS_CFLAGS) $(ISAL_CFLAGS) -o $@ $< $(FUZZ_RE_C) $(FUZZ_CORE) $(LIBS)

fuzz: $(FUZZ_BIN)
	sh tests/fuzz/run.sh $(if $(FUZZ_RUNS),-runs=$(FUZZ_RUNS),-max_total_time=$(FUZZ_TIME))

install: tunnelstat
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	$(INSTALL) -m 755 tunnelstat $(DESTDIR)$(BINDIR)/tunnelstat
	$(INSTALL) -m 644 tunnelstat.1 $(DESTDIR)$(MANDIR)/man1/tunnelstat.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/tunnelstat $(DESTDIR)$(MANDIR)/man1/tunnelstat.1

clean:
	rm -rf build build-san build-fuzz tunnelstat

# ---- corpus generator, truth test and benchmark (bench/, tests/gen_truth.sh) ----
# `make gen` builds the seeded corpus generator; `make gentest` (part of
# `make check`) compares tunnelstat with the generator's ground truth on a
# ~4 MB corpus and checks the generator's session truths on their own
# (tests/gen_sessions.sh); `make bench` (never part of check) runs bench/run.sh.
BENCH_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) $(CFLAGS)
BENCH_DIR  ?= /tmp/tunnelstat-bench
BENCH_SIZE ?= 2G

.PHONY: gen gentest bench-deps
gen: $(BUILD)/gen

# bench/gen/ shares no code with src/ (it is the ground truth): its own sources and headers only.
GEN_SRC := $(wildcard bench/gen/*.c)
GEN_HDR := $(wildcard bench/gen/*.h)

$(BUILD)/gen: $(GEN_SRC) $(GEN_HDR)
	@mkdir -p $(@D)
	$(CC) $(BENCH_CFLAGS) $(LDFLAGS) -o $@ $(GEN_SRC) -lm

$(BUILD)/nlcount: bench/nlcount.c
	@mkdir -p $(@D)
	$(CC) $(BENCH_CFLAGS) $(LDFLAGS) -o $@ $<

$(BUILD)/walkbench: bench/walkbench.c src/scan/linewalk.c src/scan/linewalk.h src/scan/findwalk.c src/scan/findwalk.h \
		src/scan/prefilter.h
	@mkdir -p $(@D)
	$(CC) $(BENCH_CFLAGS) -Isrc -I. $(LDFLAGS) -o $@ $< src/scan/findwalk.c

# The line lexer alone (bench/lexbench.c): time per line, or --dump of every
# field to compare two builds of the lexer (bench/NOTES.md §15).
LEXER_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(LEXER_SRC)) $(RE_OBJ)
$(BUILD)/lexbench: bench/lexbench.c $(LEXER_OBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^

gentest: tunnelstat $(BUILD)/gen
	$(TS) GEN=$(CURDIR)/$(BUILD)/gen sh tests/gen_truth.sh
	GEN=$(CURDIR)/$(BUILD)/gen sh tests/gen_sessions.sh
	$(TS) GEN=$(CURDIR)/$(BUILD)/gen sh tests/gen_tunnels.sh

# `make store`: the state database against scan on simulated nights of
# logrotate, merges and refusals (tests/cli/store.sh; part of `make check`).
.PHONY: store
store: tunnelstat $(BUILD)/gen
	$(TS) GEN=$(CURDIR)/$(BUILD)/gen sh tests/cli/store.sh
	$(TS) sh tests/systemd.sh

# `make test-slurm`: docs/scale-out.md on a one-node Slurm cluster started
# for the test (tests/slurm.sh, about 5 s; skipped without slurm-wlm and
# munge, which `make deps-slurm` installs and `make test` runs first).
.PHONY: test-slurm deps-slurm
test-slurm: tunnelstat $(BUILD)/gen
	$(TS) GEN=$(CURDIR)/$(BUILD)/gen sh tests/slurm.sh

deps-slurm:
	@$(call apt,slurm-wlm munge)



# `make bench-store`: ingest, nightly and report --db costs (bench/store.sh;
# never part of check). BENCH_SIZE defaults to 200M here.
.PHONY: bench-store
bench-store: tunnelstat $(BUILD)/gen
	BENCH_DIR=$(BENCH_DIR) BENCH_SIZE=$(if $(filter command line,$(origin BENCH_SIZE)),$(BENCH_SIZE),200M) \
	  TUNNELSTAT=$(CURDIR)/$(BUILD)/tunnelstat GEN=$(CURDIR)/$(BUILD)/gen bash bench/store.sh

bench-deps:
	@$(call apt,ripgrep gawk mawk perl time zstd gzip pigz isal libdeflate-tools)

bench: bench-deps tunnelstat $(BUILD)/gen $(BUILD)/nlcount
	BENCH_DIR=$(BENCH_DIR) BENCH_SIZE=$(BENCH_SIZE) TUNNELSTAT=$(CURDIR)/$(BUILD)/tunnelstat \
	  GEN=$(CURDIR)/$(BUILD)/gen NLCOUNT=$(CURDIR)/$(BUILD)/nlcount bash bench/run.sh
	$(MAKE) bench-store

# ---- explain, report kinds and formats, HTML dashboard ----
# `make reports` runs the golden tests of daily/conns/top, --since/--until,
# the table/jsonl/html formats, the progress line and `explain`
# (tests/cli/reports.sh); `make html` renders the dashboard in headless
# Chromium (tests/html/run.sh; Debian's chromium, installed by
# `make deps-html`, which `make test` runs first); `make screenshot` refreshes
# docs/report.png and docs/availability.png (of a small generated corpus), the
# pictures in the README.
.PHONY: reports html deps-html screenshot
reports: tunnelstat
	$(TS) sh tests/cli/reports.sh

html: tunnelstat $(BUILD)/gen
	$(TS) GEN=$(CURDIR)/$(BUILD)/gen sh tests/html/run.sh
	$(TS) sh tests/html/strip.sh

screenshot: tunnelstat $(BUILD)/gen
	mkdir -p docs
	$(TS) GEN=$(CURDIR)/$(BUILD)/gen SCREENSHOT=docs/report.png sh tests/html/run.sh
	rm -rf $(BUILD)/shot && $(BUILD)/gen --seed 11 --size 3M --hosts 2 --peers 8 --days 7 --start 2024-05-06 \
	  --files 2 -o $(BUILD)/shot
	$(TS) STRIP_INPUT=$(BUILD)/shot STRIP_ARGS= SCREENSHOT=docs/availability.png sh tests/html/strip.sh

deps-html:
	@$(call apt,chromium)

# promtool (Debian's prometheus package) checks -f prom and the alert rules.
deps-test:
	@$(call apt,prometheus)

# `make check` alone runs two jobs per core: its suites are independent (each works
# in its own mktemp directory). Elsewhere (deps: one apt at a time) make stays
# serial unless told otherwise; an explicit -j always wins. Two per core, as some
# suites mostly wait (the Slurm daemons, the signal tests).
ifneq ($(filter check unit cli,$(MAKECMDGOALS)),)
ifeq ($(filter -j%,$(MAKEFLAGS)),)
MAKEFLAGS += -j$(shell echo $$(( $$(nproc 2>/dev/null || echo 1) * 2 )))
endif
endif

# ---- the one test block: `make check` runs every suite, `make test` installs first ----
check: layout unit cli reports html gentest real store test-slurm

test: deps deps-html deps-test deps-slurm
	$(MAKE) check
