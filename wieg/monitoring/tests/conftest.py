import pytest


@pytest.fixture(autouse=True)
def fresh_figures(monkeypatch):
    """Every test computes its figures: no cached aggregates from an earlier test."""
    monkeypatch.setattr("wieg.monitoring.selectors.CACHE_SECONDS", 0)
