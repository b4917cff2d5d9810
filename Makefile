.PHONY: test golden render docs docs-cli

test:            ## install and run every check (what CI runs)
	scripts/test

golden:          ## regenerate tests/golden/ from the current output; review `git diff tests/golden`
	.venv/bin/python -m pytest --update-golden -q tests

render:          ## render the default model into ./vmgraph-out/
	scripts/render-default

docs:            ## build the docs (HTML, LaTeX, text) with -W -n and check them in headless Chromium
	scripts/docs

docs-cli:        ## regenerate docs/cli.rst from `vmgraph --help`; review `git diff docs/cli.rst`
	scripts/docs-cli
