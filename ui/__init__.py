"""What a person touches, at the top of the import graph (ui → qa → index, and ``cli`` → eval).

- ``cli``: the one ``sanad`` command, every subcommand declared there and imported
  when run (``python -m ui`` from a source checkout).
- ``server``: one process serving the HTTP API (``qa.api``) at ``/api`` and the chat at ``/``.
- ``app`` (the Gradio chat), ``render`` (answers and sources as HTML), ``page`` (header,
  CSS, script), ``strings`` (the interface's own words in Arabic and English).

No retrieval or answer logic lives here: it calls ``qa``.
"""
