"""Demo data for ningju.suggestions (loaded by `ningju demo` after the people and proposals)."""


def load() -> dict[str, int]:
    return {}
