"""Cross-article work: near-duplicates, story clustering, story records, timelines."""
