# RightsGuard: `make demo` and `make test` are the two commands a newcomer needs.
# Both create .venv, install the package and the Debian packages it needs, then
# run the demo or the whole suite (ruff, mypy on the pure core, pytest).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SYSTEM_PACKAGES := chromium fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 poppler-utils nsd
PYTEST_ARGS ?=

.PHONY: setup system-packages demo test test-future lint typecheck pytest bench proof gallery clean

$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "RightsGuard needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

# pywb (the replay engine the capture tests replay WARCs with) pins libraries
# that clash with ours, so it lives in a virtual environment of its own.
PYWB := $(VENV)-pywb
$(PYWB)/bin/wayback:
	$(PYTHON) -m venv $(PYWB)
	$(PYWB)/bin/python -m pip install --quiet --disable-pip-version-check pywb

system-packages:
	@sh scripts/ensure-system-packages.sh $(SYSTEM_PACKAGES)

# htmx from the npm registry (not committed): the pages' progressive enhancement.
HTMX := src/rightsguard/web/static/vendor/htmx.min.js
$(HTMX):
	@sh scripts/fetch-htmx.sh $@

setup: system-packages $(BIN)/.installed $(PYWB)/bin/wayback $(HTMX)

demo: setup
	$(BIN)/rightsguard demo

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: setup
	$(BIN)/mypy --strict src/rightsguard/domain src/rightsguard/playbook

pytest: setup
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint typecheck pytest

# The suite must not depend on the real date: run the in-process tests with the clock
# moved years ahead (CI runs this after `make test`). Browser, Redis, the slow proofs
# and the tests with worker processes of their own are left out: those other
# processes keep the machine's real clock.
FUTURE_NOW ?= 2031-06-15T10:00:00+00:00
test-future: setup
	RIGHTSGUARD_TEST_NOW=$(FUTURE_NOW) $(BIN)/pytest -q -m "not browser and not redis and not slow and not processes" $(PYTEST_ARGS)

# wrk (Debian) loads the workbench in bench/web.py; only the benchmarks need it.
# docs/documents/: page 1 of every document type in each language, as PNG, and its index.
gallery: setup
	$(BIN)/python -m rightsguard.report.gallery docs/documents

bench: setup
	@sh scripts/ensure-system-packages.sh wrk
	$(BIN)/python bench/import.py
	$(BIN)/python bench/ledger.py
	$(BIN)/python bench/notices.py
	$(BIN)/python bench/recheck.py
	$(BIN)/python bench/resolve.py
	$(BIN)/python bench/capture.py
	$(BIN)/python bench/discover.py
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/web.py

# The long proofs at full size (make test runs them small).
proof: setup
	RIGHTSGUARD_PROOF_KILLS=60 RIGHTSGUARD_PROOF_CAPTURE_KILLS=50 $(BIN)/pytest -q \
		tests/evidence_integrity/test_crash_safety.py tests/evidence/test_capture_crash.py
	$(BIN)/python bench/load.py && $(BIN)/python bench/chaos.py
	$(BIN)/python bench/fuzz.py --examples 2000

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
