"""Per-article analysis: entities, places, times, events, attributions (pure functions over text)."""
