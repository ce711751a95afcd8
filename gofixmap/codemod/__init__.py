"""The engine: sources, edits, fixes, diffs, discovery and the runner.

Nothing in this package knows about maps or imports from ``gofixmap.rules``.
"""
