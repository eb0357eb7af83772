# dyad — two commands: `make demo` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= dyad.duckdb
SAMPLE := src/dyad/data/sample

.PHONY: demo test lint typecheck unit bench clean-db clean

$(BIN)/dyad: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,spark]'
	@touch $(BIN)/dyad

demo: $(BIN)/dyad
	@rm -f $(DB) $(DB).wal
	$(BIN)/dyad code $(SAMPLE) --db $(DB) || test $$? -eq 1
	$(BIN)/dyad events --db $(DB) --limit 15
	$(BIN)/dyad summary --db $(DB)
	@echo
	@echo "Explore: $(BIN)/dyad events --db $(DB) --source IRN --target PRK"
	@echo "         $(BIN)/dyad show DOC_ID --db $(DB)     (document ids: $(BIN)/dyad events --db $(DB) --format csv)"
	@echo
	@echo "Dashboard: $(BIN)/dyad serve --db $(DB)    then open http://127.0.0.1:8000/"

test: $(BIN)/dyad lint typecheck unit

lint: $(BIN)/dyad
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/dyad dict lint

typecheck: $(BIN)/dyad
	$(BIN)/mypy

unit: $(BIN)/dyad
	$(BIN)/pytest -q

bench: $(BIN)/dyad
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info $(DB) $(DB).wal
