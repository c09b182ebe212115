# SPDX-License-Identifier: AGPL-3.0-or-later
# A thin wrapper over Meson. `make demo` and `make check` set up a fresh
# machine themselves (scripts/setup installs packages; it is quiet and skips
# what is present).

BUILD ?= build
RELEASE ?= build-release
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60

.PHONY: all deps build release demo check test unit e2e bench fuzz clean

all: build

deps:
	@scripts/setup

$(BUILD)/build.ninja:
	@meson setup $(BUILD) -Db_sanitize=address,undefined -Db_lundef=false >/dev/null

# the web UI (web/ -> web/dist, served by ricsd under /ui/) is built with it
build: deps $(BUILD)/build.ninja
	@ninja -C $(BUILD) >/dev/null || ninja -C $(BUILD)
	@(cd web && npm run --silent build >/dev/null 2>&1) || (cd web && npm run build)

$(RELEASE)/build.ninja:
	@meson setup $(RELEASE) --buildtype=release -Dtests=false >/dev/null

release: deps $(RELEASE)/build.ninja
	@ninja -C $(RELEASE) >/dev/null || ninja -C $(RELEASE)

demo: build
	@scripts/demo

check: build
	@scripts/check

bench: release
	@scripts/bench

fuzz: deps
	@scripts/fuzz $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) $(RELEASE) $(FUZZ_BUILD)
