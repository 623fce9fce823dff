"""Fills the China International Trade Single Window import-food registration forms."""

__version__ = "0.1.0"
