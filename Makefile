# The two commands of the README: `make run` and `make test`. Each installs what is missing.
SHELL := /bin/bash
CARGO ?= cargo

.PHONY: deps services test lint infra-check run bench bench-web bench-ocr

deps:
	@bash scripts/install-deps.sh

services: deps
	@bash scripts/services.sh

lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

test: services lint infra-check
	$(CARGO) test --workspace

# The SAM template, offline: sam validate --lint and cfn-lint (infra/README.md, "Checks").
infra-check:
	@bash scripts/check-infra.sh

# `envinorma dev` runs its own PostgreSQL (or uses DATABASE_URL): no service to start.
run: deps
	$(CARGO) build --release -p envinorma-local
	@bash scripts/demo.sh

bench:
	$(CARGO) bench -p envinorma-core --bench core

# The web function under wrk (README, "Benchmarks"): needs PostgreSQL and the shared data.
bench-web: services
	@bash scripts/bench-web.sh

# Our OCR pipeline against ocrmypdf and bare tesseract on one core (README, "Benchmarks").
bench-ocr: deps
	@bash scripts/bench-ocr.sh
