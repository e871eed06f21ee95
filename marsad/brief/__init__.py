"""Briefs: the three-part summary of a story (ماذا حدث؟ / لماذا هذا مهم؟ / ماذا بعد؟)."""
