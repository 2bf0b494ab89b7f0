"""Models of ningju.matters."""
