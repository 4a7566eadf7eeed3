# Two commands on a fresh machine: `make run` and `make test`.
# Both first run scripts/setup.sh, which installs only what is missing.
VENV ?= .venv
PYTEST_ARGS ?=

.PHONY: setup run test lint format

setup:
	@scripts/setup.sh

run: setup
	$(VENV)/bin/invoice-capture up

test: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check .

format: setup
	$(VENV)/bin/ruff format .
