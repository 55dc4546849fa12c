# The two commands a new machine needs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test
REDIS_TEST_URL ?= redis://127.0.0.1:6379/15

.PHONY: run test test-embedded test-services bench lint format clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

## The full demo on the embedded defaults: console on http://127.0.0.1:5000, every sandbox
## with demo data, an in-process worker; the demo organization and user are printed.
run: $(STAMP)
	$(VENV)/bin/hub demo

## The whole suite: on SQLite + fakeredis, then on PostgreSQL + Redis.
test: test-embedded test-services

test-embedded: $(STAMP)
	env -u HUB_TEST_DATABASE_URL -u HUB_TEST_REDIS_URL $(PY) -m pytest

test-services: $(STAMP)
	HUB_TEST_DATABASE_URL=$${HUB_TEST_DATABASE_URL:-$(PG_URL)} \
	HUB_TEST_REDIS_URL=$${HUB_TEST_REDIS_URL:-$(REDIS_TEST_URL)} $(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/store.py
	$(PY) bench/sync.py
	$(PY) bench/sync.py --memory
	$(PY) bench/widgets.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) instance *.egg-info
