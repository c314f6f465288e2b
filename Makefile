# The two commands of the README (demo, test) and the benchmarks.
PYTHON ?= python3.11
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo test install bench
E2E = tests/e2e

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

# axe-core for the browser accessibility check; skipped where there is no npm (the
# browser tests then report themselves skipped outside CI).
$(E2E)/node_modules/.installed: $(E2E)/package-lock.json
	if command -v npm >/dev/null; then cd $(E2E) && npm ci --no-audit --no-fund --silent && touch node_modules/.installed; fi

# The message catalogues (locale/*/LC_MESSAGES/*.po) compiled for the running site; needs GNU gettext.
install: $(BIN)/.installed
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# The layers contract (pyproject.toml) first: an upward import fails the build.
test: install $(E2E)/node_modules/.installed
	$(BIN)/lint-imports
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python -m benchmarks
