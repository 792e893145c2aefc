"""A synthetic population of the region, reproducible from a seed, for benches and demos.

No real person: names come from hand-written frequency lists (``name_frequencies``) and a
made-up long tail; phone numbers are in the UK's unallocated 04 range; email addresses are at
the reserved ``example`` domains. Pure Python, no database, so any bench (search, load,
dashboard) can use it and load the people its own way::

    from harbour.demo.population import Population

    population = Population(seed=2026)
    for person in population.people(1000):  # the same thousand people for the same seed
        person.given_name, person.family_name, person.date_of_birth, person.area, person.phone
    person = population.person(41)  # any one person, without drawing those before her

    typed = population.variation(person, "nickname", random.Random(7))  # or None
    typed.given_name, typed.family_name  # what someone might type for her

Each person is drawn from her own random stream (the seed and her index), so people can be
made in any order, in parallel, and ``person(i)`` is always the same person.

Who is in it: people known to the partnership's agencies, about four in five of them the
person harmed (mostly women) and one in five the person harming her (mostly men), aged 16 to
85 (most 20 to 45), in the six areas in proportion to their population. The names follow the
communities of the region in about their shares (``name_frequencies.COMMUNITIES``). Some women
have a previous family name on record, some people a double-barrelled or hyphenated one.

Query variations (``VARIATIONS``), each for what a user might type for a person on file:

============== ===============================================================================
exact          her name as recorded
slip           one typing slip in the given or family name (a letter dropped, doubled, swapped
               with the next, or a neighbouring key)
nickname       the name she is known by (Liz for Elizabeth), where she has one
swapped        given and family names the wrong way round
hyphen_part    one part of a double-barrelled or hyphenated family name
other_script   her name as written in its own script (Cyrillic, Arabic), where it has one
spelling       another Latin spelling of her given or family name (Muhammad for Mohammed)
previous_name  her previous family name, which is on record
changed_name   a new family name that is not on record (found only with a second detail)
============== ===============================================================================

The variation lists are kept apart from the matcher's own tables.
"""

from __future__ import annotations

import datetime
import random
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from harbour.demo import name_frequencies as data

# The region's areas and their population (2021 Census, rounded; Open Government Licence).
DEFAULT_AREAS: tuple[tuple[str, int], ...] = (
    ("Liverpool", 486_100),
    ("Wirral", 320_200),
    ("Sefton", 279_300),
    ("St Helens", 183_200),
    ("Knowsley", 154_500),
    ("Halton", 128_500),
)

VARIATIONS = (
    "exact",
    "slip",
    "nickname",
    "swapped",
    "hyphen_part",
    "other_script",
    "spelling",
    "previous_name",
    "changed_name",
)

HARMED = "harmed"
HARMING = "harming"


@dataclass(frozen=True)
class SyntheticPerson:
    index: int
    role: str  # "harmed" or "harming"
    sex: str  # "female" or "male"
    community: str
    given_name: str
    family_name: str
    date_of_birth: datetime.date
    area: str
    phone: str
    email: str
    other_names: tuple[str, ...] = ()  # full names she was known by before (a previous name)
    # Her given and family names in their own script, where the community writes in one.
    script_given: str = ""
    script_family: str = ""

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"


@dataclass(frozen=True)
class Typed:
    """What someone types for a person: a name, and whichever other details she gives."""

    given_name: str
    family_name: str
    variation: str
    date_of_birth: datetime.date | None = None
    phone: str = ""
    email: str = ""

    def with_details(
        self,
        person: SyntheticPerson,
        *,
        date_of_birth: bool = False,
        phone: bool = False,
        email: bool = False,
    ) -> Typed:
        return replace(
            self,
            date_of_birth=person.date_of_birth if date_of_birth else None,
            phone=person.phone if phone else "",
            email=person.email if email else "",
        )


def _words(text: str) -> list[str]:
    return text.split()


@dataclass
class _Names:
    """A ranked list of names (and their script spellings) with shares that fall by rank."""

    names: list[str]
    scripts: list[str] = field(default_factory=list)
    tail_starts: list[str] = field(default_factory=list)
    tail_ends: list[str] = field(default_factory=list)
    tail_share: float = 0.0  # of people with a made-up rare name
    tail_size: int = 0
    power: float = 0.6  # how fast shares fall by rank

    @cached_property
    def weights(self) -> list[float]:
        return [(rank + 1) ** -self.power for rank in range(len(self.names))]

    @cached_property
    def cumulative(self) -> list[float]:
        total, out = 0.0, []
        for weight in self.weights:
            total += weight
            out.append(total)
        return out

    def draw(self, rng: random.Random) -> tuple[str, str]:
        """A name (and its script spelling, or "")."""
        if self.tail_size and rng.random() < self.tail_share:
            return self._tail(rng), ""
        position = rng.random() * self.cumulative[-1]
        low, high = 0, len(self.cumulative) - 1
        while low < high:
            middle = (low + high) // 2
            if self.cumulative[middle] < position:
                low = middle + 1
            else:
                high = middle
        return self.names[low], self.scripts[low] if self.scripts else ""

    def _tail(self, rng: random.Random) -> str:
        # Rank r of the tail, after the listed names, drawn with weight ~ 1/r (log-uniform),
        # then made from word parts by the rank alone: a rare name is the same every time.
        offset = max(len(self.names), 1)
        rank = int(offset * ((self.tail_size + offset) / offset) ** rng.random())
        parts = random.Random(f"{self.tail_starts[0]}:{rank}")  # noqa: S311 (synthetic data)
        start = parts.choice(self.tail_starts)
        middle = parts.choice(_MIDDLES) if rank % 4 else ""
        word = start + middle + parts.choice(self.tail_ends)
        return word[0].upper() + word[1:]


_MIDDLES = _words(data.MIDDLES)


def _pairs(pairs: Sequence[tuple[str, str]]) -> tuple[list[str], list[str]]:
    return [p[0] for p in pairs], [p[1] for p in pairs]


