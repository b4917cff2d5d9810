"""Importing this would also run the package's __init__, which fails on purpose."""

from fakenova.compute import api  # noqa: F401

open("fakenova-compute-was-imported", "w").close()
