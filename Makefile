# The two commands of the README: `make demo` (a dry run on the offline replica) and
# `make test` (lint, type check, tests). Both install what they need first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: demo test install browser xvfb postgresql lint typecheck unit replica benchmark mutants load-bearing fuzz clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP) browser

# ESLint for the page-side JavaScript; Debian's Node.js when the machine has none.
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] \
		&& DEBIAN_FRONTEND=noninteractive apt-get update -qq \
		&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; } \
		|| { echo "make lint needs Node.js and npm (https://nodejs.org)"; exit 1; }
	npm ci --no-audit --no-fund --silent
	touch $(NODE_STAMP)

browser: $(STAMP)
	$(BIN)/cifer-bot browser --install

# The training demo's headed test runs under a virtual display on Linux: Debian's xvfb
# when the machine has no xvfb-run.
xvfb:
	@[ "$$(uname)" != Linux ] || command -v xvfb-run >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 \
		&& [ "$$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get update -qq \
		&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xvfb >/dev/null; } \
		|| { echo "make test needs xvfb-run on Linux (Debian or Ubuntu: apt-get install xvfb)"; exit 1; }

# The tests of the shared journal start a PostgreSQL server of their own (initdb, pg_ctl,
# and openssl for its TLS certificate): Debian's postgresql when the machine has none.
postgresql:
	@command -v pg_ctl >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 \
		|| { command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] \
		&& DEBIAN_FRONTEND=noninteractive apt-get update -qq \
		&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql openssl >/dev/null; } \
		|| { echo "make test needs PostgreSQL's server programs (initdb, pg_ctl): install PostgreSQL 13 or later"; exit 1; }

demo: install
	$(BIN)/cifer-bot fill examples/facilities.yaml --dry-run --create-accounts --again --out out/demo

replica: install
	$(BIN)/cifer-bot replica

lint: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check cifer_bot tests benchmarks
	$(BIN)/ruff format --check cifer_bot tests benchmarks
	npx --no-install eslint .

typecheck: $(STAMP)
	$(BIN)/mypy
	MYPYPATH=benchmarks $(BIN)/mypy --strict --follow-imports=silent benchmarks/*.py

unit: install xvfb postgresql
	$(BIN)/pytest

test: lint typecheck unit

benchmark: install
	$(BIN)/python benchmarks/run.py

# The safety rules broken on purpose, one at a time, each caught by a named test (not
# part of `make test`: about ten minutes). `make mutants ONLY=guard-open` runs one.
mutants: install xvfb postgresql
	$(BIN)/python -m tests.mutants $(ONLY)

# Each choice of the generated portals turned off in its turn (the rung or the evidence
# that handles it), each making a named generated portal fail (not part of `make test`).
load-bearing: install xvfb postgresql
	$(BIN)/python -m tests.mutants --choices $(ONLY)

# Random generated portals drawn by hypothesis, each filled end to end (not part of
# `make test`: each is a whole run, 5-10 s). A failing one is printed with its choices:
# keep it under its own name in fixtures/html/generated/portals.yaml (`kept`).
N ?= 100
fuzz: install xvfb postgresql
	CIFER_BOT_FUZZ=$(N) $(BIN)/pytest -m fuzz tests/run/test_generated_fuzz.py

clean:
	rm -rf $(VENV) node_modules out .mypy_cache .ruff_cache .pytest_cache
