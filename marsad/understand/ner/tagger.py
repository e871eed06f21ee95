"""The CRF named-entity tagger: ``NerTagger.load().tag(tokens)`` and the CoNLL batch interface."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import IO, NamedTuple

from marsad.understand.ner.features import sentence_features

DEFAULT_MODEL = "data/ner_crf.model"


def default_model_path() -> str:
    return str(resources.files("marsad.understand.ner").joinpath(DEFAULT_MODEL))


class TaggedSpan(NamedTuple):
    """A tagged name: token indexes ``first..last`` (inclusive), type, mean marginal probability."""

    first: int
    last: int
    type: str
    confidence: float


def iob_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(first, last, type) of each IOB2 span; a stray I-X starts a new span."""
    out: list[tuple[int, int, str]] = []
    for i, tag in enumerate(tags):
        if tag == "O" or "-" not in tag:
            continue
        prefix, typ = tag.split("-", 1)
        if prefix == "I" and out and out[-1][1] == i - 1 and out[-1][2] == typ:
            out[-1] = (out[-1][0], i, typ)
        else:
            out.append((i, i, typ))
    return out


@lru_cache(maxsize=4)
def _cached(path: str) -> NerTagger:
    return NerTagger(path)


class NerTagger:
    """Arabic NER over pre-tokenised sentences; tags PER ORG LOC MISC in IOB2."""

    def __init__(self, path: str | None = None):
        import pycrfsuite

        self.path = path or default_model_path()
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(self.path)

    @classmethod
    def load(cls, path: str | None = None) -> NerTagger:
        """The tagger for ``path`` (default: the shipped model), loaded once per process."""
        return _cached(path or default_model_path())

    def tag(self, tokens: list[str]) -> list[str]:
        """One IOB2 tag per token (``[]`` for ``[]``)."""
        if not tokens:
            return []
        toks = [t if t.strip() else "_" for t in tokens]
        return list(self._tagger.tag(sentence_features(toks)))

    def spans(self, tokens: list[str]) -> list[TaggedSpan]:
        """Tagged names of one sentence with their confidence (mean marginal of the span's tags)."""
        tags = self.tag(tokens)
        out: list[TaggedSpan] = []
        for first, last, typ in iob_spans(tags):
            probs = [self._tagger.marginal(tags[i], i) for i in range(first, last + 1)]
            out.append(TaggedSpan(first, last, typ, sum(probs) / len(probs)))
        return out

    def tag_conll(self, in_handle: IO[str], out_handle: IO[str]) -> int:
        """Batch interface: one token per line (first column; TAB or space separated), blank line
        between sentences. Writes ``token<TAB>TAG`` per token line, blank lines kept. Returns the
        number of tokens tagged.
        """
        n = 0
        sent: list[str] = []

        def flush() -> None:
            nonlocal n
            if sent:
                for tok, tag in zip(sent, self.tag(sent), strict=True):
                    out_handle.write(f"{tok}\t{tag}\n")
                n += len(sent)
                sent.clear()

        for line in in_handle:
            line = line.rstrip("\r\n")
            if not line.strip():
                flush()
                out_handle.write("\n")
                continue
            tok = line.split("\t")[0] if "\t" in line else line.split()[0]
            sent.append(tok)
        flush()
        return n
