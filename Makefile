# The front door. `make book` and `make test` work on a fresh Debian machine with only python3:
# they create .venv and install the pinned dependencies (requirements.lock) first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: book test bench reconstruct clean lock

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==25.3"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

book: $(STAMP)
	$(BIN)/mibook build

test: $(STAMP)
	$(BIN)/python -m pytest -q
	$(BIN)/python -m pytest -q --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:randomly book/ -o testpaths=book

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

reconstruct: $(STAMP)
	$(BIN)/mibook reconstruct

# Regenerate the lock from the direct pins in pyproject.toml (needs the package index).
lock:
	rm -rf /tmp/mibook-lock-venv && $(PYTHON) -m venv /tmp/mibook-lock-venv
	/tmp/mibook-lock-venv/bin/pip install --quiet ".[test]"
	/tmp/mibook-lock-venv/bin/pip freeze --exclude mibook | LC_ALL=C sort > requirements.lock

clean:
	rm -rf _build
