"""Models of ningju.activities."""