def _community_names() -> dict[str, dict[str, object]]:
    """Per community: given names of women (by era for British), of men, family names."""
    british_family = _Names(
        _words(data.BRITISH_SURNAMES),
        tail_starts=_words(data.BRITISH_STARTS),
        tail_ends=_words(data.BRITISH_ENDS),
        tail_share=0.55,
        tail_size=80_000,
    )
    ukrainian_women, ukrainian_women_script = _pairs(data.UKRAINIAN_WOMEN)
    ukrainian_men, ukrainian_men_script = _pairs(data.UKRAINIAN_MEN)
    ukrainian_family, ukrainian_family_script = _pairs(data.UKRAINIAN_SURNAMES)
    russian_women, russian_women_script = _pairs(data.RUSSIAN_WOMEN)
    russian_men, russian_men_script = _pairs(data.RUSSIAN_MEN)
    russian_family_w, russian_family_w_script = _pairs(data.RUSSIAN_SURNAMES_WOMEN)
    russian_family_m, russian_family_m_script = _pairs(data.RUSSIAN_SURNAMES_MEN)
    arab_women, arab_women_script = _pairs(data.ARAB_WOMEN)
    arab_men, arab_men_script = _pairs(data.ARAB_MEN)
    arab_family, arab_family_script = _pairs(data.ARAB_SURNAMES)
    polish_tail = {
        "tail_starts": _words(data.POLISH_STARTS),
        "tail_share": 0.35,
        "tail_size": 6_000,
    }
    return {
        "british": {
            "women": {
                era: _Names(
                    _words(names),
                    tail_starts=_words(data.GIVEN_STARTS),
                    tail_ends=_words(data.GIVEN_ENDS),
                    tail_share=0.12,
                    tail_size=3_000,
                    power=0.5,
                )
                for era, names in data.BRITISH_WOMEN.items()
            },
            "men": _Names(_words(data.BRITISH_MEN), power=0.5),
            "family": british_family,
        },
        "irish": {
            "women": _Names(_words(data.IRISH_WOMEN)),
            "men": _Names(_words(data.IRISH_MEN)),
            "family": _Names(
                _words(
                    data.IRISH_SURNAMES.replace("Ó Briain", "Ó_Briain").replace(
                        "Mac Giolla", "Mac_Giolla"
                    )
                ),
                tail_starts=_words(data.IRISH_STARTS),
                tail_ends=_words(data.IRISH_ENDS),
                tail_share=0.2,
                tail_size=5_000,
            ),
        },
        "polish": {
            "women": _Names(_words(data.POLISH_WOMEN)),
            "men": _Names(_words(data.POLISH_MEN)),
            "family_women": _Names(
                _words(data.POLISH_SURNAMES_WOMEN),
                tail_ends=_words(data.POLISH_ENDS_WOMEN),
                **polish_tail,
            ),
            "family_men": _Names(
                _words(data.POLISH_SURNAMES_MEN),
                tail_ends=_words(data.POLISH_ENDS_MEN),
                **polish_tail,
            ),
        },
        "romanian": {
            "women": _Names(_words(data.ROMANIAN_WOMEN)),
            "men": _Names(_words(data.ROMANIAN_MEN)),
            "family": _Names(_words(data.ROMANIAN_SURNAMES)),
        },
        "lithuanian": {
            "women": _Names(_words(data.LITHUANIAN_WOMEN)),
            "men": _Names(_words(data.LITHUANIAN_MEN)),
            "family_women": _Names(_words(data.LITHUANIAN_SURNAMES_WOMEN)),
            "family_men": _Names(_words(data.LITHUANIAN_SURNAMES_MEN)),
        },
        "ukrainian": {
            "women": _Names(ukrainian_women, ukrainian_women_script),
            "men": _Names(ukrainian_men, ukrainian_men_script),
            "family": _Names(ukrainian_family, ukrainian_family_script),
        },
        "russian": {
            "women": _Names(russian_women, russian_women_script),
            "men": _Names(russian_men, russian_men_script),
            "family_women": _Names(russian_family_w, russian_family_w_script),
            "family_men": _Names(russian_family_m, russian_family_m_script),
        },
        "south_asian": {
            "women": _Names(_words(data.SOUTH_ASIAN_WOMEN)),
            "men": _Names(_words(data.SOUTH_ASIAN_MEN)),
            "family": _Names(_words(data.SOUTH_ASIAN_SURNAMES)),
            "family_women_own": _Names(_words(data.SOUTH_ASIAN_WOMEN_SURNAMES)),
            "family_men_own": _Names(_words(data.SOUTH_ASIAN_MEN_SURNAMES)),
        },
        "west_african": {
            "women": _Names(_words(data.WEST_AFRICAN_WOMEN)),
            "men": _Names(_words(data.WEST_AFRICAN_MEN)),
            "family": _Names(
                _words(data.WEST_AFRICAN_SURNAMES),
                tail_starts=_words(data.WEST_AFRICAN_STARTS),
                tail_ends=_words(data.WEST_AFRICAN_ENDS),
                tail_share=0.4,
                tail_size=8_000,
            ),
        },
        "somali": {
            "women": _Names(_words(data.SOMALI_WOMEN)),
            "men": _Names(_words(data.SOMALI_MEN)),
            "family": _Names(_words(data.SOMALI_SURNAMES)),
        },
        "arab": {
            "women": _Names(arab_women, arab_women_script),
            "men": _Names(arab_men, arab_men_script),
            "family": _Names(arab_family, arab_family_script),
        },
        "chinese": {
            "women": _Names(_words(data.CHINESE_WOMEN)),
            "men": _Names(_words(data.CHINESE_MEN)),
            "family": _Names(_words(data.CHINESE_SURNAMES)),
        },
        "other": {
            "women": _Names(_words(data.OTHER_WOMEN)),
            "men": _Names(_words(data.OTHER_MEN)),
            "family": _Names(
                _words(data.OTHER_SURNAMES),
                tail_starts=_words(data.OTHER_STARTS),
                tail_ends=_words(data.OTHER_ENDS),
                tail_share=0.5,
                tail_size=5_000,
            ),
        },
    }


