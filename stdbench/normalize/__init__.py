"""Normalisers: the messy real world (codes, quantities, labels) made comparable."""
