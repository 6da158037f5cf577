"""Relationship charter handbook: load, validate, score and render charters."""

__version__ = "0.1.0"
