"""gofixmap's Go grammar, compiled from grammar/ (see grammar/binding.c)."""

def language() -> object:
    """The tree-sitter Language of the grammar, as a capsule for ``tree_sitter.Language``."""
