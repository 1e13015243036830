# The two commands of the README: `make demo` and `make test`.
# Each works on a fresh clone with nothing but Python: it makes .venv and installs what it needs.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo test lint typecheck unit bench clean test-thorough mutate

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

demo: $(STAMP)
	$(BIN)/safetyregs demo

test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks examples
	$(BIN)/ruff format --check src tests benchmarks examples

typecheck: $(STAMP)
	$(BIN)/mypy --strict src

unit: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider

# Properties at 1,000 examples per property per profile, the calendar oracle and the loader
# fuzz target; slow (see docs/testing.md for how long), so not part of `make test`.
test-thorough: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider --hypothesis-profile=thorough tests/property

# Mutation testing of the time layer, the rule kinds and the engine (mutmut, configured in
# pyproject.toml), then the mutator of profile declarations. Long: run it in the background.
mutate: $(STAMP)
	$(BIN)/mutmut run
	$(BIN)/mutmut results
	$(BIN)/python tests/mutation/mutate_profiles.py

# The benchmark harness (benchmarks/run.py); OpenFisca is installed for its peer of the drill rule.
# `make bench N=10000` for a bigger run; the JSON lands in benchmarks/results-N.json.
N ?= 1000
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	nice $(BIN)/python benchmarks/run.py --schools $(N) --json benchmarks/results-$(N).json

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache
