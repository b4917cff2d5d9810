.PHONY: test golden render

test:            ## install and run every check (what CI runs)
	scripts/test

golden:          ## regenerate tests/golden/ from the current output; review `git diff tests/golden`
	.venv/bin/python -m pytest --update-golden -q tests

render:          ## render the default model into ./vmgraph-out/
	scripts/render-default
