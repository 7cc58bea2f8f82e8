# Asal: two commands. `make run` serves the demo shop; `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: stress run test test-setup system-deps bench install install-dev graphiql audit services chromium lint \
	typecheck contracts pytest demo schema clean interop-deps

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e ".[dev]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.dev-installed

## make graphiql: GraphiQL's bundles from the npm registry (infra/graphiql/package-lock.json pins them
## with integrity hashes), served from /static/graphiql/ so /graphql/ works offline; once per lock change
GRAPHIQL_STAMP := infra/graphiql/dist/.installed
graphiql: $(GRAPHIQL_STAMP)
$(GRAPHIQL_STAMP): infra/graphiql/package.json infra/graphiql/package-lock.json infra/graphiql/install.sh
	bash infra/graphiql/install.sh

## make run: set everything up and serve the demo shop on http://$(HOST):$(PORT) (GraphiQL at /graphql/)
run: export PUBLIC_URL ?= http://$(HOST):$(PORT)
run: install graphiql
	@$(PY) infra/dev/check_port.py $(HOST) $(PORT)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo

## make test: install the dev tools, start PostgreSQL, Redis and the S3 gateway, lint, type-check, test.
## The set-up and the static checks run side by side (test-setup: the npm installs, the services and
## the audit mostly wait on the network or on daemons while mypy uses a core), then pytest alone.
test: install-dev
	@$(MAKE) --no-print-directory -j4 --output-sync=target test-setup
	@$(MAKE) --no-print-directory pytest

test-setup: graphiql interop-deps system-deps audit lint typecheck contracts

# apt-get takes one lock: the services (Ceph's packages the first time) and then chromium, in turn.
system-deps:
	bash infra/dev/services.sh
	bash infra/dev/chromium.sh

## make audit: pip-audit of the installed dependencies; fails on a known vulnerability, and says
## loudly when no vulnerability service can be reached (ASAL_AUDIT_REQUIRED=1 makes that fail too)
audit: install-dev
	$(PY) -m infra.dev.dependency_audit

services:
	bash infra/dev/services.sh

# Debian's chromium for the browser tests (Playwright drives it; no tool downloads a browser).
chromium:
	bash infra/dev/chromium.sh

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck:
	$(VENV)/bin/mypy storefront provenance payments graphql_schema infra/demo \
		infra/security.py infra/landing.py infra/serve.py infra/dev/dependency_audit.py infra/admin/*.py

contracts:
	$(VENV)/bin/lint-imports

## the independent verifier of tests/interop (Digital Bazaar's, from the npm registry, pinned by its
## package-lock.json): npm ci only when node_modules is missing or older than the lock
INTEROP := tests/interop
interop-deps: $(INTEROP)/node_modules/.installed

$(INTEROP)/node_modules/.installed: $(INTEROP)/package.json $(INTEROP)/package-lock.json
	cd $(INTEROP) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

## pytest prints its 40 slowest tests: the ranking to trim when make test nears its 15-minute budget
pytest: interop-deps graphiql
	set -a; [ -f var/test-services.env ] && . var/test-services.env; set +a; \
	$(PY) -m pytest -n 2 --dist loadgroup --durations=40 $(PYTEST_ARGS)

## make stress: the checkout races (buyers in threads on PostgreSQL, tests marked ``race``) 20 times
## each instead of make test's 3; one race at a time, at most 8 connections each
stress: install-dev services
	set -a; [ -f var/test-services.env ] && . var/test-services.env; set +a; \
	ASAL_RACE_REPEATS=$${ASAL_RACE_REPEATS:-20} $(PY) -m pytest -p no:randomly -m race $(PYTEST_ARGS)

## make bench: certificate verification vs bare Ed25519 on one core, then the storefront's catalogue
## documents at 1,000 and 10,000 generated products (one database each, generated once), uncached
## and cached, at concurrency 8 and 32 (infra/bench.py), then the storefront's guest checkout flow.
## The full run: make bench BENCH_ARGS="--sizes 1000,10000,100000 --rounds 3"
bench: install-dev services
	$(PY) -m provenance.vc.benchmark
	$(PY) -m infra.bench $(BENCH_ARGS)
	$(PY) -m infra.bench_checkout $(BENCH_CHECKOUT_ARGS)

## make schema: regenerate the committed schema.graphql after changing the API (a test compares them)
schema: install
	$(PY) manage.py export_schema graphql_schema.schema --path schema.graphql

clean:
	rm -rf var/asal.sqlite3 var/asal.sqlite3-wal var/asal.sqlite3-shm var/media
