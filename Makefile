# GenAug Studio: every target runs inside .venv, created on first use.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench screenshots translations package package-test clean clean-build

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# torch first, pinned to the build this machine serves from disk (the range in pyproject admits it)
	$(PY) -m pip install --quiet "torch==2.14.1" "torchvision==0.29.1"
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(PY) main.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

# One pytest-xdist worker per core, each kept to its core (tests/conftest.py): on the 2-core CI
# machine 1.34x faster than one process on both cores (426 s against 570 s; stop 32's note).
test: lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n auto

# Every benchmark in its quick mode, one JSON line each (benchmarks/README.md: what, how, figures).
# Each takes the shared CPU lock when the machine has one (several agents on one box), else runs.
LOCK := $(shell test -e /tmp/genaug-cpu.lock && command -v flock >/dev/null && echo flock /tmp/genaug-cpu.lock)
bench:
	$(LOCK) $(PY) benchmarks/train_throughput.py --quick
	$(LOCK) $(PY) benchmarks/ui_latency.py --quick
	$(LOCK) $(PY) benchmarks/worker_thread.py --quick
	$(LOCK) $(PY) benchmarks/memory.py --quick
	$(LOCK) $(PY) benchmarks/startup.py --runs 3 --source-only
	$(LOCK) $(PY) benchmarks/stop_latency.py --engine-runs 3 --gui-stops 3 --gui-closes 2
	$(LOCK) $(PY) benchmarks/scan.py --files 6000
	$(LOCK) $(PY) benchmarks/export.py --images 6000
	$(LOCK) $(PY) benchmarks/gallery.py --images 2000
	$(LOCK) $(PY) benchmarks/evaluate.py --data sample --gen-steps 100 --classifier-steps 100 --seeds 1
	$(LOCK) $(PY) benchmarks/quality.py --data sample --models cgan --gen-steps 300 --clf-steps 200 --clf-seeds 1 --amounts 1,4 --synth-multiple 4
	$(LOCK) $(PY) benchmarks/time_to_quality.py --quick
	$(LOCK) $(PY) benchmarks/folder_check.py --quick

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m gui.screenshots resources/screenshots

# The Simplified Chinese translation: lupdate collects every tr() text of gui/ into the .ts (kept
# translations stay, texts gone from the code are dropped), lrelease compiles the .qm the app loads.
# Translate new texts in the .ts (pyside6-linguist, or by hand), then run this again.
TS_FILES := resources/translations/genaug_zh_CN.ts
translations:
	$(VENV)/bin/pyside6-lupdate $(wildcard gui/*.py gui/panels/*.py gui/widgets/*.py) \
		-no-obsolete -locations none -ts $(TS_FILES)
	for ts in $(TS_FILES); do $(VENV)/bin/pyside6-lrelease $$ts -qm $${ts%.ts}.qm; done

# The standalone app in dist/GenAugStudio/ (about 4 GB with the CUDA torch build, see README).
# PyInstaller's work folder and its cache go under build/, so `make clean` removes everything.
package: $(STAMP)
	PYINSTALLER_CONFIG_DIR=$(CURDIR)/build/pyinstaller-cache \
		$(PY) -m PyInstaller --noconfirm --clean --log-level WARN \
		--workpath build --distpath dist build.spec

# The frozen app's end-to-end check, offscreen and with the network forbidden.
package-test:
	QT_QPA_PLATFORM=offscreen GENAUG_FORBID_NETWORK=1 dist/GenAugStudio/GenAugStudio self-test

clean clean-build:
	rm -rf build dist
