# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PYBABEL := $(BIN)/pybabel
CATALOGS := $(wildcard i18n/*/LC_MESSAGES/parentrus.po)
# Compiled into the package, where the app finds them (the wheel's build does the same: setup.py).
LOCALE   := parentrus_desktop/resources/locale
COMPILED := $(patsubst i18n/%.po,$(LOCALE)/%.mo,$(CATALOGS))
# The user guide the app opens offline (Help), copied in the same way (packaging/guide_files.py).
GUIDE    := parentrus_desktop/resources/guide
# The tests run in parallel processes (pytest-xdist; tests/README.md says what that asks of
# a test): one per CPU, at most four. TEST_WORKERS=0 runs them all in this one process.
TEST_WORKERS ?= auto

.PHONY: run test lint bench bundle bundle-check tarball screenshots i18n-extract i18n-update i18n-compile guide clean

# The stamp files reinstall only when pyproject.toml changes.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml sync/pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e "./sync[client]" -e '.[gui]'
	touch $@

$(VENV)/.installed-test: pyproject.toml sync/pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e "./sync[client,hub,postgres]" -e '.[test]'
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run i18n-compile guide
	$(BIN)/parentrus

test: $(VENV)/.installed-test i18n-compile guide
	$(BIN)/ruff check parentrus_desktop sync tests bench tools
	$(BIN)/mypy parentrus_desktop sync/parentrus_sync
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n $(TEST_WORKERS) --maxprocesses=4 $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check parentrus_desktop sync tests bench tools
	$(BIN)/ruff format --check parentrus_desktop sync tests bench tools

bench: $(VENV)/.installed-test
	$(BIN)/python bench/vault_bench.py
	$(BIN)/python bench/report_bench.py
	$(BIN)/python bench/hub_bench.py --quick
	$(BIN)/python bench/start_bench.py

screenshots: $(VENV)/.installed-test i18n-compile guide
	QT_QPA_PLATFORM=offscreen $(BIN)/python tools/screenshots.py
	# The worst screens on a 1280x720 laptop at 150% (tests/helpers/every_screen.py).
	for language in en ar; do \
		(cd tests && $(abspath $(BIN))/python -m helpers.every_screen --laptop 1280x720-150 \
			--language $$language --pictures ../docs/screenshots/$$language/small-laptop \
			--only today,family,log-session,change-session,settings,picker-forgot,safeguarding) || exit 1; \
	done

# Today, a family, Log a session, the privacy screen and What the school sees, in every
# language with a compiled catalog: docs/screenshots/<language>/.
.PHONY: screenshots-languages
screenshots-languages: $(VENV)/.installed-test i18n-compile guide
	QT_QPA_PLATFORM=offscreen $(BIN)/python tools/screenshots.py --key-screens --languages all

# A one-folder app (packaging/parentrus.spec) in dist/parentrus, then the same start in
# English and Arabic that CI checks (packaging/smoke_bundle.py prints the bundle's size).
bundle: $(VENV)/.installed-run i18n-compile guide
	$(BIN)/python -m pip install --quiet "pyinstaller>=6.10"
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/bundle \
		packaging/parentrus.spec

bundle-check: tarball
	QT_QPA_PLATFORM=offscreen $(BIN)/python packaging/smoke_bundle.py dist/parentrus/parentrus
	QT_QPA_PLATFORM=offscreen PYTHON=$(BIN)/python sh packaging/linux/check_install.sh \
		dist/parentrus-mentor-linux.tar.gz

# The Linux tarball: the one-folder app, its menu entry, icons and install script.
tarball: bundle
	rm -rf dist/parentrus-mentor && mkdir -p dist/parentrus-mentor/icons
	cp -R dist/parentrus dist/parentrus-mentor/parentrus
	cp -R parentrus_desktop/resources/icons/hicolor dist/parentrus-mentor/icons/
	cp packaging/org.parentrus.Mentor.desktop packaging/linux/install.sh LICENSE \
		dist/parentrus-mentor/
	tar -C dist -czf dist/parentrus-mentor-linux.tar.gz parentrus-mentor
	du -h dist/parentrus-mentor-linux.tar.gz

# Translations: extract every _() and N_() string, merge into each language, compile.
i18n-extract: $(VENV)/.installed-run
	$(PYBABEL) -q extract --no-location --sort-output -k N_ -k _ -k ngettext:1,2 \
		-k pgettext:1c,2 -k npgettext:1c,2,3 -k NC_:1c,2 -c Translators: \
		--project "Parent'R'Us Mentor" -o i18n/parentrus.pot parentrus_desktop
	$(BIN)/python tools/i18n_comments.py i18n/parentrus.pot

i18n-update: i18n-extract
	$(PYBABEL) -q update --no-fuzzy-matching -i i18n/parentrus.pot -d i18n -D parentrus

i18n-compile: $(COMPILED)

$(LOCALE)/%/LC_MESSAGES/parentrus.mo: i18n/%/LC_MESSAGES/parentrus.po | $(VENV)/.installed-run
	mkdir -p $(@D)
	$(PYBABEL) -q compile --statistics -i $< -o $@

# Its pages and only the screenshots they show; again when a page or a picture changes.
guide: $(GUIDE)/guide/README.md

$(GUIDE)/guide/README.md: packaging/guide_files.py LICENSE $(wildcard docs/guide/*.md docs/guide/*/*.md) \
		$(wildcard docs/screenshots/*/*.png)
	$(PYTHON) packaging/guide_files.py

clean:
	rm -rf $(VENV) build dist *.egg-info $(LOCALE) $(GUIDE)
