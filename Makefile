# Entropy Explorer: the user-facing verbs. Each target sets itself up first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Every Python distribution, direct and indirect, at the exact version CI tested (with hashes);
# `make setup` installs from it, `make lock` refreshes it on purpose.
LOCK := requirements.lock
# Set when the system packages were last found complete; checked again when the package
# list or the script changes ('make system' checks at any time).
SYSTEM_STAMP := $(VENV)/.system
QUALITY ?= h
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
SCENES ?=
# The voice: empty for the default (ENTROPY_VOICE, then scenes/manim.cfg, then the bundled
# voice), `none` for silent videos paced by reading time, or a Piper .onnx voice file.
VOICE ?=
VOICE_ARGS := $(if $(VOICE),--voice $(VOICE))
# A Dask scheduler to render on (host:8786; see README, Render on a cluster); empty: a
# local cluster of JOBS workers.
SCHEDULER ?=
FARM_ARGS := $(if $(SCHEDULER),--scheduler $(SCHEDULER))

.PHONY: help setup system lock render scheduler worker sheets gif slides present pptx web audit lint numbers test test-fast test-explore bench clean

help:
	@echo "make render   render every scene to build/video/NN-slug.mp4, voiced (QUALITY=l|m|h|k, default h; SCENES='01 02'; VOICE=none: silent)"
	@echo "make sheets   contact sheets at 480p, 12 frames a scene: build/sheets/NN-slug.png (renders at QUALITY=l; SCENES='13 17')"
	@echo "make scheduler / make worker SCHEDULER=host:8786   a Dask cluster to render on (README: Render on a cluster)"
	@echo "make gif      the blog cover: build/entropy-explorer.{gif,png,mp4}"
	@echo "make slides   offline HTML slides: build/slides/index.html"
	@echo "make present  present the slides in a native window (manim-slides)"
	@echo "make web      per-section web embeds in build/web/"
	@echo "make audit    check the article's numeric and qualitative claims: build/audit.md"
	@echo "make lint     layout lint of every scene: legible on a phone, few words, no still frame while the voice speaks"
	@echo "make numbers  the numbers manifest as JSON"
	@echo "make test     set up and run the test suite (Hypothesis derandomised: the same examples every run)"
	@echo "make test-explore  the property tests only, with Hypothesis' random search, for longer"
	@echo "make lock     refresh requirements.lock to the newest versions pyproject.toml allows"
	@echo "make bench    benchmark the product: build/bench.json and a table (long; BENCH_ARGS='--scenes 01 --quality l')"
	@echo "make clean    remove build/ and media/"

# System packages (apt-get as root, else a message with the command), then the venv.
system:
	@bash tools/bootstrap-system.sh

$(SYSTEM_STAMP): tools/bootstrap-system.sh $(wildcard /var/lib/dpkg/status)
	@bash tools/bootstrap-system.sh
	@mkdir -p $(VENV) && touch $@

$(STAMP): pyproject.toml $(LOCK) tools/sync-venv.py
	@bash tools/bootstrap-system.sh
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is required (found %d.%d); set PYTHON=python3.11" % sys.version_info[:2])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python tools/sync-venv.py --lock $(LOCK)
	@touch $(STAMP)

setup: $(SYSTEM_STAMP) $(STAMP)

# Resolve anew (newest versions within pyproject.toml's ranges) and rewrite the lock; the next
# `make setup` installs it. Run the tests before committing a new lock.
lock: setup
	UV_PYTHON_DOWNLOADS=never $(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes \
	  --upgrade --python $(BIN)/python --python-version 3.11 --no-header -q -o $(LOCK)
	@echo "$(LOCK) refreshed: $$(grep -c '==' $(LOCK)) packages; run make test, then commit it"

render: setup
	$(BIN)/entropy-explorer render --quality $(QUALITY) --jobs $(JOBS) $(FARM_ARGS) $(VOICE_ARGS) $(SCENES)

# A cluster: one scheduler (any machine), then workers in a checkout of the project on each
# machine (JOBS worker processes of one thread; Manim and the project imported at start).
scheduler: setup
	$(BIN)/dask scheduler --no-dashboard

worker: setup
	@test -n "$(SCHEDULER)" || { echo "usage: make worker SCHEDULER=HOST:8786 (the address 'make scheduler' prints)" >&2; exit 2; }
	PYTHONHASHSEED=0 $(BIN)/dask worker $(SCHEDULER) --nworkers $(JOBS) --nthreads 1 \
		--memory-limit 0 --no-dashboard --preload entropy_explorer.pipeline.steps.farm_work

# Contact sheets to look at the scenes as a phone viewer would: 480p, twelve frames each.
sheets: setup
	$(BIN)/entropy-explorer render --quality l --jobs $(JOBS) $(VOICE_ARGS) $(SCENES)
	bash tools/sheets.sh $(SCENES)

gif: setup
	$(BIN)/entropy-explorer gif

slides: setup
	$(BIN)/entropy-explorer slides --quality $(QUALITY) --jobs $(JOBS) $(FARM_ARGS) $(VOICE_ARGS) $(SCENES)

# The presenter needs a Qt binding: the optional extra `present` (PySide6), installed once.
present: setup
	@$(BIN)/python -c 'import PySide6' 2>/dev/null || $(BIN)/python -m pip install -q -e '.[present]'
	$(BIN)/entropy-explorer present --quality $(QUALITY) --jobs $(JOBS) $(VOICE_ARGS) $(SCENES)

# python-pptx comes with manim-slides 5.7 (a core dependency there), so nothing extra to install.
pptx: setup
	$(BIN)/entropy-explorer slides --pptx --quality $(QUALITY) --jobs $(JOBS) $(VOICE_ARGS) $(SCENES)

web: setup
	$(BIN)/entropy-explorer web --quality $(QUALITY) --jobs $(JOBS) $(FARM_ARGS) $(VOICE_ARGS) $(SCENES)

audit: setup
	$(BIN)/entropy-explorer audit

lint: setup
	$(BIN)/entropy-explorer lint

numbers: setup
	$(BIN)/entropy-explorer numbers

test: setup
	$(BIN)/ruff check src scenes tests tools
	$(BIN)/python -m pytest -n $(JOBS) --dist worksteal -q

test-fast: setup
	$(BIN)/python -m pytest -n $(JOBS) --dist worksteal -q -m 'not slow'

# Hypothesis' random search (new examples each run, failures kept in .hypothesis/ and replayed)
# over the property tests only; `make test` runs them derandomised. EXPLORE_EXAMPLES per test.
EXPLORE_EXAMPLES ?= 2000
test-explore: setup
	HYPOTHESIS_EXAMPLES=$(EXPLORE_EXAMPLES) $(BIN)/python -m pytest -n $(JOBS) --dist worksteal -q \
	  -m hypothesis --hypothesis-profile=explore

# Renders everything at l and at h several times over (see README, Benchmarks);
# BENCH_ARGS narrows it, e.g. BENCH_ARGS='--scenes 01 17 --quality l --skip stock,gif'.
BENCH_ARGS ?=
bench: setup
	$(BIN)/python tools/bench.py $(BENCH_ARGS)

clean:
	rm -rf build media
