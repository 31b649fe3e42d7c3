# The two commands: `make run` (set up and serve with demo data) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.requirements-installed
# No reloader: it starts Django a second time (about two seconds). `make run RUN_ARGS=` reloads on code changes.
RUN_ARGS ?= --noreload

.PHONY: run test lint format messages install browser clean

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Cần Python 3.11 ($(PYTHON)). / Python 3.11 is required."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

run: install
	$(PY) manage.py run_demo $(RUN_ARGS) 127.0.0.1:$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) bin/compile_messages.py --check

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install
	$(PY) bin/compile_messages.py

clean:
	rm -rf $(VENV) .test-db.sqlite3* staticfiles
