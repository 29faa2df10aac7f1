# The two commands of the README: `make run` and `make test`. Each installs what is missing.
SHELL := /bin/bash
CARGO ?= cargo

.PHONY: deps services test lint infra-check lambda-build run bench bench-web bench-ocr bench-cold-start

deps:
	@bash scripts/install-deps.sh

services: deps
	@bash scripts/services.sh

lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

# The functions are built for Lambda before the tests: tests/ runs those very binaries.
test: services lint infra-check lambda-build
	$(CARGO) test --workspace

# The SAM template, offline: sam validate --lint and cfn-lint (infra/README.md, "Checks").
infra-check:
	@bash scripts/check-infra.sh

# Every function by cargo lambda, ap-ocr's layers, the glibc check (infra/README.md).
lambda-build: deps
	@bash scripts/lambda-build.sh

# `envinorma dev` runs its own PostgreSQL (or uses DATABASE_URL): no service to start.
run: deps
	$(CARGO) build --release -p envinorma-local
	@bash scripts/demo.sh

bench:
	$(CARGO) bench -p envinorma-core --bench core

# The web function under wrk (README, "Benchmarks"): needs PostgreSQL and the shared data.
bench-web: services
	@bash scripts/bench-web.sh

# Cold start and memory of each function's Lambda binary (README, "Cold start and memory").
bench-cold-start: services lambda-build
	$(CARGO) bench -p envinorma-e2e --bench cold_start

# Our OCR pipeline against ocrmypdf and bare tesseract on one core (README, "Benchmarks").
bench-ocr: deps
	@bash scripts/bench-ocr.sh
