# PlexImprovement.bundle: developer and install commands (GNU make, POSIX sh).
#
#   make test                      2.7 gate, flake8, pytest (and the suite on Python 2.7 if present)
#   make test-browser              the dashboard and menu pages in headless chromium (not in make test)
#   make demo | sim | bench        run the emulator demo / simulated server (ARGS=... passed on) / benchmarks
#   make analyze LOGS=DIR [OUT=D]  aggregate and diagnose a folder of Plex logs offline (reports in D)
#   make check-real-agents         every fix on fetched real agents in the real framework (not in make test)
#   make install [PLEX_SUPPORT=D]  copy the bundle into D/Plug-ins (default: this OS's Plex folder)
#   make uninstall [PLEX_SUPPORT=D], make package, make clean
#
# install/uninstall/package only need a stock Python (2.7 or 3) and use no venv, so they
# work on the Plex host itself; everything else runs in .venv, built from requirements-dev.txt.

SHELL := /bin/sh
.DEFAULT_GOAL := help

PYTHON3 ?= python3
# A working CPython 2.7: python2.7 on PATH, else one installed by pyenv (whose python2.7 shim
# on PATH only runs when 2.7 is selected). Empty when there is none: test27 then skips.
PY27 ?= $(shell for p in python2.7 $$(ls -d "$${PYENV_ROOT:-$$HOME/.pyenv}"/versions/2.7*/bin/python2.7 2>/dev/null); do \
  "$$p" -c 'import sys; sys.exit(sys.version_info[:2] != (2, 7))' >/dev/null 2>&1 && { echo "$$p"; break; }; done)
VENV ?= .venv
VENV27 ?= .venv27
ifeq ($(OS),Windows_NT)
VENV_BIN := Scripts
PATHSEP := ;
else
VENV_BIN := bin
PATHSEP := :
endif
PY := $(VENV)/$(VENV_BIN)/python
PY27_VENV := $(VENV27)/$(VENV_BIN)/python
STAMP := $(VENV)/.requirements-stamp
STAMP27 := $(VENV27)/.requirements-stamp
# Stock interpreter for the stdlib-only tools (no venv needed on a Plex host).
HOST_PY ?= $(shell command -v python3 2>/dev/null || command -v python 2>/dev/null || echo python3)
BUNDLE := PlexImprovement.bundle
# What the test harness (tests/harness) imports from: tests/, tools/ (restricted_rules) and the core.
HARNESS_PATH := tests$(PATHSEP)tools$(PATHSEP)$(BUNDLE)/Contents/Libraries/Shared
ARGS ?=
PLEX_SUPPORT ?=
LOGS ?=
OUT ?= build/analysis
export LOGS OUT
DIST ?= dist

.PHONY: help test test27 test-browser gate lint pytest demo sim bench analyze check-real-agents install uninstall package clean distclean

help:
	@sed -n '3,9p' Makefile | sed 's/^# \{0,1\}//'

# (Re)build the venv when it is missing or requirements-dev.txt changed since the last install.
$(STAMP): requirements-dev.txt
	@if [ ! -x "$(PY)" ]; then \
	  echo "Creating $(VENV) with $(PYTHON3)"; \
	  $(PYTHON3) -m venv "$(VENV)" || { \
	    rm -rf "$(VENV)"; \
	    echo "'$(PYTHON3) -m venv' failed (Debian/Ubuntu: apt-get install python3-venv); trying virtualenv"; \
	    $(PYTHON3) -m pip install --user -q virtualenv && $(PYTHON3) -m virtualenv -q "$(VENV)"; \
	  } || { echo "Cannot create $(VENV): install python3-venv or virtualenv" >&2; exit 1; }; \
	fi
	"$(PY)" -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	@touch "$(STAMP)"

gate: $(STAMP)
	"$(PY)" tools/py27_gate.py

lint: $(STAMP)
	"$(PY)" -m flake8
	@echo "flake8: OK"

# pytest exits 5 when it collected nothing: say so instead of failing mutely.
pytest: $(STAMP)
	@"$(PY)" -m pytest -q; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: that is a failure" >&2; fi; \
	exit $$rc

# Every check runs even after one fails, so one run shows all problems; any failure fails test.
test: $(STAMP)
	@rc=0; \
	$(MAKE) --no-print-directory gate || rc=1; \
	$(MAKE) --no-print-directory lint || rc=1; \
	$(MAKE) --no-print-directory pytest || rc=1; \
	$(MAKE) --no-print-directory test27 || rc=1; \
	if [ $$rc -ne 0 ]; then echo "make test: FAILED (see above)" >&2; else echo "make test: OK"; fi; \
	exit $$rc

