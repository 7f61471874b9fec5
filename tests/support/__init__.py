"""Test helpers: real servers on loopback (a recorder and fault injector, and the Prism mock)."""
