# Two commands for a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEMO_FAMILIES ?= 60
DEMO_SEED ?= 1
HOST ?= 127.0.0.1
PORT ?= 8000

# The demo's printed login and invitation addresses follow the address the server is started on.
demo demo-reset: export WIEG_PUBLIC_URL ?= http://$(HOST):$(PORT)

.PHONY: demo demo-reset test install lint check bench bench-data messages clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# A second `make demo` keeps the data (and says so); `make demo-reset` rebuilds it from scratch.
demo: $(STAMP)
	mkdir -p var/static
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_reference_data
	$(PY) manage.py seed_demo --families $(DEMO_FAMILIES) --seed $(DEMO_SEED)
	@$(PY) manage.py demo_logins
	$(PY) manage.py runserver $(HOST):$(PORT)

demo-reset: $(STAMP)
	mkdir -p var/static
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --families $(DEMO_FAMILIES) --seed $(DEMO_SEED) --reset
	@$(PY) manage.py demo_logins
	$(PY) manage.py runserver $(HOST):$(PORT)

test: $(STAMP)
	$(PY) -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy wieg/care/policies.py wieg/care/services wieg/care/selectors.py
	$(PY) manage.py makemigrations --check --dry-run

# Dutch msgids in each app's own catalogue; French and English are filled in by hand, then compiled.
messages: $(STAMP)
	for app in wieg/*/locale; do \
	  (cd $$(dirname $$app) && DJANGO_SETTINGS_MODULE=wieg.settings PYTHONPATH=../.. \
	    ../../$(VENV)/bin/django-admin makemessages -l nl -l fr -l en --no-obsolete) || exit 1; \
	done
	$(PY) manage.py compilemessages --ignore .venv

# Benchmarks need PostgreSQL and the Flemish-scale demo data set (200,000 families, see bench/README.md):
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/wieg_bench make bench-data bench
bench-data: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --families 200000 --seed 1

bench: $(STAMP)
	$(PY) bench/run.py $(BENCH)

clean:
	rm -rf $(VENV) var/*.sqlite3
