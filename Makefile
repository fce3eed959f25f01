# GenAug Studio: every target runs inside .venv, created on first use.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test lint screenshots package package-test clean clean-build

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

test: lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m gui.screenshots resources/screenshots

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
