# The portal's commands. Everything runs inside a project-local virtual environment (.venv);
# with DATABASE_URL unset, a project-local PostgreSQL is started in .pgdata/.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# manage.py uses the development settings (integration_portal/settings/development.py).
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test lint format demo db-stop install clean bench-import messages vnu

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

## make run: set everything up, load the demo data and serve the portal, with a worker for
## the background jobs beside it.
run: demo
	@$(MANAGE) create_demo_admin
	@echo "Portail : http://$(HOST):$(PORT)/  —  administration : http://$(HOST):$(PORT)/admin/"
	@# The background jobs' worker runs beside the development server and stops with it.
	@$(MANAGE) procrastinate worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

# The production settings (integration_portal/settings/production.py): they need the variables
# of the README's « Déployer » (DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL…).
PRODUCTION := DJANGO_SETTINGS_MODULE=integration_portal.settings.production

## make serve: the production set-up on one machine: collect the static files, apply the
## migrations and serve the portal with gunicorn (gunicorn.conf.py), without the demo.
serve: install
	$(PRODUCTION) $(MANAGE) collectstatic --no-input --verbosity 0
	$(PRODUCTION) $(MANAGE) migrate --no-input
	$(PRODUCTION) $(BIN)/gunicorn --config gunicorn.conf.py --bind $(HOST):$(PORT)

## make demo: (re)load the demo data only (into the project-local database).
demo: install
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo

## make test: the whole suite, against PostgreSQL.
test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## make lint: ruff (lint and format check) and the migrations check.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run

## make messages: extract the interface's strings into locale/*/django.po and compile them.
## Needs GNU gettext (development only: the compiled catalogues are committed). French is the
## source language: its catalogue repeats each string, for French plural rules (locale/tidy.py).
messages: install
	$(MANAGE) makemessages -l fr -l en --no-obsolete --ignore=.venv --ignore=tests --ignore=benchmarks \
		--ignore=templates/admin/import_export --ignore=templates/rest_framework
	$(BIN)/python locale/tidy.py
	$(MANAGE) compilemessages --ignore=.venv

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make bench-import: the import benchmark against its COPY floor (prints its figures).
bench-import: install
	$(BIN)/python -m benchmarks.bench_import

## make bench-web: the public pages under load (gunicorn, wrk), against a trivial view.
.PHONY: bench-web
bench-web: install
	$(BIN)/python -m benchmarks.bench_web

## make vnu: the Nu HTML Checker (npm's vnu-jar, into .vnu/), which the test suite runs on
## every public page type; it needs npm to install and a Java runtime to run.
VNU_VERSION := 26.9.27
VNU_JAR := .vnu/node_modules/vnu-jar/build/dist/vnu.jar
vnu: $(VNU_JAR)

$(VNU_JAR):
	npm install --prefix .vnu --no-save --no-audit --no-fund --ignore-scripts vnu-jar@$(VNU_VERSION)

## make backup: save the database (pg_dump, custom format) into backups/ (BACKUP_DIR).
## make restore FILE=backups/portail-….dump: replace the database's data with a backup's.
.PHONY: backup restore
backup: install
	$(MANAGE) backup
restore: install
	@if [ -z "$(FILE)" ]; then echo "Usage : make restore FILE=backups/portail-AAAAMMJJ-HHMMSS.dump"; exit 2; fi
	$(MANAGE) restore "$(FILE)"

## make bench-cache: a worker's memory after 60 variants of heavy addresses (page cache).
.PHONY: bench-cache
bench-cache: install
	$(BIN)/python -m benchmarks.cache_memory

## make outage: the portal under light load while a database of its own stops and starts
## again; prints the answers' statuses and how long until the pages come back.
.PHONY: outage
outage: install
	$(BIN)/python -m benchmarks.outage

## make worker: the background jobs' worker (imports, e-mails, periodic tasks).
.PHONY: worker
worker: install
	$(MANAGE) procrastinate worker

## make db-stop: stop the project-local PostgreSQL.
db-stop:
	@if [ -x $(BIN)/python ]; then $(BIN)/python -m integration_portal.localdb stop; fi

clean: db-stop
	rm -rf $(VENV) .pgdata .vnu
