"""Benchmark tooling for `make bench` and by hand; not an app. Run each as a module from the
repository root: `python -m bench.load`, `python -m bench.feeds`, `python -m bench.search_index`.
"""
