# The front door. `make book` and `make test` work on a fresh Debian machine with only python3:
# they create .venv and install the pinned dependencies (requirements.lock) first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: book pdf test lint bench reconstruct clean lock browser verify

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==25.3"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# The site links the whole-book PDF from every page, so `make book` prints it too (skipped when
# nothing changed; about 8 s otherwise). It needs Chromium (the `browser` target).
book: $(STAMP) browser
	$(BIN)/mibook build
	$(BIN)/mibook pdf

# The whole book as one PDF, _build/html/mibook.pdf, linked from every page and published with the
# site: Debian's Chromium prints the book's single-page HTML (src/mibook/book/pdf.py says why this
# route). `make book` does this too; `make pdf` rebuilds the PDF even when nothing changed.
pdf: $(STAMP) browser
	$(BIN)/mibook build
	$(BIN)/mibook pdf --force

# Headless Chromium for the whole-book PDF and the browser tests (tests/browser/), from Debian:
# Playwright's own browser download does not work here, both launch /usr/bin/chromium (or the
# browser named by MIBOOK_CHROMIUM, as on GitHub's runners). Checked on every run (cheap);
# installs only when missing. Without root or sudo it only warns: the PDF and the browser tests
# then fail (they are never skipped).
CHROMIUM := $(or $(MIBOOK_CHROMIUM),/usr/bin/chromium)
browser:
	@if [ -x $(CHROMIUM) ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; \
	else echo "make browser: $(CHROMIUM) is missing and installing it needs root or sudo;" \
	  "run: apt-get update && apt-get install -y --no-install-recommends chromium" \
	  "(the browser tests will fail without it)" >&2; exit 0; fi; \
	echo "installing Debian chromium for the browser tests"; \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium

# Style, docstrings and the layer contracts of pyproject.toml (ruff, import-linter).
lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/lint-imports

test: $(STAMP) browser lint
	$(BIN)/python -m pytest -q
	$(BIN)/python -m pytest -q --doctest-modules src/mibook
	$(BIN)/python -m pytest -q --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:randomly book/ -o testpaths=book

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# Rebuild from scratch in a clean clone of HEAD (reusing .venv) and compare byte for byte.
verify: $(STAMP)
	VENV=$(abspath $(VENV)) $(BIN)/python tools/verify.py

reconstruct: $(STAMP)
	$(BIN)/mibook reconstruct

# Regenerate the lock from the direct pins in pyproject.toml (needs the package index).
lock:
	rm -rf /tmp/mibook-lock-venv && $(PYTHON) -m venv /tmp/mibook-lock-venv
	/tmp/mibook-lock-venv/bin/pip install --quiet ".[test]"
	/tmp/mibook-lock-venv/bin/pip freeze --exclude mibook | LC_ALL=C sort > requirements.lock

clean:
	rm -rf _build
