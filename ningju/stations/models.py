"""Models of ningju.stations."""
