"""Settings of the person record, with their defaults (see docs/configuration.md)."""

from __future__ import annotations

from django.conf import settings


def block_limit() -> int:
    """Blocks with more records than this are too common to tell anyone apart: skipped."""
    return int(getattr(settings, "HARBOUR_PEOPLE_BLOCK_LIMIT", 50))


def checks_flag_per_hour() -> int:
    """Duplicate checks by one user in an hour beyond which each is flagged for review."""
    return int(getattr(settings, "HARBOUR_PEOPLE_CHECKS_FLAG_PER_HOUR", 20))


def checks_limit_per_hour() -> int:
    """Duplicate checks by one user in an hour beyond which checks are refused."""
    return int(getattr(settings, "HARBOUR_PEOPLE_CHECKS_LIMIT_PER_HOUR", 60))


def reads_flag_per_hour() -> int:
    """Different people one user may open in an hour before her reading is flagged."""
    return int(getattr(settings, "HARBOUR_PEOPLE_READS_FLAG_PER_HOUR", 40))


def refusals_flag_per_hour() -> int:
    """Refused reads by one user in an hour beyond which they are flagged."""
    return int(getattr(settings, "HARBOUR_PEOPLE_REFUSALS_FLAG_PER_HOUR", 3))


def emergency_hours() -> int:
    """How long an emergency override lasts."""
    return int(getattr(settings, "HARBOUR_PEOPLE_EMERGENCY_HOURS", 8))


MAX_CANDIDATES = 3  # at most this many possible matches are ever offered


def search_read_limit() -> int:
    """A name search reads (decrypts) at most this many records; when more people the user
    may read share names like the one typed, she is asked to add a date of birth instead."""
    return int(getattr(settings, "HARBOUR_PEOPLE_SEARCH_READ_LIMIT", 200))


NAME_CANDIDATES = 10  # at most this many records are offered on a name alone
