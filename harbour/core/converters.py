"""URL converter for public identifiers (see harbour.core.ids)."""

from harbour.core.ids import ALPHABET, LENGTH


class PublicIdConverter:
    regex = f"[{ALPHABET}]{{{LENGTH}}}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
