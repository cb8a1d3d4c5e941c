"""Sanad's evaluation, beside ``ui`` at the top of the import graph (eval → qa → index).

Layout: ``datasets`` (Sanad JSONL and SQuAD) → ``runner`` (every retrieval mode over
a dataset, with ``metrics``) → ``reporting`` (table, report.md, chart); ``command`` is
what ``sanad eval`` runs, ``bench`` is ``make bench``, ``ablation`` what each retrieval choice buys,
``answer_ablation`` what each answer weight buys, ``answer_misses`` where answers miss,
``before_after`` five answers photographed in the chats of two running servers;
``repair_sim``, ``repair_bench`` and ``glitch_*`` test the line repair on simulated glitches.
"""
