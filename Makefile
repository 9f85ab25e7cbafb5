# Housekey developer commands. `make run` and `make test` work on a fresh machine (as root or
# with sudo): scripts/py314.sh builds a Debian forky chroot with Python 3.14 once, cached in
# $(HOUSEKEY_CACHE) (default /var/cache/housekey), and one venv per Home Assistant release.
SHELL := /bin/bash
PY314 := bash scripts/py314.sh
#: the supported range: the oldest release and the newest one the suite runs on
RELEASES := 2026.8 2026.10
NEWEST := 2026.10
#: `make run` uses the newest release on PyPI
RUN_RELEASE := 2026.11
PATHS := custom_components tests bench scripts

.PHONY: env test lint typecheck run bench e2e-deps frontend frontend-check clean

env:
	@$(PY314) chroot
	@for rel in $(RELEASES) $(RUN_RELEASE); do $(PY314) venv $$rel; done

e2e-deps: env
	@$(PY314) run $(NEWEST) -- 'bash scripts/e2e_deps.sh'

lint: env
	$(PY314) run $(NEWEST) --offline -- 'ruff check $(PATHS) && ruff format --check $(PATHS)'

typecheck: env
	$(PY314) run $(NEWEST) --offline -- 'mypy'

# The sidebar panel: frontend/src (Lit + TypeScript) built by esbuild into the committed bundle.
BUNDLE := custom_components/housekey/frontend/housekey-panel.js
FRONTEND_DEPS := bash scripts/e2e_deps.d/frontend.sh

frontend: env
	$(PY314) run $(NEWEST) -- '$(FRONTEND_DEPS) && cd frontend && node build.mjs'

# Type-checks the panel and rebuilds it to a temporary file: the committed bundle must be
# exactly what its sources build to.
frontend-check: env
	@$(PY314) run $(NEWEST) -- '$(FRONTEND_DEPS) && cd frontend && node_modules/.bin/tsc --noEmit && \
	  out=$$(mktemp) && node build.mjs "$$out" && \
	  { cmp -s "$$out" ../$(BUNDLE) || { rm -f "$$out"; \
	    echo "frontend-check: $(BUNDLE) is not what frontend/src builds to: run make frontend" >&2; \
	    exit 1; }; } && rm -f "$$out"'

# The whole suite, real-stack tests included, on every supported release, each in a network
# namespace with only loopback: nothing a test starts can send a packet off the machine.
test: env e2e-deps lint typecheck frontend-check
	@for rel in $(RELEASES); do \
	  echo "== Home Assistant $$rel"; start=$$(date +%s); \
	  $(PY314) run $$rel --offline -- \
	    'pytest -p no:cacheprovider -q -n 2 --dist loadgroup --cov --cov-report=term tests' || exit 1; \
	  echo "== Home Assistant $$rel: suite took $$(( $$(date +%s) - start )) s"; \
	done

run: env
	$(PY314) run $(RUN_RELEASE) -- 'python scripts/run_demo.py $(ARGS)'

bench: env
	$(PY314) run $(NEWEST) --offline -- 'python bench/performance.py && python bench/run.py && python bench/household_file.py 100 1000 && python bench/codes.py && python bench/panel.py && python bench/schedules.py && python bench/journal.py && python bench/calendar_guests.py'

clean:
	rm -rf .run
