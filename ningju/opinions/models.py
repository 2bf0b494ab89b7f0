"""Models of ningju.opinions."""
