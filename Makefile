# Everyday commands. Needs GNU make and Python 3.11+; Node.js/npm, Java and Chromium are
# needed only by the browser quality gates (tests/browser/), which skip locally without them.
#
#   make serve        build the explainer and preview it at http://127.0.0.1:8000/ (live reload)
#   make test         run the whole test suite
#   make build        build the site into site/
#   make check        validate the content and report coverage; writes nothing
#   make screenshots  full-page PNGs of every page at 390/1280 px, light/dark, into screenshots/
#   make lighthouse   Lighthouse scores (median of 3 runs) for index.html and statements.html
#   make messages     extract the interface strings and merge them into every language's catalog
#   make clean        remove site/, .venv, node_modules, screenshots/ and caches
#
# make test PYTEST_ARGS='-x -k links' passes arguments to pytest; the browser quality gates
# alone: make test PYTEST_ARGS=tests/browser (or -m 'not browser' to leave them out).

PYTHON ?= python3
VENV := .venv
VENV_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
PYTEST_ARGS ?=

.PHONY: help serve build check test screenshots lighthouse messages clean $(VENV) node_modules
.DEFAULT_GOAL := help

help:
	@sed -n 's/^#   //p' $(firstword $(MAKEFILE_LIST))

# The virtual environment, with the project installed editable plus its test extra.
# Re-installed whenever pyproject.toml changes.
$(VENV): $(VENV_STAMP)

$(VENV_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --disable-pip-version-check -e '.[test]'
	touch $@

# Node packages for the quality gates (vnu-jar, axe-core), exactly as package-lock.json pins
# them. --ignore-scripts: vnu-jar's postinstall would try to download a Java runtime.
node_modules: $(NODE_STAMP)

$(NODE_STAMP): package-lock.json package.json
	@if [ ! -f package-lock.json ]; then \
		echo "make: no package-lock.json; skipping npm ci"; \
	elif ! command -v npm >/dev/null 2>&1; then \
		echo "make: npm not found; the browser quality gates will skip (install Node.js and npm, then run: npm ci --ignore-scripts)"; \
	else \
		npm ci --ignore-scripts --no-audit --no-fund && touch $@; \
	fi

serve: $(VENV)
	$(VENV)/bin/explainer serve

build: $(VENV)
	$(VENV)/bin/explainer build

check: $(VENV)
	$(VENV)/bin/explainer check

test: $(VENV) node_modules
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)

screenshots: $(VENV)
	$(VENV)/bin/python scripts/screenshots.py

lighthouse: $(VENV)
	$(VENV)/bin/python scripts/lighthouse.py

messages: $(VENV)
	$(VENV)/bin/python scripts/messages.py

clean:
	rm -rf site .site-* $(VENV) node_modules screenshots .pytest_cache .hypothesis .cache build *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
