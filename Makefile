# Agora: the two commands a new machine needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run serve test bench lint screenshots clean

$(BIN)/agora: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,web]'
	@touch $@

node_modules/.agora-installed: package.json package-lock.json
	# `npm install`, not `npm ci`: the lock file records only the platform packages of the machine
	# that wrote it, and anvil/cast ship one optional package per platform.
	npm install --no-audit --no-fund
	@touch $@

## Run Agora on the local devnet (starts anvil, deploys and seeds a demo the first time).
run: $(BIN)/agora node_modules/.agora-installed
	$(BIN)/agora

## Serve Agora in a browser page on this computer (loopback only; opens the page).
serve: $(BIN)/agora node_modules/.agora-installed
	$(BIN)/agora serve --open

## Run the whole test suite (installs everything it needs first).
# It must stay within 20 minutes on 2 cores: it ends with the 15 slowest test phases and the
# total (tests/README.md). worksteal: an idle worker takes queued tests from a busy one, so long
# end-to-end tests do not pile up on one worker at the tail.
test: $(BIN)/agora node_modules/.agora-installed
	$(BIN)/ruff check tui tests
	$(BIN)/ruff format --check tui tests
	$(BIN)/mypy
	bash tests/with-keyring.sh $(BIN)/python -m pytest -n 2 --dist worksteal --durations=15 $(PYTEST_ARGS)

## Benchmarks, on demand only.
bench: $(BIN)/agora node_modules/.agora-installed
	$(BIN)/python -m pytest -m benchmark -s -p no:xdist tests/benchmarks $(PYTEST_ARGS)

lint: $(BIN)/agora
	$(BIN)/ruff check tui tests
	$(BIN)/ruff format --check tui tests
	$(BIN)/mypy

## Regenerate screenshots/*.svg from the same app factory the tests use.
screenshots: $(BIN)/agora
	$(BIN)/python -m tui.ui.screenshots screenshots

clean:
	rm -rf $(VENV) node_modules
