# Two commands from a fresh clone: `make serve` and `make test`. Each installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.sanad-installed
HOST ?= 127.0.0.1
PORT ?= 7860

.PHONY: install test test-fast serve bench bench-scale loadtest chromium ingest-tools hunspell-ar clean

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

# The line repair's optional Arabic spelling dictionary (index.repair.spelling, off by default), read by spylls (a PyPI
# dependency). Without root the repair still runs, on its word lists alone, and says so.
hunspell-ar:
	@test -f /usr/share/hunspell/ar.dic || { apt-get update -q && apt-get install -y -q hunspell-ar; } \
		|| echo "warning: could not install hunspell-ar (Debian); the line repair will run without it"

# The Arabic PDF test writes a DOCX and converts it with LibreOffice in Amiri; pdftotext is one of
# the extractors eval.pdf_extractors compares. Installed when missing (CI runs as root).
ingest-tools:
	@{ command -v soffice && command -v pdftotext && fc-list | grep -q Amiri; } >/dev/null 2>&1 || \
		{ apt-get update -q && apt-get install -y -q --no-install-recommends libreoffice-writer-nogui fonts-hosny-amiri poppler-utils; }

test: install chromium ingest-tools hunspell-ar
	$(BIN)/python -m pytest

test-fast: install
	$(BIN)/python -m pytest -m "not slow and not e2e"

serve: install
	$(BIN)/sanad serve --host $(HOST) --port $(PORT)

bench: install
	$(BIN)/python -m eval.bench

# The real server on loopback under 32 clients for 60 s, with and without micro-batching (eval/results/load.md).
loadtest: install
	$(BIN)/python -m eval.load

# The report hidden among 10k, 100k and 1M generated paragraphs (eval/scale.py); the 1M build
# takes hours on 2 cores and resumes where it stopped. SIZES="2000" for a quick run.
SIZES ?= 10000 100000 1000000
bench-scale: install
	$(BIN)/python -m eval.scale --sizes $(SIZES)

clean:
	rm -rf $(VENV) build *.egg-info
