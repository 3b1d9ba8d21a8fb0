# collabsim: `make demo` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install demo test validate lint docs bench ui browser clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev,ui,dask,discovery,ema,fast,docs]"
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/collabsim run voluntary_baseline --seeds 10 --out results/demo --overwrite
	$(BIN)/collabsim plot results/demo
	@echo "Demo results and figures written to results/demo/"

# Debian chromium for the browser test; skipped quietly where apt-get is unavailable.
browser:
	@command -v chromium >/dev/null 2>&1 || ( command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
	  >/dev/null 2>&1 ) || echo "note: chromium not installed; browser tests will be skipped"

test: install browser
	$(BIN)/python -m pytest

validate: install
	$(BIN)/python -m pytest -m slow -p no:cacheprovider

lint: install
	$(BIN)/ruff check collabsim tests benchmarks docs
	$(BIN)/ruff format --check collabsim tests benchmarks docs
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/unit/test_imports.py

# the documentation site in site/; --strict: a broken link or reference fails
docs: install
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

bench: install
	$(BIN)/python benchmarks/run.py

ui: install
	$(BIN)/collabsim ui

clean:
	rm -rf results/demo site .pytest_cache .mypy_cache .ruff_cache
