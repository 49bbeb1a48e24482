# The two commands: `make run` serves the site, `make test` runs the whole suite.
# Both set up everything they need on a fresh machine.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DEBUG ?= 1

# The suite runs against the real services; override to point elsewhere.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/quizapp
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

.PHONY: run test lint services browser compose-tool figures screenshots clean hall compose-check stack drills

$(VENV)/.runtime: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

run: $(VENV)/.runtime
	@bash .ci/serve

# The production processes (gunicorn, a Celery worker, beat; DEBUG=0) against the local
# PostgreSQL and Redis; Ctrl-C stops them all (docs/deploy.md, "One machine, without
# containers").
stack: $(VENV)/.runtime services
	@bash .ci/stack

services:
	@bash .ci/services

browser:
	@bash .ci/browser

compose-tool:
	@bash .ci/compose-tool

test: $(VENV)/.dev services browser compose-tool
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
		$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

screenshots: $(VENV)/.dev services browser
	UPDATE_SCREENSHOTS=1 DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
		$(PY) -m pytest tests/browser/test_screenshots.py

figures: $(VENV)/.dev
	$(PY) fixtures/figures/make_figures.py

$(VENV)/.bench: $(VENV)/.runtime
	$(PY) -m pip install --quiet -e '.[bench]'
	touch $@

# An exam hall against a DEBUG=0 stack on loopback: STUDENTS=300 make hall (docs/performance.md).
hall: $(VENV)/.bench services
	@bash benchmarks/run_hall.sh

# Fault drills, each on private PostgreSQL/Redis instances: DRILL=worker-kill make drills
# (docs/performance.md, "Fault drills").
drills: $(VENV)/.bench
	$(PY) benchmarks/drills/run.py $${DRILL:-all}

# The deployment files, checked without a container engine: docker-compose (Debian's, installed
# by .ci/compose-tool) reads the file as an engine would; tests/deploy check the rest.
compose-check: $(VENV)/.dev services compose-tool
	docker-compose --file docker-compose.yml config --quiet && echo "docker-compose config: ok"
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) -m pytest -q tests/deploy

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
