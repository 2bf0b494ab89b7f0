"""Models of ningju.voices."""
