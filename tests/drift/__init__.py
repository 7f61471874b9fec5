"""Tests of the drift tool: rule fixtures, properties, inputs, formats, the code section and CI."""
