# `make run` and `make test` each create or refresh the virtualenv, then run.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench clean

run: $(VENV)/.run-installed
	@$(BIN)/groupbot run

test: $(VENV)/.test-installed
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest --numprocesses=auto --maxprocesses=4

# Benchmarks print ratios against a baseline run in the same process; not part of `make test`.
bench: $(VENV)/.test-installed
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,digest,bench]' >&2
	@for script in bench/*.py; do echo "== $$script"; PYTHONPATH=. $(BIN)/python $$script || exit 1; done

lint: $(VENV)/.test-installed
	$(BIN)/ruff check src tests bench

$(VENV)/bin/python:
	@$(PYTHON) -m venv $(VENV)

$(VENV)/.run-installed: pyproject.toml | $(VENV)/bin/python
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e . >&2
	@touch $@

$(VENV)/.test-installed: pyproject.toml | $(VENV)/bin/python
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,digest]' >&2
	@touch $@ $(VENV)/.run-installed

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
