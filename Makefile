# Two commands on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export WVGGZ_DATABASE_URL ?= sqlite:///$(CURDIR)/var/wvggz.db

.PHONY: setup run test test-postgres bench lint fuzz clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	bash scripts/systeempakketten.sh  # Pango, HarfBuzz, fonts for WeasyPrint (PDF documents)
	$(BIN)/pip install -q -e ".[test]"
	touch $(STAMP)

AXE := tests/browser/node_modules/axe-core/axe.min.js

# axe-core (npm) for the browser tests' accessibility scan; injected by the tests, never served by the app.
$(AXE): tests/browser/package.json
	@if command -v npm >/dev/null 2>&1; then npm install --prefix tests/browser --no-audit --no-fund --silent && touch $(AXE); \
	else echo "npm ontbreekt: de toegankelijkheidsscan in tests/browser faalt zonder axe-core"; fi

setup: $(STAMP) $(AXE)
	mkdir -p var
	$(BIN)/wvggz migrate

run: setup  # development mode: demo data allowed, a strong key generated once in var/secret_key
	WVGGZ_OMGEVING=ontwikkeling $(BIN)/wvggz seed
	WVGGZ_OMGEVING=ontwikkeling $(BIN)/wvggz dev --host 127.0.0.1 --port 8000

test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -p no:xdist tests/api/test_fuzz_schemathesis.py  # schemathesis items need one process
	$(BIN)/python -m pytest -n 2 --dist loadfile --ignore=tests/api/test_fuzz_schemathesis.py $(PYTEST_ARGS)

# The whole suite again, every test on a fresh PostgreSQL database (WVGGZ_TEST_POSTGRES_URL: a server where
# the user may CREATE DATABASE). The schemathesis fuzz stays on SQLite (its app is built at import time).
test-postgres: setup
	WVGGZ_TEST_DATABASE=postgres $(BIN)/python -m pytest -n 2 --dist loadfile \
		--ignore=tests/api/test_fuzz_schemathesis.py $(PYTEST_ARGS)

bench: setup
	$(BIN)/python -m pytest tests/benchmarks -p no:randomly -s -q -o addopts="" $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) var