# The suite again on CPython 2.7 (what Plex runs) when a working python2.7 is on PATH.
test27:
	@if [ -z "$(PY27)" ] || ! "$(PY27)" -c 'import sys; sys.exit(sys.version_info[:2] != (2, 7))' >/dev/null 2>&1; then \
	  echo "test27: skipped, no working $(PY27) on PATH (set PY27=/path/to/python2.7 to run the suite on 2.7)"; \
	else \
	  $(MAKE) --no-print-directory "$(STAMP27)" && \
	  { "$(PY27_VENV)" -m pytest -q -p no:cacheprovider; rc=$$?; \
	    if [ $$rc -eq 5 ]; then echo "pytest (2.7) collected no tests: that is a failure" >&2; fi; \
	    exit $$rc; }; \
	fi

# Python 2.7 has no venv module: virtualenv < 20.22 (the last able to create 2.7 envs) builds it.
$(STAMP27): requirements-dev.txt $(STAMP)
	@if [ ! -x "$(PY27_VENV)" ]; then \
	  echo "Creating $(VENV27) with $(PY27)"; \
	  if "$(PY27)" -m virtualenv --version >/dev/null 2>&1; then \
	    "$(PY27)" -m virtualenv -q "$(VENV27)"; \
	  else \
	    "$(PY)" -m pip install -q --disable-pip-version-check "virtualenv<20.22" && \
	    "$(PY)" -m virtualenv -q -p "$(PY27)" "$(VENV27)"; \
	  fi || { rm -rf "$(VENV27)"; echo "Cannot create $(VENV27)" >&2; exit 1; }; \
	fi
	"$(PY27_VENV)" -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	@touch "$(STAMP27)"

# The dashboard and every menu page in headless Chromium (Debian: apt-get install chromium chromium-driver);
# not part of `make test`. Screenshots land in docs/screenshots/.
test-browser: $(STAMP)
	@PYTHONPATH="$(HARNESS_PATH)" "$(PY)" -m pytest -q -p no:cacheprovider tests/browser/browser_pages.py

demo: $(STAMP)
	@PYTHONPATH="$(HARNESS_PATH)" "$(PY)" -m harness.demo $(ARGS)

sim: $(STAMP)
	@PYTHONPATH="$(HARNESS_PATH)" "$(PY)" -m harness.pmssim $(ARGS)

bench: $(STAMP)
	@"$(PY)" bench/run.py

# LOGS and OUT reach the shell through the environment, never pasted into the command line,
# so a folder name with a double or single quote or a space is passed on as it is.
analyze: $(STAMP)
	@if [ -z "$$LOGS" ]; then \
	  echo "make analyze needs a logs folder: make analyze LOGS=/path/to/Logs [OUT=folder for the reports]" >&2; \
	  exit 2; fi
	@PYTHONPATH="$(BUNDLE)/Contents/Libraries/Shared" "$(PY)" -m pleximprovement analyze --logs "$$LOGS" --out "$$OUT"

# Needs the fetched agent and framework snapshots and run_bundle (tools/check_real_agents.py says
# which is missing); PY27, PLEX_FW_SNAPSHOT, RUN_BUNDLE, HAMA_GIT, PHOENIX_GIT, PGMA_GIT override
# the defaults from the environment; ARGS=... is passed on (--only Hama, --fix browser_headers, --keep).
check-real-agents: $(STAMP)
	@"$(PY)" tools/check_real_agents.py $(ARGS)

install:
	@"$(HOST_PY)" tools/bundle_tool.py install --bundle "$(BUNDLE)" \
	  $(if $(PLEX_SUPPORT),--plex-support "$(PLEX_SUPPORT)")

uninstall:
	@"$(HOST_PY)" tools/bundle_tool.py uninstall --bundle "$(BUNDLE)" \
	  $(if $(PLEX_SUPPORT),--plex-support "$(PLEX_SUPPORT)")

package:
	@"$(HOST_PY)" tools/bundle_tool.py package --bundle "$(BUNDLE)" --dist "$(DIST)"

clean:
	rm -rf "$(DIST)" build .pytest_cache .hypothesis
	find . -path ./$(VENV) -prune -o -path ./$(VENV27) -prune -o -path ./.git -prune -o \
	  \( -name __pycache__ -type d -exec rm -rf {} + \) -o \( -name '*.py[co]' -type f -exec rm -f {} + \)

distclean: clean
	rm -rf "$(VENV)" "$(VENV27)"
