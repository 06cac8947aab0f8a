# Space Cinema: `make run` serves the newsroom, `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT

# Local runs use production settings (DEBUG off) with a secret made once per checkout.
SECRET_FILE := .secret-key

.PHONY: help run serve-prod test lint format superuser demo bench bench-varnish bench-newsroom clean venv

help:
	@echo "make run        set up and serve the site on http://127.0.0.1:$(PORT) (and its outbox worker)"
	@echo "make test       set up and run the whole test suite"
	@echo "make superuser  create an admin login for /admin/"
	@echo "make lint       ruff check and format check"
	@echo "make serve-prod serve with production settings (needs SECRET_KEY; see docs/operations.md)"
	@echo "make bench      benchmark the site with 100,000 articles against a bare Django view"
	@echo "make bench-varnish   only make bench's rows through Varnish (a minute or two)"
	@echo "make bench-newsroom  10 minutes of readers while an editor publishes (page cache judged)"

$(VENV)/.python-ok:
	@python_bin=$$(scripts/find-python) || exit 1; \
	if [ -x $(PY) ] && ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		echo "Replacing $(VENV): it was made with a Python older than 3.12."; rm -rf $(VENV); \
	fi; \
	[ -x $(PY) ] || $$python_bin -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@touch $@

$(VENV)/.installed: requirements.txt $(VENV)/.python-ok
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

venv: $(VENV)/.installed-dev

$(SECRET_FILE):
	@$(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@
	@chmod 600 $@

run: $(VENV)/.installed $(SECRET_FILE)
	@export SECRET_KEY="$${SECRET_KEY:-$$(cat $(SECRET_FILE))}" SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0; \
	$(PY) manage.py migrate --no-input && \
	$(PY) manage.py collectstatic --no-input --verbosity 0 && \
	$(PY) manage.py load_demo --if-empty && \
	echo "" && \
	$(PY) manage.py newsroom_status && \
	echo "" && \
	exec scripts/serve

# Production settings exactly: DEBUG off, HTTPS hardening on, a SECRET_KEY you provide,
# whitenoise's compressed hashed static files, gunicorn sized from the CPU count.
serve-prod: $(VENV)/.installed
	@if [ -z "$$SECRET_KEY" ]; then \
		echo "serve-prod needs SECRET_KEY in the environment (and ALLOWED_HOSTS, DATABASE_URL...)." >&2; \
		echo "See docs/operations.md." >&2; exit 1; \
	fi
	@export DEBUG=0; \
	$(PY) manage.py migrate --no-input && \
	$(PY) manage.py collectstatic --no-input --verbosity 0 && \
	$(PY) manage.py check --deploy && \
	exec scripts/serve

# Generates 100,000 articles once (kept in .bench/), then measures with wrk. BENCH_ARTICLES,
# BENCH_SECONDS and BENCH_CONNECTIONS change the size and the load.
bench: $(VENV)/.installed
	@scripts/server-deps
	$(PY) -m bench.load

# make bench's rows through Varnish alone, on the same bench newsroom; BENCH_VARNISH_SECONDS
# (2) a run, page and static file in turn twice.
bench-varnish: $(VENV)/.installed
	@scripts/server-deps
	$(PY) -m bench.varnish

# A newsroom at work on a copy of the bench newsroom: readers for BENCH_NEWSROOM_SECONDS (600)
# while an editor publishes or edits every BENCH_NEWSROOM_INTERVAL (30) s. Not part of CI.
bench-newsroom: $(VENV)/.installed
	$(PY) -m bench.newsroom

superuser: $(VENV)/.installed $(SECRET_FILE)
	@SECRET_KEY="$${SECRET_KEY:-$$(cat $(SECRET_FILE))}" $(PY) manage.py migrate --no-input --verbosity 0
	SECRET_KEY="$${SECRET_KEY:-$$(cat $(SECRET_FILE))}" $(PY) manage.py createsuperuser

test: $(VENV)/.installed-dev
	@scripts/test-deps
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles node_modules .pytest_cache .cache .bench
