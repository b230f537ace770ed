# Two commands on a fresh clone: `make demo` and `make test`.
# Only Python 3.11+, git and make are needed; everything else comes from PyPI into .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test bench corpus reliability clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

# The main job on the embedded default: the spec, the sample docs, the contract runs of
# both v1 dialects and of Comfy API v2 against the reference server, and the docs' own
# runnable samples.
# The sample docs are seeded with defects (one sample hangs on purpose), so those
# steps report them without failing the demo (--exit-zero).
demo: $(STAMP)
	$(BIN)/jobs-checks spec validate
	$(BIN)/jobs-checks lint docs_snippets --exit-zero
	$(BIN)/jobs-checks lint docs_snippets/development/cloud/complete-example.mdx --suggest v2
	$(BIN)/jobs-checks contract --profile comfyui --seed 1
	$(BIN)/jobs-checks contract --profile cloud --seed 1
	$(BIN)/jobs-checks contract --profile v2 --seed 1
	$(BIN)/jobs-checks examples run docs_snippets --timeout 5 --exit-zero

# pytest exits 5 when it collected no test: that is a failure here, not a pass.
test: $(STAMP)
	$(BIN)/python -m pytest -q; rc=$$?; if [ $$rc -eq 5 ]; then echo "no tests were collected" >&2; exit 1; fi; exit $$rc

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

# Lint the real docs corpus in ../shared/corpus/ (skipped with a note when it is absent).
# CORPUS_ARGS passes options through, e.g. CORPUS_ARGS="--dump findings.json".
corpus: $(STAMP)
	$(BIN)/python bench/corpus.py $(CORPUS_ARGS)

# Every hostile input of the reliability suite (tests/reliability), measured: one table row
# each, with time and peak memory; exit 1 when a row fails. RELIABILITY_ARGS=--quick skips
# the two 10-second servers.
reliability: $(STAMP)
	$(BIN)/python bench/reliability.py $(RELIABILITY_ARGS)

clean:
	rm -rf $(VENV) build dist .jobs-checks-cache
