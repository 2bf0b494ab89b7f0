"""Models of ningju.moderation."""
