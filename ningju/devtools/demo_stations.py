"""Demo data for ningju.stations (loaded by `ningju demo` after the people and proposals)."""


def load() -> dict[str, int]:
    return {}
