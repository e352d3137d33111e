# Two commands for a newcomer: `make demo` (set up, ingest the seeds, serve) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB := db/quotes.db
PORT ?= 8001
# torch's CPU build. On PyPI, torch's Linux wheels pull the CUDA libraries (gigabytes); PyTorch's
# own index has the CPU build: where it is reachable,
#   make install TORCH_INDEX=https://download.pytorch.org/whl/cpu
# installs that first. constraints.txt pins the version either way; without TORCH_INDEX pip
# takes torch as the constraint gives it (a local CPU wheel where there is one).
TORCH_INDEX ?=
TORCH_VERSION := $(shell sed -n 's/^torch==//p' constraints.txt)

.PHONY: demo install ingest serve test browser-deps

demo: ingest serve

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(if $(TORCH_INDEX),$(BIN)/pip install -q "torch==$(TORCH_VERSION)" --index-url $(TORCH_INDEX))
	$(BIN)/pip install -q -c constraints.txt -e ".[test]"
	touch $@

ingest: install
	$(BIN)/quotesource ingest $(DB) seeds/
	$(BIN)/quotesource stats $(DB)

serve: install
	$(BIN)/quotesource serve $(DB) --port $(PORT)

# The browser test drives Debian's Chromium; it is skipped (with a reason) where none is installed.
browser-deps:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
	  echo "chromium not installed: the browser test will be skipped"

test: install
	$(BIN)/pytest -q
