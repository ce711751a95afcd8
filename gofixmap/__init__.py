"""gofixmap: find and fix Go map bugs."""

__version__ = "0.1.0"
