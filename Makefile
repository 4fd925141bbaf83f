# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean package package-test translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/organizer --demo

# The whole suite, slow tests included, on every core (pytest-xdist; each worker is its own
# session with its own QApplication and template vault). --dist loadfile keeps a file's tests on
# one worker, so module-scoped fixtures are built once. HYPOTHESIS_PROFILE=ci for CI's counts.
TEST_WORKERS ?= auto
test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile
	$(BIN)/ruff check organizer tests benchmarks
	$(BIN)/mypy

# After changing messages: extract them from the code and update every language's .po (then
# translate the new entries; `make test` fails while any is untranslated or fuzzy).
translations: $(STAMP)
	mkdir -p build
	$(BIN)/pybabel extract -F babel.cfg --sort-by-file --no-wrap \
		-k count:2,3 --add-comments=Translators: --project=Organizer -o build/organizer.pot organizer
	$(BIN)/pybabel update --no-wrap --ignore-obsolete --domain organizer -i build/organizer.pot \
		-d organizer/locale

lint: $(STAMP)
	$(BIN)/ruff check organizer tests benchmarks
	$(BIN)/mypy

# make bench [PEOPLE=N]: the campaign-scale benchmark (default 100,000 people); vaults cached
# in .bench/, results in .bench/results-N.json.
PEOPLE ?= 100000
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/campaign_scale.py --people $(PEOPLE)

clean:
	rm -rf $(VENV) build *.egg-info

# Packaging (packaging/README.md): PyInstaller is installed only here, never for `make test`.
PACKAGE_STAMP := $(VENV)/.installed-package
APP := dist/organizer/organizer

$(PACKAGE_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[package]'
	touch $(PACKAGE_STAMP)

package: $(PACKAGE_STAMP)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/pyinstaller packaging/organizer.spec
	@du -sh dist/organizer

package-test: package
	ORGANIZER_BUILT_APP=$(CURDIR)/$(APP) $(BIN)/python -m pytest -q -p no:cacheprovider tests/packaging
