# collabsim: `make demo` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# the Python 3.12 leg (pyenv provides 3.12.1 on these machines): newest Mesa 3.x,
# EMA Workbench and networkx, resolved when its venv is made
PY312    ?= env PYENV_VERSION=3.12.1 python3.12
VENV312  := .venv312
STAMP312 := $(VENV312)/.installed-stamp

.PHONY: install demo test validate lint docs wheel-test test-py312 bench ui browser clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev,ui,dask,discovery,ema,fast,docs,calibrate]"
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
	$(BIN)/python -m pytest -n auto

validate: install
	$(BIN)/python -m pytest -n auto -m slow -p no:cacheprovider

lint: install
	$(BIN)/ruff check collabsim tests benchmarks docs
	$(BIN)/ruff format --check collabsim tests benchmarks docs
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/unit/test_imports.py

# the documentation site in site/; --strict: a broken link or reference fails
docs: install
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

# build the wheel, install it into a fresh venv outside the checkout, run it there
wheel-test: install
	$(BIN)/python -m pytest -p no:cacheprovider -m wheel tests/packaging

$(STAMP312): pyproject.toml
	test -x $(VENV312)/bin/python || $(PY312) -m venv $(VENV312)
	$(VENV312)/bin/python -m pip install -q --upgrade pip
	$(VENV312)/bin/python -m pip install -q -e ".[test,ui,dask,discovery,ema,fast,calibrate]"
	touch $(STAMP312)

# the default suite on Python 3.12 (same goldens); the browser test runs on 3.11 only
test-py312: $(STAMP312)
	$(VENV312)/bin/python -m pytest -n auto -p no:cacheprovider -m "not slow and not wheel and not browser"

bench: install
	$(BIN)/python benchmarks/run.py

ui: install
	$(BIN)/collabsim ui

clean:
	rm -rf results/demo site .pytest_cache .mypy_cache .ruff_cache
