# make fuzz: libFuzzer targets for the parsers of outside data (Tests/Fuzz/README.md).
#   FUZZ_SECONDS=N   seconds per target (default 60)   FUZZ_TARGETS="WAVReader ..."   a subset
# make test runs each for FUZZ_SMOKE_SECONDS (10) from the seeds: about a minute with the build.
.PHONY: fuzz fuzz-build test-fuzz-smoke
FUZZ_OUT           ?= build/fuzz
FUZZ_TARGETS       ?= WAVReader ModelImage ABStorage ButtonScript
FUZZ_SMOKE_SECONDS ?= 10

fuzz-build: ## build the libFuzzer targets (build/fuzz/bin)
	@Tests/Fuzz/build.sh $(FUZZ_OUT)

fuzz: fuzz-build ## libFuzzer on the parsers of outside data (FUZZ_SECONDS=60 per target)
	@Tests/Fuzz/run.sh $(FUZZ_OUT) $(FUZZ_TARGETS)

test-fuzz-smoke: fuzz-build ## each fuzz target for 10 s from its seeds (part of make test)
	@FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS) Tests/Fuzz/run.sh $(FUZZ_OUT) $(FUZZ_TARGETS)

test: test-fuzz-smoke
