# Two commands do all set-up on a fresh Debian/Ubuntu machine with Python 3.11+:
#   make run    venv, dependencies, migrations, Yanbian demo data, server on 127.0.0.1:8000
#   make test   the whole suite (lint, types, migrations check, unit, API and browser tests)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= ningju.settings.dev

.PHONY: run test test-only install lint check-migrations browser-deps messages clean

$(BIN)/.installed: pyproject.toml requirements/lock.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c requirements/lock.txt -e ".[dev]"
	touch $@

install: $(BIN)/.installed

run: install
	mkdir -p var
	$(BIN)/ningju i18n compile
	$(BIN)/ningju migrate --noinput
	$(BIN)/ningju demo
	$(BIN)/ningju collectstatic --noinput -v0
	@echo ""
	@echo "Ningju is starting on http://127.0.0.1:$(PORT)/  (login: http://127.0.0.1:$(PORT)/accounts/login/)"
	@echo "Demo accounts (password ningju-demo): admin security auditor chair staff editor member member2 unit unit-signer county-staff"
	@echo ""
	$(BIN)/ningju db_worker --interval 1 & WORKER=$$!; \
	$(BIN)/ningju periodic loop & SCHEDULER=$$!; \
	trap 'kill $$WORKER $$SCHEDULER 2>/dev/null' EXIT INT TERM; \
	$(BIN)/ningju runserver 127.0.0.1:$(PORT)

browser-deps:
	@sh scripts/ensure-browser.sh

test: install browser-deps test-only

test-only:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy ningju
	DJANGO_SETTINGS_MODULE=ningju.settings.test $(BIN)/ningju makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=ningju.settings.test $(BIN)/ningju i18n check
	DJANGO_SETTINGS_MODULE=ningju.settings.test $(BIN)/pytest -n 2 -q

# Serialised with flock: several people (or agents) may regenerate the catalogues at once.
messages: install
	flock /tmp/ningju-messages.lock sh -c '\
	  cd ningju && ../$(BIN)/ningju makemessages -l ko -l zh_Hant --no-obsolete \
	    --ignore="migrations/*" --ignore="devtools/*" && cd .. && \
	  $(BIN)/ningju i18n fill && $(BIN)/ningju i18n traditional && $(BIN)/ningju i18n compile'


clean:
	rm -rf $(VENV) var
