"""A realistic handbook of any size: the fixture charters varied into N charters.

Run: .venv/bin/python benchmarks/corpus.py OUT [--charters 1000] [--seed 1]

Every charter is one of the six frozen fixture charters (tests/fixtures/handbook/charters: all
five kinds, all three tiers) rewritten for an organisation of its own: a unique id and name,
unique people (every member's id and name, the owner included, so nobody owns more than one
charter and no owner is over the attention limit), a tier drawn from a realistic mix, and one or
two terms of its own that its purpose uses, in place of the fixture's terms. Mentions of another
fixture organisation (BrightPath's text names Cloudpeak and links to its charter) point at a
charter of the corpus derived from that organisation. The shared glossary is the fixture's.
Comments and layout are kept as written. The same seed and size give the same files.

The corpus passes `handbook check` with no errors; its warnings are the fixture's: six on
every charter made from the proposed Learnwell charter, which lacks an agreement and a few fields.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

REPOSITORY = Path(__file__).resolve().parent.parent
FIXTURE_CHARTERS = REPOSITORY / "tests" / "fixtures" / "handbook" / "charters"
"""Frozen sample charters: never the live charters/, which content pull requests change."""
SITE_SOURCES = ("mkdocs.yml", "templates", "docs")
"""The repository's site configuration, templates and hand-written pages (code, not content)."""

TIER_WEIGHTS = {"key": 15, "growth": 35, "maintain": 50}
"""A portfolio's usual shape: few key accounts, most relationships maintained."""


@dataclass(frozen=True)
class _Base:
    """A fixture charter and the organisation it is about."""

    stem: str
    full_name: str
    """The organisation's (or for an internal group, the charter's) full name as written."""
    short_name: str | None
    """The name the text uses on its own, when there is one (``Harborline``)."""
    party_id: str | None
    """The organisation's party id, when it has one."""
    endings: tuple[str, ...]
    """What follows a new short name to make a full name of the same trade."""


BASES = (
    _Base(
        "harborline-logistics",
        "Harborline Logistics",
        "Harborline",
        "harborline",
        ("Logistics", "Freight", "Shipping", "Distribution", "Warehousing"),
    ),
    _Base(
        "brightpath-consulting",
        "BrightPath Consulting",
        "BrightPath",
        "brightpath",
        ("Consulting", "Advisory", "Partners", "Solutions"),
    ),
    _Base(
        "cloudpeak-alliance",
        "Cloudpeak Data Cloud",
        "Cloudpeak",
        "cloudpeak",
        ("Data Cloud", "Cloud", "Data Platform", "Compute"),
    ),
    _Base(
        "kestrel-support-services",
        "Kestrel Support Services",
        "Kestrel",
        "kestrel",
        ("Support Services", "Service Desk", "Contact Centre", "Helpdesk Services"),
    ),
    _Base(
        "learnwell-academy",
        "Learnwell Academy",
        "Learnwell",
        "learnwell",
        ("Academy", "Learning", "Training", "School"),
    ),
    _Base(
        "product-field-council",
        "Product and Field Council",
        None,
        None,
        ("Council", "Working Group", "Steering Group", "Forum"),
    ),
)

_NAME_STARTS = (
    "Amber", "Ash", "Bay", "Birch", "Black", "Blue", "Brook", "Cedar", "Clear", "Copper",
    "Crest", "Deep", "Elm", "Fair", "Fern", "Fox", "Glen", "Gold", "Granite", "Green",
    "Hazel", "Hill", "Iron", "Ivy", "Juniper", "Lake", "Lark", "Linden", "Maple", "Marsh",
    "Meadow", "Mill", "Moss", "Oak", "Orchard", "Pine", "Quarry", "Raven", "Red", "River",
    "Rock", "Rose", "Sage", "Salt", "Silver", "Spruce", "Stone", "Summit", "Thorn", "Willow",
)  # fmt: skip
_NAME_ENDS = (
    "bank", "bridge", "brook", "crest", "dale", "field", "ford", "gate", "grove", "haven",
    "hurst", "land", "lea", "light", "mark", "mere", "mont", "moor", "point", "port",
    "ridge", "rock", "shore", "side", "spring", "stead", "ton", "vale", "view", "wood",
)  # fmt: skip
_NAME_QUALIFIERS = (
    "", "Nordic", "Pacific", "Atlantic", "Alpine", "Coastal", "Central", "Northern",
    "Southern", "Eastern", "Western", "Highland",
)  # fmt: skip
_FIRST_NAMES = (
    "Aaron", "Abigail", "Adele", "Aisha", "Alan", "Alice", "Amara", "Amir", "Ana", "Anders",
    "Anya", "Arjun", "Astrid", "Beatriz", "Bruno", "Camila", "Carlos", "Chen", "Chloe", "Dara",
    "David", "Diego", "Elif", "Elise", "Emeka", "Emma", "Erik", "Esther", "Farah", "Felix",
    "Freya", "Gabriel", "Hana", "Hugo", "Ines", "Ingrid", "Isaac", "Ivan", "Jamal", "Jana",
    "Julia", "Kai", "Kenji", "Kofi", "Laila", "Leo", "Liam", "Lucia", "Luis", "Mara",
    "Mateo", "Mei", "Mina", "Nikhil", "Nina", "Noah", "Nora", "Olga", "Omar", "Oscar",
    "Paula", "Pedro", "Quinn", "Rafael", "Rosa", "Ruth", "Sara", "Sofia", "Stefan", "Tariq",
    "Thea", "Theo", "Uma", "Victor", "Vera", "Wei", "Xavier", "Yara", "Yusuf", "Zara",
)  # fmt: skip
_LAST_NAMES = (
    "Abbott", "Adler", "Alvarez", "Andersen", "Baker", "Banerjee", "Berg", "Blake", "Bose",
    "Brennan", "Castro", "Chowdhury", "Costa", "Dahl", "Dubois", "Eriksen", "Evans", "Ferreira",
    "Fischer", "Foster", "Garcia", "Haddad", "Hansen", "Hayes", "Horvat", "Ibrahim", "Ito",
    "Jansen", "Kapoor", "Keller", "Kowalski", "Laine", "Larsen", "Lindqvist", "Lopez", "Maier",
    "Marsh", "Moreau", "Murphy", "Nakamura", "Navarro", "Nguyen", "Novak", "Obi", "Olsen",
    "Ortiz", "Park", "Patel", "Pereira", "Quinlan", "Rahman", "Reid", "Rossi", "Russo",
    "Santos", "Schmidt", "Sharma", "Silva", "Sorensen", "Stone", "Suzuki", "Tan", "Torres",
    "Turner", "Vargas", "Varga", "Vogel", "Wagner", "Walker", "Weber", "Wong", "Yilmaz",
    "Young", "Zhang", "Ziegler", "Zimmer", "Okoro", "Mensah", "Hughes", "Lund",
)  # fmt: skip

_TERM_KINDS = (
    ("scorecard", "The monthly scorecard on {topic} that {org} and Northwind review together."),
    ("playbook", "The written playbook for {topic}, agreed by {org} and Northwind."),
    ("rollout plan", "The shared plan and dates for {topic}, owned jointly with {org}."),
    ("steering review", "The quarterly meeting where {org} and Northwind decide on {topic}."),
    ("handoff note", "The note {org} writes for Northwind on {topic}, so nobody has to re-ask."),
    ("capacity report", "The weekly figures {org} sends on {topic}."),
    ("risk register", "The list of open risks to {topic}, kept by {org} with Northwind."),
)
_TERM_TOPICS = (
    "forecast accuracy",
    "open escalations",
    "training completions",
    "certification progress",
    "regional rollouts",
    "support volumes",
    "joint pipeline",
    "renewal readiness",
)


@dataclass(frozen=True)
class _Organisation:
    short_name: str
    full_name: str
    charter_id: str
    party_id: str


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _unique_picks(rng: random.Random, block: int, count: int) -> list[tuple[int, int]]:
    """``count`` distinct (block number, index in block) pairs, from as few blocks as can be.

    Block 0 holds the plainest names (no qualifier, no initial), so a small corpus has only
    plain names; every further block adds a qualifier, an initial or a number.
    """
    needed = max(1, math.ceil(count / block))
    return [divmod(pick, block) for pick in rng.sample(range(needed * block), count)]


