# The two commands: `make run` and `make test`. Everything else is a step they use.
SHELL := /bin/sh
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE := gocluster.settings
# `make run` and `make test` are the development environment: generated secret key, DEBUG, demo data. Outside
# it (GOCLUSTER_ENV=production, the default of the settings) every secret must come from the environment.
GOCLUSTER_ENV ?= development
export GOCLUSTER_ENV
# The local demo may switch the two-factor obligation off: make run REQUIRE_MFA=false (development only)
REQUIRE_MFA ?= true
export REQUIRE_MFA
# Placeholders with which `make test` validates docker-compose.yml (which has no defaults for secrets).
COMPOSE_CHECK_ENV := SECRET_KEY=compose-check POSTGRES_PASSWORD=compose-check ALLOWED_HOSTS=localhost \
	SITE_URL=https://localhost SMTP_HOST=mailcatcher

.PHONY: run test lint pictures demo assets messages install migrate bench clean

run: install assets messages migrate demo
	@echo ""
	@echo "go-cluster läuft auf http://127.0.0.1:8000  (Strg+C beendet)"
	@echo "Demo-Zugänge, Passwort jeweils: go-cluster-demo"
	@echo "  manager@example.org  staff@example.org  ministry@example.org"
	@echo "  board1@example.org … board5@example.org  admin@example.org"
	@echo "Mails landen im Postausgang und auf dieser Konsole."
	$(PY) manage.py runserver 127.0.0.1:8000

test: install assets messages
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	@if command -v docker-compose >/dev/null 2>&1; then \
	  env $(COMPOSE_CHECK_ENV) docker-compose -f docker-compose.yml config -q && echo "docker-compose.yml: valid"; \
	else echo "docker-compose not installed: compose file not validated"; \
	  [ -z "$$CI" ] || exit 1; fi
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

# The tests draw screenshots and letter pages into build/; this copies them into docs/ on purpose.
pictures:
	@test -d build || { echo "build/ is empty: run make test first"; exit 1; }
	@for kind in screenshots letters; do [ ! -d build/$$kind ] || cp build/$$kind/*.png docs/$$kind/; done
	@echo "docs/screenshots and docs/letters refreshed from build/"

demo: install migrate
	$(PY) manage.py seed_demo

migrate: install
	$(PY) manage.py migrate --noinput

bench: install assets
	$(PY) -m tests.bench

install: $(STAMP)

$(STAMP): requirements.lock
	@PYTHON_BIN=$$(scripts/find-python) || exit 1; \
	  if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$PYTHON_BIN"; "$$PYTHON_BIN" -m venv $(VENV) || exit 1; fi
	$(PY) -m pip install --quiet --upgrade pip
	# The lock is the complete closure, so it installs without resolving (django-celery-beat 2.9
	# declares Django<6.1 but is tested upstream on 6.1; see docs/operations.md).
	$(PY) -m pip install --quiet --no-deps -r requirements.lock
	@touch $(STAMP)

assets: static/vendor/.copied

static/vendor/.copied: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	scripts/copy-assets
	@touch $@

# Our formal-German ("Sie") translations and the English texts, compiled with gettext's msgfmt.
messages: locale/de/LC_MESSAGES/django.mo locale/en/LC_MESSAGES/django.mo

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	@command -v msgfmt >/dev/null || { echo "msgfmt fehlt: apt-get install gettext"; exit 1; }
	msgfmt --check -o $@ $<

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles var build
