# One command sets up and runs the sample story (`make demo`), one sets up and runs every
# check (`make test`). Both create ./.venv on first use and reuse it afterwards.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STORY ?= ../shared/stories/venezuela-dock-strike
STAMP := $(VENV)/.installed
# The store `make serve` uses (`consilience serve` alone uses the user's data directory).
SERVE_DB ?= .service/store.sqlite

.PHONY: setup browser demo serve test lint typecheck unit gates bench fuzz fuzz-atheris clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,minilm,spacy,service,dask]'
	touch $(STAMP)

setup: $(STAMP)

# Debian's chromium for the browser tests (the playwright package comes with '.[dev]').
browser:
	scripts/ensure-browser.sh

demo: setup
	$(BIN)/consilience analyze $(STORY) --format text

# The web app on http://127.0.0.1:8000/ with the sample story in its store.
serve: setup
	$(BIN)/consilience add --db $(SERVE_DB) $(STORY)
	$(BIN)/consilience serve --db $(SERVE_DB)

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: setup
	$(BIN)/mypy

unit: setup browser
	$(BIN)/python -m pytest

gates: setup
	$(BIN)/python benchmarks/gate.py

test: lint typecheck unit gates

# The long fuzzing run: 100,000 hostile inputs, every invariant checked, counts printed.
fuzz: setup
	$(BIN)/python benchmarks/fuzz.py

# Coverage-guided fuzzing of the text path (atheris, the `fuzz` extra).
fuzz-atheris: setup
	$(BIN)/python -m pip install --quiet -e '.[fuzz]'
	mkdir -p benchmarks/out/atheris-corpus
	$(BIN)/python benchmarks/fuzz_atheris.py -atheris_runs=100000 benchmarks/out/atheris-corpus $(STORY)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
