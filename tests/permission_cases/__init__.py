"""Authorisation-matrix rows per area: each module exports CASES (see tests/matrix.py)."""
