# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
export QT_QPA_PLATFORM ?= offscreen

.PHONY: run test lint bench clean

# The stamp files reinstall only when pyproject.toml changes.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/parentrus-admin --help

test: $(VENV)/.installed-test
	$(BIN)/ruff check parentrus_desktop tests bench
	$(BIN)/mypy parentrus_desktop
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check parentrus_desktop tests bench
	$(BIN)/ruff format --check parentrus_desktop tests bench

bench: $(VENV)/.installed-test
	$(BIN)/python bench/vault_bench.py

clean:
	rm -rf $(VENV) build *.egg-info
