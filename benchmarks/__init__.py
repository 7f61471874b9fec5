"""Benchmarks: run them all with ``python -m benchmarks`` (``nox -s bench``)."""
