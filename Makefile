# Housekey developer commands. `make run` and `make test` work on a fresh machine.
SHELL := /bin/bash
PYTHON ?= $(shell PYENV_VERSION=3.13.0 pyenv which python3.13 2>/dev/null || command -v python3.13)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv test lint typecheck run bench e2e-deps clean

$(STAMP): requirements_test.txt requirements_run.txt
	@test -n "$(PYTHON)" || { echo "Python 3.13 not found (pyenv or python3.13 on PATH)"; exit 1; }
	@$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install -q uv
	@test -x $(BIN)/python || $(PYTHON) -m uv venv -q --python "$(PYTHON)" $(VENV)
	$(PYTHON) -m uv pip install -q --python $(BIN)/python -r requirements_test.txt -r requirements_run.txt
	@touch $(STAMP)

venv: $(STAMP)

e2e-deps:
	@bash scripts/e2e_deps.sh

lint: venv
	$(BIN)/ruff check custom_components tests bench scripts
	$(BIN)/ruff format --check custom_components tests bench scripts

typecheck: venv
	$(BIN)/mypy

test: venv e2e-deps lint typecheck
	$(BIN)/pytest -p no:cacheprovider -n 2 --cov --cov-report=term tests

run: venv
	$(BIN)/python scripts/run_demo.py

bench: venv
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .run
