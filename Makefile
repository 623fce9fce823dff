# The two commands of the README: `make demo` (a dry run on the offline replica) and
# `make test` (lint, type check, tests). Both install what they need first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install browser lint typecheck unit replica benchmark clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP) browser

browser: $(STAMP)
	$(BIN)/cifer-bot browser --install

demo: install
	$(BIN)/cifer-bot fill examples/facilities.yaml --dry-run --create-accounts --again --out out/demo

replica: install
	$(BIN)/cifer-bot replica

lint: $(STAMP)
	$(BIN)/ruff check cifer_bot tests benchmarks
	$(BIN)/ruff format --check cifer_bot tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

unit: install
	$(BIN)/pytest

test: lint typecheck unit

benchmark: install
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) out .mypy_cache .ruff_cache .pytest_cache
