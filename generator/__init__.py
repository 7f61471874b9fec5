"""Turn vendors' OpenAPI documents into typed Python clients: validate, overlay, normalize, render, format.

Run it as ``python -m generator``; ``python -m generator --help`` lists the commands.
"""
