# Everything a fresh clone needs: `make demo` and `make test` install into .venv themselves.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
DEMO_OUT := build/demo
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export PYTHONHASHSEED := 0

.PHONY: install browser demo test test-fast bench lint format docs clean

install: $(STAMP) browser

# The browser tests drive Debian's chromium, never a browser downloaded by a test tool. Silent when it is
# there; where apt-get or root (or password-less sudo) is missing, a warning, and the browser tests skip.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO=none; fi; \
	  if [ "$$SUDO" = none ] || ! command -v apt-get >/dev/null 2>&1; then \
	    echo "warning: cannot install chromium here (needs apt-get and root); the browser tests will be skipped"; \
	  else \
	    echo "installing Debian chromium for the browser tests"; \
	    { $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
	      >/dev/null 2>&1 || echo "warning: could not install chromium; the browser tests will be skipped"; \
	  fi; }

# torch goes in first and pinned: anything that depends on it would otherwise pull a CUDA build.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev,torch,web]'
	touch $(STAMP)

demo: $(STAMP)
	@mkdir -p $(DEMO_OUT)
	@for story in examples/*/; do \
	  name=$$(basename $$story); \
	  [ "$$name" = gold ] && continue; \
	  echo "== parallax compare $$story"; \
	  $(VENV)/bin/parallax compare $$story --no-color || exit $$?; \
	  $(VENV)/bin/parallax compare $$story --format html -o $(DEMO_OUT)/$$name.html || exit $$?; \
	  $(VENV)/bin/parallax compare $$story --format json -o $(DEMO_OUT)/$$name.json || exit $$?; \
	  echo "   HTML report: $(DEMO_OUT)/$$name.html"; \
	done

test: $(STAMP) browser
	$(PY) -m pytest -q

test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not slow"

bench: $(STAMP)
	$(PY) benchmarks/alignment.py
	$(PY) benchmarks/compare_speed.py
	$(PY) benchmarks/long_inputs.py

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff format src tests benchmarks
	$(VENV)/bin/ruff check --fix src tests benchmarks

docs: $(STAMP)
	$(PY) -c "from newsparallax.cli import reference; open('docs/cli.md', 'w').write(reference())"

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache
