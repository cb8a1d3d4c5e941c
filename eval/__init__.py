"""Sanad's evaluation: datasets, metrics, the ``sanad eval`` command and ``make bench``."""
