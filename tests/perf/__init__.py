"""Functional tests of the fast paths: stop_many, the bulk command line, lazy imports and the transports."""