def _organisation_names(rng: random.Random, count: int) -> list[str]:
    block = len(_NAME_STARTS) * len(_NAME_ENDS)
    names = []
    for number, index in _unique_picks(rng, block, count):
        start, end = divmod(index, len(_NAME_ENDS))
        cycle, qualifier = divmod(number, len(_NAME_QUALIFIERS))
        parts = (_NAME_QUALIFIERS[qualifier], _NAME_STARTS[start] + _NAME_ENDS[end])
        names.append(" ".join(part for part in (*parts, _numbered(cycle)) if part))
    return names


def _numbered(cycle: int) -> str:
    """Nothing for the first cycle through a name list, then 2, 3 and so on."""
    return str(cycle + 1) if cycle else ""


def _people_names(rng: random.Random, count: int) -> list[str]:
    block = len(_FIRST_NAMES) * len(_LAST_NAMES)
    names = []
    for number, index in _unique_picks(rng, block, count):
        first, last = divmod(index, len(_LAST_NAMES))
        cycle, letter = divmod(number, 27)  # no initial, then A. to Z.
        initial = f"{chr(ord('A') + letter - 1)}." if letter else ""
        parts = (_FIRST_NAMES[first], initial, _LAST_NAMES[last], _numbered(cycle))
        names.append(" ".join(part for part in parts if part))
    return names


def _organisation(base: _Base, short_name: str, rng: random.Random) -> _Organisation:
    full_name = f"{short_name} {rng.choice(base.endings)}"
    return _Organisation(short_name, full_name, _slug(full_name), _slug(short_name))


def _base_renames(base: _Base, organisation: _Organisation) -> dict[str, str]:
    renames = {base.stem: organisation.charter_id, base.full_name: organisation.full_name}
    if base.short_name:
        renames[base.short_name] = organisation.short_name
    if base.party_id:
        renames[base.party_id] = organisation.party_id
    return renames


def _rename(text: str, renames: dict[str, str]) -> str:
    """Every whole-word occurrence of a key replaced by its value, in one pass."""
    pattern = re.compile(
        r"\b(?:"
        + "|".join(re.escape(key) for key in sorted(renames, key=len, reverse=True))
        + r")\b"
    )
    return pattern.sub(lambda match: renames[match.group(0)], text)


def _terms(rng: random.Random, organisation: _Organisation) -> list[tuple[str, str]]:
    kinds = rng.sample(_TERM_KINDS, rng.choice((1, 2)))
    return [
        (
            f"{organisation.short_name} {kind}",
            definition.format(org=organisation.full_name, topic=rng.choice(_TERM_TOPICS)),
        )
        for kind, definition in kinds
    ]


def _with_terms(text: str, terms: list[tuple[str, str]]) -> str:
    """The charter with ``terms`` in place of its own, each used in the purpose's first line."""
    text = text.split("\nterms:\n", 1)[0].rstrip("\n") + "\n"
    names = " and the ".join(term for term, _ in terms)
    use = f"  Both sides track this work in the {names}.\n\n"
    text = text.replace("purpose: |\n", f"purpose: |\n{use}", 1)
    entries = "".join(f"  - term: {term}\n    definition: {meaning}\n" for term, meaning in terms)
    return f"{text}terms:\n{entries}"


_STRATEGY = {
    "account": "account:\n  annual_value: {value}\n  currency: EUR\n  potential: {potential}\n"
    "  renewal: 2027-06-30\n",
    "challenges": "challenges:\n  - {name} runs more projects than its teams can staff.\n",
    "risks": "risks:\n  - risk: {name} may delay the renewal while its budget is reviewed.\n"
    "    owner: {owner}\n    mitigation: Share the quarter's results with its sponsor first.\n"
    "    status: mitigated\n",
    "ideas": "ideas:\n  - idea: A joint review of the top three requests from {name}.\n"
    "    status: proposed\n",
}


