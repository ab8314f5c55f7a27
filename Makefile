# Two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
INSTALLED := $(VENV)/.installed
LOCK := requirements.lock
CHROMIUM := /usr/bin/chromium

.PHONY: run test lint format translations compile-translations migrate seed system browser \
	gettext lock lock-upgrade clean

# WeasyPrint draws PDF letters with Pango and subsets their fonts with HarfBuzz; install
# them when missing and we may.
system:
	@if ! ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0" \
		|| ! ldconfig -p 2>/dev/null | grep -q "libharfbuzz-subset.so.0"; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Pango and HarfBuzz for PDF letters..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
				apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 \
				libharfbuzz-subset0 >/dev/null; \
		else \
			echo "Pango or HarfBuzz is missing: PDF letters will not work until they are installed."; \
		fi; \
	fi

# Exactly the locked versions, checked against their hashes; then the project itself, built
# by the locked setuptools.
$(INSTALLED): $(LOCK) pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# Re-resolve requirements.lock after a change to pyproject.toml, keeping the locked versions
# where they still fit. `make lock-upgrade` moves everything to the newest versions allowed;
# `make lock-upgrade PACKAGE=flask` moves only that one.
UV_COMPILE = $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 \
	--generate-hashes --extra dev --quiet --custom-compile-command "make lock" -o $(LOCK)

lock: $(INSTALLED)
	$(UV_COMPILE)

lock-upgrade: $(INSTALLED)
	$(UV_COMPILE) $(if $(PACKAGE),--upgrade-package $(PACKAGE),--upgrade)

# Compiled catalogues (.mo) are built here, never committed.
compile-translations: $(INSTALLED)
	@if ls translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(BIN)/pybabel -q compile -d translations; fi

# Extract every marked string, merge it into each language's catalogue, compile.
translations: $(INSTALLED)
	$(BIN)/pybabel -q extract -F babel.cfg -c "Translators:" -k _l -k lazy_gettext \
		-k ngettext:1,2 --sort-by-file --no-wrap --project Passerelle \
		--copyright-holder "Passerelle contributors" -o translations/messages.pot .
	@if ls translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(BIN)/pybabel -q update -N --ignore-obsolete --no-wrap -i translations/messages.pot -d translations; fi
	$(MAKE) compile-translations

migrate: $(INSTALLED)
	$(FLASK) db upgrade

# The dashboard summary follows every change made through the application; rebuilding it
# here also fills it for a database created before it existed.
seed: migrate
	$(FLASK) seed-demo --if-empty
	@$(FLASK) dashboards rebuild >/dev/null
	@$(FLASK) maintenance analyse >/dev/null

run: system compile-translations seed
	@echo "Passerelle is starting on http://127.0.0.1:5000 (Ctrl+C to stop)."
	$(FLASK) run --host 127.0.0.1 --port 5000

# Browser tests drive Debian's Chromium, with fonts for Arabic and Ethiopic scripts, and
# turn PDF letters into images with poppler; install them when missing and we may.
browser:
	@if [ ! -x $(CHROMIUM) ] || ! command -v pdftoppm >/dev/null \
		|| ! fc-list 2>/dev/null | grep -qi "Noto Sans Ethiopic"; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Chromium and Noto fonts for the browser tests..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
				apt-get install -y -qq chromium fonts-noto-core poppler-utils >/dev/null; \
		else \
			echo "Chromium or its fonts are missing and cannot be installed here:" \
				"browser tests will be skipped."; \
		fi; \
	fi

test: $(INSTALLED) system compile-translations browser
	$(BIN)/pytest

# GNU msgfmt checks what Babel lets through (duplicate entries, placeholders in C formats).
gettext:
	@if ! command -v msgfmt >/dev/null; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing gettext to check the catalogues..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
				apt-get install -y -qq gettext >/dev/null; \
		else \
			echo "msgfmt is missing: install GNU gettext to check the catalogues."; exit 1; \
		fi; \
	fi

# Each catalogue on its own: given several files at once, msgfmt merges them into one.
lint: $(INSTALLED) gettext
	@status=0; for catalogue in translations/*/LC_MESSAGES/messages.po; do \
		msgfmt --check -o /dev/null "$$catalogue" || status=1; done; exit $$status
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts
