# eventpipe: `make run` installs and runs the nightly flow on the bundled sample corpus;
# `make test` installs and runs the test suite. Both create .venv with pinned dependencies.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# the coder compiled with mypyc (scripts/build_compiled.py); rebuilt when a coder source changes
CODER_SRC := $(wildcard src/eventpipe/coder/*.py)
COMPILED  := src/eventpipe/coder/_compiled/manifest.json
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.PHONY: install run test lint bench seed-check score probe clean

install: $(STAMP) $(COMPILED)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test,dask]'
	touch $@

$(COMPILED): $(STAMP) $(CODER_SRC) scripts/build_compiled.py
	$(BIN)/python scripts/build_compiled.py

run: install
	$(BIN)/eventpipe run

test: install
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check src tests flows scripts
	$(BIN)/mypy src

bench: install
	$(BIN)/python -m pytest -q -m slow
	$(BIN)/python scripts/bench.py

seed-check: install
	$(BIN)/python ../shared/acceptance/check_seed.py "$(BIN)/eventpipe extract {input} -o {output}"

score: install
	$(BIN)/python scripts/score_dev.py

probe: install
	$(BIN)/python scripts/probe_score.py

clean:
	rm -rf $(VENV) build src/eventpipe/coder/_compiled data/curated/*.duckdb data/curated/*.wal data/curated/extracts
