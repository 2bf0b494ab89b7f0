"""Models of ningju.meetings."""
