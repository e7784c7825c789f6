# Thin wrapper around CMake/ctest. `make run` and `make test` are the two
# commands a newcomer needs; both install missing Debian packages first.
BUILD_DIR ?= build
JOBS      ?= $(shell nproc)
RUN_ARGS  ?=

.PHONY: all deps configure build test run fuzz clean

all: build

deps:
	@bash scripts/deps.sh

configure: deps
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

run: build
	@$(BUILD_DIR)/relay/hrn-relay $(RUN_ARGS)

clean:
	@rm -rf $(BUILD_DIR)
