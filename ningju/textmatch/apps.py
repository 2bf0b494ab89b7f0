from django.apps import AppConfig


class TextmatchConfig(AppConfig):
    """The text matcher has no models; it is an app only for its management command."""

    name = "ningju.textmatch"
    label = "textmatch"
    verbose_name = "textmatch"