def _with_strategy(text: str, tier: str, organisation: _Organisation, rng: random.Random) -> str:
    """The charter with the strategy fields its tier asks for (setting ``tier_fields``) that
    it lacks, so that a charter drawn into a higher tier still reaches its minimum."""
    from generator.check.schema import Charter
    from generator.settings import TierFields

    written = set(re.findall(r"^([a-z_]+):", text, flags=re.MULTILINE))
    owner = re.search(r"^owner: (\S+)", text, flags=re.MULTILINE)
    values = {
        "name": organisation.full_name,
        "owner": owner.group(1) if owner else "",
        "value": rng.randrange(50, 5000) * 1000,
        "potential": rng.choice(["low", "medium", "high"]),
    }
    order = list(Charter.model_fields)
    for field in TierFields().for_tier(tier):
        if field in written:
            continue
        # Before the next field written, in the schema's order, which is `handbook fmt`'s.
        before = next(key for key in order[order.index(field) + 1 :] if key in written)
        head, key, rest = text.partition(f"\n{before}:")
        text = f"{head}\n{_STRATEGY[field].format(**values)}{key.lstrip()}{rest}"
        written.add(field)
    return text


def make_corpus(folder: Path, n: int, seed: int = 1) -> Path:
    """Write a handbook of ``n`` charters into ``folder`` (created); returns its charters folder.

    ``folder`` gets the repository's mkdocs.yml, templates/ and docs/, and ``charters/`` with
    the fixture glossary and the charters. The same ``seed`` and ``n`` give the same files.
    """
    if n < 1:
        raise ValueError("a corpus has at least one charter")
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for name in SITE_SOURCES:
        source = REPOSITORY / name
        if source.is_dir():
            shutil.copytree(source, folder / name, dirs_exist_ok=True)
        else:
            shutil.copy(source, folder / name)
    charters = folder / "charters"
    charters.mkdir(exist_ok=True)
    shutil.copy(FIXTURE_CHARTERS / "glossary.yaml", charters / "glossary.yaml")

    texts = [(FIXTURE_CHARTERS / f"{base.stem}.yaml").read_text(encoding="utf-8") for base in BASES]
    members = [
        [(member["id"], member["name"]) for member in yaml.safe_load(text)["members"]]
        for text in texts
    ]
    people = iter(_people_names(rng, sum(len(members[i % len(BASES)]) for i in range(n))))
    organisations = [
        _organisation(BASES[i % len(BASES)], short_name, rng)
        for i, short_name in enumerate(_organisation_names(rng, n))
    ]
    for i, organisation in enumerate(organisations):
        which = i % len(BASES)
        renames: dict[str, str] = {}
        for other, base in enumerate(BASES):
            # Another organisation's mentions lead to a charter of this round, or the first.
            same_round = i - which + other
            target = same_round if same_round < n else other
            if other != which and target < n:
                renames |= _base_renames(base, organisations[target])
        renames |= _base_renames(BASES[which], organisation)
        for member_id, member_name in members[which]:
            person = next(people)
            renames[member_id] = _slug(person)
            renames[member_name] = person
            renames[member_name.split()[0]] = person.split()[0]
        text = _rename(texts[which], renames)
        tier = rng.choices(list(TIER_WEIGHTS), weights=list(TIER_WEIGHTS.values()))[0]
        text = re.sub(r"^tier: \w+", f"tier: {tier}", text, count=1, flags=re.MULTILINE)
        text = _with_terms(text, _terms(rng, organisation))
        text = _with_strategy(text, tier, organisation, rng)
        (charters / f"{organisation.charter_id}.yaml").write_text(text, encoding="utf-8")
    return charters


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the folder to write the handbook into")
    parser.add_argument("--charters", type=int, default=1000, help="how many (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="the random seed (default 1)")
    arguments = parser.parse_args()
    charters = make_corpus(arguments.out, arguments.charters, arguments.seed)
    print(f"wrote {arguments.charters:,} charters and the glossary to {charters}")


if __name__ == "__main__":
    main()
