# eventpipe: `make run` installs and runs the nightly flow on the bundled sample corpus;
# `make test` installs and runs the test suite. Both create .venv with pinned dependencies.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.PHONY: install run test lint bench seed-check score clean

install: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test,dask]'
	touch $@

run: $(STAMP)
	$(BIN)/eventpipe run

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests flows scripts
	$(BIN)/mypy src

bench: $(STAMP)
	$(BIN)/python -m pytest -q -m slow
	$(BIN)/python scripts/bench.py

seed-check: $(STAMP)
	$(BIN)/python ../shared/acceptance/check_seed.py "$(BIN)/eventpipe extract {input} -o {output}"

score: $(STAMP)
	$(BIN)/python scripts/score_dev.py

clean:
	rm -rf $(VENV) data/curated/*.duckdb data/curated/*.wal data/curated/extracts
