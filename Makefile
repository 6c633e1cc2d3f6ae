# V-STID — the two commands of the README are `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_VERSION := $(shell ls /etc/postgresql 2>/dev/null | head -1)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PYTEST_ARGS ?=

.PHONY: demo serve test test-fast lint typecheck pytest setup system-deps pg-up i18n migration bench clean

demo: setup  ## set up, create the SQLite database, load demo data, serve on :8000
	$(BIN)/vstid demo --host 127.0.0.1 --port 8000

serve: setup
	$(BIN)/vstid serve

test: setup system-deps pg-up lint typecheck pytest  ## everything CI runs

test-fast: setup pg-up lint typecheck  ## the quick loop: no browser, no real model, no kill -9
	$(BIN)/pytest -n 2 -m "not browser and not slow and not killtest" $(PYTEST_ARGS)

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

system-deps:  ## Debian packages the browser tests need
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

pg-up:  ## start the local PostgreSQL cluster if it is down
	@if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
		$(SUDO) pg_ctlcluster --skip-systemctl-redirect $(PG_VERSION) main start; \
		for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; \
	fi
	@pg_isready -h 127.0.0.1 -p 5432

lint: setup
	$(BIN)/ruff check src tests bench migrations
	$(BIN)/ruff format --check src tests bench migrations

typecheck: setup
	$(BIN)/mypy

pytest: setup
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

i18n: setup  ## re-extract messages and update the catalogs
	$(BIN)/pybabel extract -F babel.cfg -o src/vstid/translations/messages.pot --no-location --sort-output src/vstid
	for l in vi en ja ko; do \
		if [ -f src/vstid/translations/$$l/LC_MESSAGES/messages.po ]; then \
			$(BIN)/pybabel update -i src/vstid/translations/messages.pot -d src/vstid/translations -l $$l --no-fuzzy-matching --omit-header; \
		else $(BIN)/pybabel init -i src/vstid/translations/messages.pot -d src/vstid/translations -l $$l; fi; \
	done

migration: setup  ## autogenerate a migration: make migration m="what changed"
	$(BIN)/alembic -c alembic.ini revision --autogenerate -m "$(m)"

bench: setup
	$(BIN)/python bench/xling.py
	$(BIN)/python bench/assignment.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache test-artifacts
