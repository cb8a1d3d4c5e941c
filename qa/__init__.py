"""Sanad's question-answering API.

>>> from qa import Assistant, Mode
"""

from qa.assistant import Assistant
from qa.results import Answer, Citation, Hit
from qa.retriever import Mode

__all__ = ["Assistant", "Answer", "Citation", "Hit", "Mode"]
