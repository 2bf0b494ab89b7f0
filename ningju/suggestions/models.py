"""Models of ningju.suggestions."""
