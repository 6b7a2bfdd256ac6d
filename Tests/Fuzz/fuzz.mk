# make fuzz: libFuzzer targets for the parsers of outside data (Tests/Fuzz/README.md).
#   FUZZ_SECONDS=N   seconds per target (default 60)   FUZZ_TARGETS="WAVReader ..."   a subset
.PHONY: fuzz fuzz-build
FUZZ_OUT     ?= build/fuzz
FUZZ_TARGETS ?= WAVReader ModelImage ABStorage ButtonScript

fuzz-build:
	@Tests/Fuzz/build.sh $(FUZZ_OUT)

fuzz: fuzz-build
	@Tests/Fuzz/run.sh $(FUZZ_OUT) $(FUZZ_TARGETS)
