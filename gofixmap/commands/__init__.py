"""The commands (``scan``, ``triage``, ``race``) and what they share.

:mod:`.common` is the one way they parse their common options, turn a fix into
file changes, write those changes and report rule errors; the JSON documents
all come from :func:`gofixmap.codemod.render.json_document` (one ``version``,
one finding shape). :mod:`.scan` is the default command's flow after its
arguments are parsed (``gofixmap [flags] PATH ...``); ``triage`` and ``race``
live in :mod:`gofixmap.triage` and :mod:`gofixmap.race`.
"""
