"""Helpers shared by the tests: planted data, leak scans, child processes."""
