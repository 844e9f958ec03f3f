"""Extraction: entities, times, quantities, quotes, attributions and hedges per sentence."""
