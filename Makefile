# Set-up and everyday commands. `make serve` and `make test` are all a fresh machine needs.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
# Site generator for build/serve/deploy: mkdocs, or properdocs (the maintained fork of MkDocs 1.6,
# same hook, same pages: tests/test_engines.py). MkDocs 1.x is unmaintained; Material ends 2027-05-05.
ENGINE ?= mkdocs
# Reproducible builds: dates in the output (sitemap) come from the last commit, not the clock.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

.PHONY: serve build test test-fast lint validate deploy offline bench bench-preview bench-big-plan bench-import bench-search clean browser

# The core package `plankb` (src/) is installed editable; a copy of the project run through make (tests,
# benchmarks) imports its own src/ first.
export PYTHONPATH := $(CURDIR)/src

$(STAMP): requirements.txt requirements-test.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Cần Python 3.11 ($(PYTHON))"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-test.txt
	$(BIN)/pip install --quiet --no-deps -e .
	$(BIN)/python scripts/fetch_old_units.py
	@# the importer's test PDFs are set in DejaVu Serif (Vietnamese): Debian's fonts-dejavu-core
	@test -f /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf || { apt-get update -q && apt-get install -y -q fonts-dejavu-core; }
	touch $(STAMP)

ADDR ?= 127.0.0.1:8000
serve: $(STAMP)          ## build and serve on http://$(ADDR) with live reload (only what an edit changed is rendered again); invalid sources keep the last good pages
	$(BIN)/$(ENGINE) serve --no-strict --dirty --dev-addr $(ADDR) -f mkdocs.yml

build: $(STAMP)          ## strict build into site/
	$(BIN)/$(ENGINE) build --strict -f mkdocs.yml

validate: $(STAMP)       ## check every source file, print every problem
	$(BIN)/python scripts/validate.py

browser:                 ## Debian's chromium for the browser tests, poppler-utils to read what they print
	@command -v chromium >/dev/null || { apt-get update -q && apt-get install -y -q chromium; }
	@command -v pdftotext >/dev/null || { apt-get update -q && apt-get install -y -q poppler-utils; }

TOOLS := tests/tools/node_modules/.installed
$(TOOLS): tests/tools/package.json tests/tools/package-lock.json   ## Nu HTML Checker (Java) and axe-core for the quality gates
	@command -v java >/dev/null || { apt-get update -q && apt-get install -y -q default-jre-headless; }
	@command -v npm >/dev/null || { apt-get update -q && apt-get install -y -q nodejs npm; }
	npm ci --prefix tests/tools --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

test: $(STAMP) browser $(TOOLS)   ## every test: unit, build, fidelity, browser, quality gates
	$(BIN)/ruff check src hooks scripts tests
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)      ## the fast tier while you work (unit and golden tests, about 1.5 min): no site build, browser, server
	$(BIN)/ruff check src hooks scripts tests
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -m "not slow"

OFFLINE_ZIP := dist/ke-hoach-pcmd-offline.zip
deploy: $(STAMP)         ## publish to the gh-pages branch, with the offline copy (built first) linked from the trainer guide
	$(BIN)/python scripts/build_offline.py $(OFFLINE_ZIP) --engine $(ENGINE)
	$(BIN)/$(ENGINE) gh-deploy --strict --no-history -f mkdocs-deploy.yml

offline: $(STAMP)        ## dist/ke-hoach-pcmd-offline.zip: the site from a folder (file://), search included
	$(BIN)/python scripts/build_offline.py $(OFFLINE_ZIP) --engine $(ENGINE)

bench: $(STAMP)          ## build benchmark on 5, 100 and 1,000 synthetic plans: ours vs plain MkDocs (seconds, memory, largest pages), then the preview's latency (bench-preview); BENCH_ARGS="--repeat 2", PREVIEW_ARGS="--sizes 100"
	$(BIN)/python scripts/bench_build.py $(BENCH_ARGS)
	$(BIN)/python scripts/bench_preview.py $(PREVIEW_ARGS)

bench-preview: $(STAMP)  ## make serve's edit-to-refreshed-page seconds on 100 and 1,000 synthetic plans, and where a rebuild's time goes (BENCH_ARGS="--sizes 100 --serve-args=")
	$(BIN)/python scripts/bench_preview.py $(BENCH_ARGS)

bench-big-plan: $(STAMP) ## build time of one plan of 1,000 to 16,000 paragraphs: linear in its size? (BENCH_ARGS="--repeat 2 --against DIR")
	$(BIN)/python scripts/bench_big_plan.py $(BENCH_ARGS)

bench-import: $(STAMP)   ## the importer: words in/out and read time per seed and file format, then its leave-one-out score per kind of annotation in every shape (.txt variants, .docx, .pdf)
	PYTHONPATH=$(CURDIR)/src:$(CURDIR)/tests $(BIN)/python scripts/bench_reading.py
	PYTHONPATH=$(CURDIR)/src:$(CURDIR)/tests $(BIN)/python scripts/bench_import.py --variants $(BENCH_ARGS)

bench-search: $(STAMP) browser  ## search benchmark, ours vs Pagefind, on 5, 200, 1,000 plans and 5,000 (index only); BENCH_ARGS="--sizes 5 --core-only 200", "--sizes 5000" (5,000 in full)
	PYTHONPATH=$(CURDIR)/src:$(CURDIR)/tests $(BIN)/python scripts/bench_search.py $(or $(BENCH_ARGS),--sizes 5,200,1000 --core-only 5000)

clean:
	rm -rf site test-artifacts dist
