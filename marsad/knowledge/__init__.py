"""Knowledge of the world: the gazetteer of canonical entities (data files in ``data/``)."""
