# tinhuy: `make run` (the pipeline on the seeds, offline) and `make test` (every test).
# Both install what they need: uv (pinned, from PyPI), the locked Python deps,
# and Apache Kafka's jars (from Maven Central, via scripts/kafka.sh).
SHELL := /bin/bash
.DEFAULT_GOAL := help
UV_VERSION := 0.13.8
BOOTSTRAP := .cache/bootstrap
UV := $(BOOTSTRAP)/bin/uv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv
# The compose check (scripts/checks/compose) builds with the installed Go, never a download.
export GOTOOLCHAIN := local
PYTHON ?= python3

.PHONY: help install kafka browser run stop test chaos lint fmt bench-fetch bench-aggregate bench-parse bench

help:
	@echo "make run [KEEP=1]   broker + services on the seeds, offline; summary; out/enriched.jsonl"
	@echo "make test           install everything and run the whole test suite (real broker)"
	@echo "make stop           stop a stack left running by 'make run KEEP=1'"
	@echo "make lint           ruff check + format check"

$(UV):
	$(PYTHON) -m venv $(BOOTSTRAP)
	$(BOOTSTRAP)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

.venv/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

install: .venv/.synced

kafka:
	bash scripts/kafka.sh provision

run: install kafka
	.venv/bin/tinhuy run $(if $(KEEP),--keep)

stop: install
	.venv/bin/tinhuy stop

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

browser:
	bash scripts/install-browser.sh

# The chaos tests run last, in their own session: they stop and restart the broker.
test: install kafka browser lint
	.venv/bin/python -m pytest --ignore=tests/chaos
	.venv/bin/python -m pytest tests/chaos

# Only the chaos and hostile-input tests (also part of `make test`).
chaos: install kafka
	.venv/bin/python -m pytest tests/chaos

bench-fetch: install kafka
	.venv/bin/python -m bench.fetch

bench-aggregate: install kafka
	.venv/bin/python -m bench.aggregate

# Parser throughput on ~100 KB pages vs selectolax and trafilatura (a dev dependency).
bench-parse: install
	.venv/bin/python bench/parse_bench.py

# The whole pipeline on the local corpus origin: URLs/s, latency at 50 URLs/s, peak RSS,
# and what each fault does (bench/README.md). BENCH_ARGS: e.g. --commit-interval 0.1.
bench: install kafka
	.venv/bin/python -m bench.load --faults $(BENCH_ARGS)
