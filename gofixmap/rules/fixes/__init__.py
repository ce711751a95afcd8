"""How the rules' edits are built: one builder per kind of fix, shared by
every rule that offers it (a rule file holds policy, docs and examples)."""