# Eastern Europe within the region's Eastern European community.
EASTERN_EUROPEAN = (("polish", 0.55), ("romanian", 0.2), ("lithuanian", 0.1),
                    ("ukrainian", 0.1), ("russian", 0.05))  # fmt: skip


class Population:
    """People of the region, the same for the same seed (see the module's description)."""

    def __init__(
        self,
        *,
        seed: int = 2026,
        areas: Sequence[tuple[str, int]] = DEFAULT_AREAS,
        harmed_share: float = 0.8,
    ) -> None:
        self.seed = seed
        self.areas = [name for name, _ in areas]
        self.area_weights = [weight for _, weight in areas]
        self.harmed_share = harmed_share
        self.names = _community_names()
        self.communities = list(data.COMMUNITIES)
        self.community_weights = list(data.COMMUNITIES.values())

    def people(self, count: int, *, start: int = 0) -> Iterator[SyntheticPerson]:
        for index in range(start, start + count):
            yield self.person(index)

    def person(self, index: int) -> SyntheticPerson:
        rng = random.Random(f"{self.seed}:{index}")  # noqa: S311 (synthetic, reproducible)
        role = HARMED if rng.random() < self.harmed_share else HARMING
        female = rng.random() < (0.9 if role == HARMED else 0.12)
        sex = "female" if female else "male"
        community = rng.choices(self.communities, self.community_weights)[0]
        if community == "eastern_european":
            community = rng.choices(*zip(*EASTERN_EUROPEAN, strict=True))[0]
        dob = self._date_of_birth(rng)
        given, script_given = self._given(rng, community, female, dob)
        family, script_family = self._family(rng, community, female)
        other_names: tuple[str, ...] = ()
        age = (datetime.date(2026, 1, 1) - dob).days // 365
        if female and age >= 25 and rng.random() < 0.15:  # a previous family name on record
            previous, _script = self._family(rng, community, female)
            if previous != family:
                other_names = (f"{given} {previous}",)
        area = rng.choices(self.areas, self.area_weights)[0]
        phone = f"04{(index * 7_919 + self.seed) % 10**9:09d}"
        email_name = _ascii(f"{given}.{family}").lower().replace(" ", "").replace("'", "")
        domain = ("example.org", "example.com", "example.net")[index % 3]
        return SyntheticPerson(
            index=index,
            role=role,
            sex=sex,
            community=community,
            given_name=given,
            family_name=family,
            date_of_birth=dob,
            area=area,
            phone=phone,
            email=f"{email_name}.{index}@{domain}",
            other_names=other_names,
            script_given=script_given,
            script_family=script_family,
        )

    def _date_of_birth(self, rng: random.Random) -> datetime.date:
        # Ages on 1 January 2026: most between 20 and 45, from 16 to 85.
        age = min(85.0, max(16.0, rng.gammavariate(6.0, 5.5) + 10))
        born = datetime.date(2026, 1, 1) - datetime.timedelta(days=int(age * 365.25))
        return born - datetime.timedelta(days=rng.randrange(365))

    def _given(self, rng, community: str, female: bool, dob: datetime.date) -> tuple[str, str]:
        names = self.names[community]
        if not female:
            return names["men"].draw(rng)
        women = names["women"]
        if isinstance(women, dict):
            era = (
                "before_1970" if dob.year < 1970 else "1970_1989" if dob.year < 1990
                else "1990_onwards"
            )  # fmt: skip
            return women[era].draw(rng)
        return women.draw(rng)

    def _family(self, rng, community: str, female: bool) -> tuple[str, str]:
        names = self.names[community]
        if community == "south_asian":
            own = names["family_women_own" if female else "family_men_own"]
            if rng.random() < (0.3 if female else 0.2):
                return own.draw(rng)
        if "family" in names:
            family, script = names["family"].draw(rng)
        else:
            family, script = names["family_women" if female else "family_men"].draw(rng)
        family = family.replace("_", " ")
        hyphenated = {"british": 0.02, "west_african": 0.06, "other": 0.08, "irish": 0.01}
        if rng.random() < hyphenated.get(community, 0.0):
            second, _script = names["family"].draw(rng)
            if second != family:
                joiner = "-" if rng.random() < 0.7 else " "
                family, script = f"{family}{joiner}{second.replace('_', ' ')}", ""
        return family, script

    # Query variations -------------------------------------------------------------------------

    def variations_for(self, person: SyntheticPerson) -> list[str]:
        """The variations that apply to this person."""
        kinds = ["exact", "slip", "swapped", "changed_name"]
        if _known_as(person.given_name):
            kinds.append("nickname")
        if "-" in person.family_name or " " in person.family_name:
            kinds.append("hyphen_part")
        if person.script_given or person.script_family:
            kinds.append("other_script")
        if _spelt_as(person.given_name) or _spelt_as(person.family_name):
            kinds.append("spelling")
        if person.other_names:
            kinds.append("previous_name")
        return kinds

    def variation(self, person: SyntheticPerson, kind: str, rng: random.Random) -> Typed | None:
        """What someone might type for ``person`` (``kind`` is one of ``VARIATIONS``), or None
        when that kind does not apply to her."""
        given, family = person.given_name, person.family_name
        if kind == "exact":
            return Typed(given, family, kind)
        if kind == "slip":
            if rng.random() < 0.5:
                return Typed(slip(given, rng), family, kind)
            return Typed(given, slip(family, rng), kind)
        if kind == "nickname":
            forms = _known_as(given)
            return Typed(rng.choice(forms), family, kind) if forms else None
        if kind == "swapped":
            return Typed(family, given, kind)
        if kind == "hyphen_part":
            parts = family.replace("-", " ").split()
            if len(parts) < 2:
                return None
            return Typed(given, rng.choice(parts), kind)
        if kind == "other_script":
            if not (person.script_given or person.script_family):
                return None
            return Typed(person.script_given or given, person.script_family or family, kind)
        if kind == "spelling":
            options = [("given", s) for s in _spelt_as(given)] + [
                ("family", s) for s in _spelt_as(family)
            ]
            if not options:
                return None
            which, spelling = rng.choice(options)
            return (
                Typed(spelling, family, kind) if which == "given" else Typed(given, spelling, kind)
            )
        if kind == "previous_name":
            if not person.other_names:
                return None
            previous = person.other_names[0].split(" ", 1)[1]
            return Typed(given, previous, kind)
        if kind == "changed_name":
            new, _script = self._family(rng, person.community, person.sex == "female")
            tries = 0
            while new == family and tries < 5:
                new, _script = self._family(rng, person.community, person.sex == "female")
                tries += 1
            return Typed(given, new, kind) if new != family else None
        raise ValueError(f"unknown variation {kind!r}")


