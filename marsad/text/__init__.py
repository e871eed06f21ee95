"""Arabic text layer: normalisation for matching, tokens and sentences with character offsets."""

from marsad.text.normalize import normalize, normalize_with_offsets

__all__ = ["normalize", "normalize_with_offsets"]
