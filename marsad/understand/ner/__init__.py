"""CRF named-entity tagger for Arabic (PER, ORG, LOC, MISC in IOB2).

Public API: ``NerTagger`` (tagger), ``train``/``read_conll`` (train), ``evaluate``/``cross_validate``.
"""

from marsad.understand.ner.tagger import NerTagger

__all__ = ["NerTagger"]
