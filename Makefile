# Two commands from a fresh clone: `make serve` and `make test`. Each installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.sanad-installed
HOST ?= 127.0.0.1
PORT ?= 7860

.PHONY: install test test-fast serve bench chromium ingest-tools clean

install: $(STAMP)

# torch first, pinned: on these machines 2.13.0 is the CPU build; an unpinned torch pulls CUDA.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet "torch==2.13.0"
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

# The browser tests drive Debian's Chromium; install it when it is missing (CI runs as root).
chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -q && apt-get install -y -q chromium; }

# The Arabic PDF test writes a DOCX and converts it with LibreOffice in Amiri; pdftotext is one of
# the extractors eval.pdf_extractors compares. Installed when missing (CI runs as root).
ingest-tools:
	@{ command -v soffice && command -v pdftotext && fc-list | grep -q Amiri; } >/dev/null 2>&1 || \
		{ apt-get update -q && apt-get install -y -q --no-install-recommends libreoffice-writer-nogui fonts-hosny-amiri poppler-utils; }

test: install chromium ingest-tools
	$(BIN)/python -m pytest

test-fast: install
	$(BIN)/python -m pytest -m "not slow and not e2e"

serve: install
	$(BIN)/sanad serve --host $(HOST) --port $(PORT)

bench: install
	$(BIN)/python -m eval.bench

clean:
	rm -rf $(VENV) build *.egg-info
