#!/bin/sh
# The lifecycle checks: run them in CI and before you commit.
set -eu
vmgraph check --strict volume.yaml
python -m sphinx -W -n -q -b html site site/_build/html