def _known_as(given: str) -> list[str]:
    return data.KNOWN_AS.get(given, [])


def _spelt_as(name: str) -> list[str]:
    return data.SPELT_AS.get(name, [])


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and not unicodedata.combining(c))


# Neighbouring keys on a UK keyboard, for slips.
_KEYBOARD = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]


def _neighbour(letter: str, rng: random.Random) -> str:
    lower = letter.lower()
    for row in _KEYBOARD:
        if lower in row:
            i = row.index(lower)
            options = [row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)]
            new = rng.choice(options)
            return new.upper() if letter.isupper() else new
    return letter


def slip(name: str, rng: random.Random) -> str:
    """One typing slip, never on the first letter: a letter dropped, doubled, swapped with the
    next, or a neighbouring key pressed instead."""
    if len(name) < 3:
        return name + name[-1]
    i = rng.randrange(1, len(name) - 1)
    kind = rng.choice(("drop", "double", "swap", "neighbour"))
    if kind == "drop":
        return name[:i] + name[i + 1 :]
    if kind == "double":
        return name[:i] + name[i] + name[i:]
    if kind == "swap" and name[i] != name[i + 1]:
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    neighbour = _neighbour(name[i], rng)
    if neighbour == name[i]:  # not on the keyboard (an accented letter): doubled instead
        return name[:i] + name[i] + name[i:]
    return name[:i] + neighbour + name[i + 1 :]
