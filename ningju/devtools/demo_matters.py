"""Demo data for ningju.matters (loaded by `ningju demo` after the people and proposals)."""


def load() -> dict[str, int]:
    return {}
