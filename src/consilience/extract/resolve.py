"""Resolve entity mentions across the articles of a story into entities.

Mentions are grouped by spelling (case, accents, dots and a possessive ignored), then the
groups are joined when the story supports it:

* places: "U.S.", "US", "United States", "America" and the demonym "American" are one
  place (the gazetteer of :mod:`consilience.extract.entity_lexicon`);
* acronyms: "CIA" joins the one name whose initials it is ("Central Intelligence Agency"),
  or the name it follows in parentheses;
* people: "George W. Bush" and "George Bush" join, and a bare surname joins the person
  when only one known person has it ("Trump" stays alone when two Trumps are named);
* suspect variants: a near-miss spelling (one or two letters dropped, added, swapped,
  rapidfuzz's Damerau-Levenshtein distance) used in one article only joins the entity
  named the same way in at least two articles, as a likely misspelling. Two names that
  are both used in several articles, or two different gazetteer places ("Austria",
  "Australia"), never join.

The canonical name is the most complete spelling used in at least two articles (or in
the most articles when none is). Output is deterministic: mentions are sorted first and
entity ids ("e1", "e2", ...) follow mention count, then name.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from consilience.extract.entity_lexicon import is_vessel_prefix, lexicon
from consilience.records import EntityMention, EntityType, ResolvedEntity
from consilience.textspan import normalize_for_compare

_DOTTED = re.compile(r"\b(?:[^\W\d_]\.){2,}")
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_ACRONYM_LETTERS = (2, 6)
_CONNECTORS = frozenset("of the and for de del la le & on in at to".split())
_TYPE_ORDER: tuple[EntityType, ...] = ("person", "org", "place", "other")
_PERSON_SHARE = 4
#: Edits allowed between a suspect variant and the attested name, by key length.
_SHORT_KEY, _LONG_KEY = 5, 10
_DEMONYM_ENDINGS = ("n", "an", "ian", "ese", "i", "ish")
#: Legal forms left out of an organization's comparison key.
_LEGAL_FORMS = frozenset("corp corporation inc incorporated ltd limited llc plc co gmbh".split())
#: A first name and a shorter form of it share at least this many first letters
#: ("Alexis"/"Alexandros", "Bettie"/"Betty"), besides a plain prefix ("Ben"/"Benjamin").
_FIRST_NAME_PREFIX = 4


@dataclass(slots=True)
class _Form:
    """One spelling group: the mentions whose names have the same comparison key."""

    key: str
    mentions: list[EntityMention] = field(default_factory=list)
    surfaces: dict[str, set[str]] = field(default_factory=dict)  # spelling -> article ids
    types: Counter[EntityType] = field(default_factory=Counter)

    @property
    def articles(self) -> set[str]:
        return {m.article_id for m in self.mentions}

    @property
    def tokens(self) -> list[str]:
        return self.key.split()

    @property
    def type(self) -> EntityType:
        if self.is_vessel:
            return "other"
        return _vote(self.types, person_share=not self.is_acronym)

    @property
    def is_vessel(self) -> bool:
        return any(is_vessel_prefix(s.split(None, 1)[0]) for s in self.surfaces if " " in s)

    @property
    def is_acronym(self) -> bool:
        lo, hi = _ACRONYM_LETTERS
        return (
            " " not in self.key
            and lo <= len(self.key) <= hi
            and any(s.replace(".", "").isupper() for s in self.surfaces)
        )


def _vote(types: Counter[EntityType], *, person_share: bool = True) -> EntityType:
    """The most used type; "other" only when nothing more specific was seen. A person
    needs a quarter of the votes only: taggers type people as organizations far more
    often than the other way round."""
    specific = [(n, -_TYPE_ORDER.index(t), t) for t, n in types.items() if t != "other"]
    if not specific:
        return "other"
    top = max(specific)
    if person_share and types["person"] and types["person"] * _PERSON_SHARE >= top[0]:
        return "person"
    return top[2]


def surface_form(mention: EntityMention) -> str:
    """The name as written, without a possessive, a leading "the" or, for people, a
    title the backend left in the span ("President Lopez" -> "Lopez")."""
    text = " ".join(mention.text.split())
    text = _POSSESSIVE.sub("", text)
    if text.casefold().startswith("the ") and len(text) > 4:
        text = text[4:]
    if mention.type == "person":
        words = text.split()
        heads = lexicon().title_heads
        while len(words) > 1 and words[0].casefold() in heads:
            words = words[1:]
        text = " ".join(words)
    return text


def name_key(surface: str) -> str:
    """Comparison key: case, accents, punctuation and the dots of "U.S." ignored, and so
    are a ship's prefix ("MV Gibe" is "gibe") and a company's legal form ("Microsoft
    Corp." is "microsoft")."""
    head, _, rest = surface.partition(" ")
    if rest.strip() and is_vessel_prefix(head):
        surface = rest
    key = normalize_for_compare(_DOTTED.sub(lambda m: m.group().replace(".", ""), surface))
    words = key.split()
    if len(words) > 1 and words[-1] in _LEGAL_FORMS:
        words = words[:-1]
    return " ".join(words)


class _Sets:
    """Union-find over form indices; the smaller index is the root (determinism)."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            out[self.find(i)].append(i)
        return out


def resolve_entities(mentions: Sequence[EntityMention]) -> list[ResolvedEntity]:
    """The entities of a story, from the entity mentions of all its articles."""
    ordered = sorted(mentions, key=lambda m: (m.article_id, m.start, m.end, m.text, m.type))
    forms = _forms(ordered)
    sets = _Sets(len(forms))
    suspects: set[int] = set()
    _link_places(forms, sets)
    _link_compact(forms, sets)
    _link_demonyms(forms, sets)
    _link_acronyms(forms, sets, ordered)
    _link_people(forms, sets)
    _flag_full_name_variants(forms, sets, suspects)
    _link_short_names(forms, sets)
    _link_shortened(forms, sets)
    _flag_suspects(forms, sets, suspects)
    _link_surnames(forms, sets, suspects)
    _link_first_names(forms, sets, suspects)
    _flag_suspects(forms, sets, suspects)
    entities = [_entity(forms, members, suspects) for members in sets.groups().values()]
    entities.sort(key=lambda e: (-len(e.mentions), e.name.casefold(), e.name, e.type))
    return [
        ResolvedEntity(
            id=f"e{i}",
            name=e.name,
            type=e.type,
            aliases=e.aliases,
            suspect_variants=e.suspect_variants,
            mentions=e.mentions,
            titles=e.titles,
        )
        for i, e in enumerate(entities, start=1)
    ]


def entity_lookup(entities: Sequence[ResolvedEntity]) -> dict[tuple[str, int, int], str]:
    """Map a mention's ``(article_id, start, end)`` to the id of its entity."""
    return {(m.article_id, m.start, m.end): e.id for e in entities for m in e.mentions}


# --- steps ------------------------------------------------------------------------------


def _forms(mentions: Sequence[EntityMention]) -> list[_Form]:
    by_key: dict[str, _Form] = {}
    for mention in mentions:
        surface = surface_form(mention)
        key = name_key(surface)
        if not key:
            continue
        form = by_key.setdefault(key, _Form(key))
        form.mentions.append(mention)
        form.surfaces.setdefault(surface, set()).add(mention.article_id)
        form.types[mention.type] += 1
    return list(by_key.values())


def _link_compact(forms: list[_Form], sets: _Sets) -> None:
    """Names that differ only by spaces or hyphens join ("TallGrass" / "Tall Grass",
    "Pin-up" / "Pinup")."""
    first_of: dict[str, int] = {}
    for i, form in enumerate(forms):
        compact = form.key.replace(" ", "").replace("-", "")
        if compact in first_of and form.type != "place":
            sets.union(first_of[compact], i)
        else:
            first_of.setdefault(compact, i)


def _link_places(forms: list[_Form], sets: _Sets) -> None:
    lex = lexicon()
    first_of: dict[str, int] = {}
    for i, form in enumerate(forms):
        if form.type not in ("place", "other"):
            continue
        canonical = next((lex.place(s) for s in form.surfaces if lex.place(s)), None)
        if canonical is None:
            continue
        if canonical in first_of:
            sets.union(first_of[canonical], i)
        else:
            first_of[canonical] = i


def _demonym_stems(demonym: str) -> list[str]:
    """Place names ``demonym`` may be formed from by a regular ending ("Veldonian" <-
    "Veldonia", "Chilean" <- "Chile", "Maltese" <- "Malta"): the gazetteer only knows real
    countries, stories also name regions and small places."""
    stems = []
    for ending in _DEMONYM_ENDINGS:
        if demonym.endswith(ending) and len(demonym) - len(ending) >= 3:
            stem = demonym[: -len(ending)]
            stems.append(stem)
            stems.extend(stem + vowel for vowel in "aeiouy")
    return stems


def _link_demonyms(forms: list[_Form], sets: _Sets) -> None:
    places = {
        f.key: i for i, f in enumerate(forms) if f.type in ("place", "other") and len(f.key) >= 4
    }
    for i, form in enumerate(forms):
        if form.type not in ("place", "other") or " " in form.key:
            continue
        for stem in _demonym_stems(form.key):
            j = places.get(stem)
            if j is not None and j != i:
                sets.union(i, j)
                break


def _link_short_names(forms: list[_Form], sets: _Sets) -> None:
    """A one-word name joins the only organization whose name starts with it ("Acme" ->
    "Acme Logistics")."""
    starts: dict[str, set[int]] = defaultdict(set)
    for i, form in enumerate(forms):
        if form.type == "org" and len(form.tokens) >= 2:
            starts[form.tokens[0]].add(sets.find(i))
    for i, form in enumerate(forms):
        if len(form.tokens) != 1 or form.type not in ("org", "other") or form.is_acronym:
            continue
        if lexicon().place(form.key) is not None:
            continue
        roots = starts.get(form.key, set())
        if len(roots) == 1:
            sets.union(i, roots.pop())


def _link_shortened(forms: list[_Form], sets: _Sets) -> None:
    """A name of two words or more that is the only longer name's words in order with some
    left out, and the same last word, joins it ("Peabody College" / "George Peabody
    College", "Westwood Cemetery" / "Westwood Memorial Cemetery"). People are linked by
    :func:`_link_people`."""
    multi = [i for i, f in enumerate(forms) if len(f.tokens) >= 2 and f.type != "person"]
    for i in multi:
        short = forms[i].tokens
        longer = {
            sets.find(j)
            for j in multi
            if len(forms[j].tokens) > len(short)
            and forms[j].tokens[-1] == short[-1]
            and _in_order(short, forms[j].tokens)
            and forms[j].type == forms[i].type
        }
        if len(longer) == 1:
            sets.union(i, longer.pop())


def _in_order(short: list[str], long_: list[str]) -> bool:
    rest = iter(long_)
    return all(word in rest for word in short)


def _initials(form: _Form) -> str:
    best = max(form.surfaces, key=lambda s: (len(form.surfaces[s]), s))
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", best) if w.casefold() not in _CONNECTORS]
    return "".join(w[0] for w in words if w[0].isupper()).casefold()


def _link_acronyms(forms: list[_Form], sets: _Sets, mentions: Sequence[EntityMention]) -> None:
    """Join an acronym to the name it abbreviates: the name it follows in parentheses
    ("Islamic State (IS)"), else the only name in the story whose initials it is."""
    index = {form.key: i for i, form in enumerate(forms)}
    acronyms = [i for i, f in enumerate(forms) if f.is_acronym and f.type != "person"]
    defined: set[int] = set()
    by_sentence: dict[tuple[str, int], list[EntityMention]] = defaultdict(list)
    for mention in mentions:
        by_sentence[(mention.article_id, mention.sentence)].append(mention)
    for group in by_sentence.values():
        for before, after in pairwise(group):
            a = index.get(name_key(surface_form(after)))
            b = index.get(name_key(surface_form(before)))
            if (
                a in acronyms
                and b is not None
                and after.start - before.end == len(" (")
                and forms[a].key[:1] == forms[b].key[:1]
            ):
                sets.union(a, b)
                defined.add(a)
    by_initials: dict[str, list[int]] = defaultdict(list)
    for i, form in enumerate(forms):
        if len(form.tokens) >= 2:
            by_initials[_initials(form)].append(i)
    for a in acronyms:
        if a in defined:
            continue
        matches = {
            sets.find(i)
            for i in by_initials.get(forms[a].key, [])
            if forms[i].type in (forms[a].type, "other")
        }
        if len(matches) == 1:
            sets.union(a, matches.pop())


def _person_tokens(form: _Form) -> list[str]:
    suffixes = lexicon().name_suffixes
    words = [w for w in form.tokens if w not in suffixes]
    return words or form.tokens


def _compatible(a: list[str], b: list[str]) -> bool:
    """Two full names of one person: same surname, same first name or its initial, and
    the shorter one's middle names among the longer one's ("George W. Bush" / "George
    Bush"); or the shorter name inside the longer one with only initials left over ("W.
    Mark Felt" / "Mark Felt")."""
    if a[-1] != b[-1]:
        return False
    short, long_ = sorted((a, b), key=len)
    fa, fb = short[0], long_[0]
    if fa == fb or (min(len(fa), len(fb)) == 1 and fa[0] == fb[0]) or _same_first_name(fa, fb):
        return all(w in long_ or len(w) == 1 for w in short[1:-1])
    return _in_order(short, long_) and all(w in short or len(w) == 1 for w in long_)


def _same_first_name(a: str, b: str) -> bool:
    """A first name and a short or variant form of it: "Ben"/"Benjamin" (a prefix of three
    letters or more), "Alexis"/"Alexandros", "Bettie"/"Betty", "Vassilis"/"Vassilios"
    (four first letters or more in common, at most two letters apart from the shorter)."""
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) >= 3 and longer.startswith(shorter):
        return True
    shared = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(shorter))
    return shared >= _FIRST_NAME_PREFIX and shared >= len(shorter) - 2


def _link_people(forms: list[_Form], sets: _Sets) -> None:
    """Full names of one person join; so does a name typed otherwise that reads as a
    person's full name next to one ("Bettie Mae Page" typed an organization once)."""
    by_surname: dict[str, list[int]] = defaultdict(list)
    for i, form in enumerate(forms):
        if len(_person_tokens(form)) >= 2 and (form.type == "person" or _name_like(form)):
            by_surname[_person_tokens(form)[-1]].append(i)
    for group in by_surname.values():
        for x, i in enumerate(group):
            for j in group[x + 1 :]:
                if "person" not in (forms[i].type, forms[j].type):
                    continue
                if _compatible(_person_tokens(forms[i]), _person_tokens(forms[j])):
                    sets.union(i, j)


def _flag_full_name_variants(forms: list[_Form], sets: _Sets, suspects: set[int]) -> None:
    """Two full names with the same given names and surnames one letter apart ("Alexis
    Kouyias" / "Alexis Kougias") in different articles are one person spelled two ways;
    the spelling in fewer articles (then fewer mentions) is the suspect variant."""
    people = [i for i, f in enumerate(forms) if f.type == "person" and len(f.tokens) >= 2]
    for x, i in enumerate(people):
        for j in people[x + 1 :]:
            a, b = forms[i].tokens, forms[j].tokens
            if len(a) != len(b) or a[:-1] != b[:-1] or sets.find(i) == sets.find(j):
                continue
            if forms[i].articles & forms[j].articles:
                continue  # one article spelling two ways names two people
            if min(len(a[-1]), len(b[-1])) < _SHORT_KEY:
                continue
            if DamerauLevenshtein.distance(a[-1], b[-1], score_cutoff=1) > 1:
                continue
            rank = {
                k: (len(forms[k].articles), len(forms[k].mentions), forms[k].key) for k in (i, j)
            }
            suspects.add(min((i, j), key=lambda k: rank[k]))
            sets.union(i, j)


def _name_like(form: _Form) -> bool:
    """Two to four capitalized words without an organization or place head word, not a
    gazetteer place: a name a tagger may have mistyped."""
    lex = lexicon()
    words = form.tokens
    if not 2 <= len(words) <= 4 or form.is_vessel or lex.place(form.key) is not None:
        return False
    if any(w in lex.org_heads or w in lex.place_heads or w in lex.event_heads for w in words):
        return False
    return all(s.split()[0][:1].isupper() for s in form.surfaces)


def _link_surnames(forms: list[_Form], sets: _Sets, suspects: set[int]) -> None:
    """A bare surname joins the one person who has it."""
    owners: dict[str, set[int]] = defaultdict(set)
    for i, form in enumerate(forms):
        words = _person_tokens(form)
        if form.type == "person" and len(words) >= 2 and i not in suspects:
            owners[words[-1]].add(sets.find(i))
    for i, form in enumerate(forms):
        if len(form.tokens) != 1 or form.is_acronym or form.is_vessel:
            continue
        if lexicon().place(form.key) is not None and form.type != "person":
            continue
        if form.type in ("org", "place") and form.types["person"] == 0 and len(form.articles) > 1:
            continue  # typed an organization in several articles: a company named like him
        roots = owners.get(form.key, set())
        if len(roots) == 1:
            sets.union(i, roots.pop())


def _link_first_names(forms: list[_Form], sets: _Sets, suspects: set[int]) -> None:
    """A bare first name typed a person joins the one person named in full with it or its
    long form ("Ben" -> "Benjamin David Banky", "Alexi" -> "Alexandros Grigoropoulos"),
    unless it is also someone's surname."""
    surnames = {_person_tokens(f)[-1] for f in forms if f.type == "person" and len(f.tokens) > 1}
    owners: dict[str, set[int]] = defaultdict(set)
    people = [
        i
        for i, f in enumerate(forms)
        if f.type == "person" and len(_person_tokens(f)) >= 2 and i not in suspects
    ]
    for i, form in enumerate(forms):
        if len(form.tokens) != 1 or form.type != "person" or form.key in surnames:
            continue
        for j in people:
            first = _person_tokens(forms[j])[0]
            if len(first) > 1 and (first == form.key or _same_first_name(first, form.key)):
                owners[form.key].add(sets.find(j))
        roots = owners.get(form.key, set())
        if len(roots) == 1:
            sets.union(i, roots.pop())


def _allowed_edits(a: str, b: str) -> int:
    shortest = min(len(a), len(b))
    if shortest < _SHORT_KEY - 1:
        return 0
    return 1 if shortest < _LONG_KEY else 2


def _near_miss(a: _Form, b: _Form) -> int | None:
    """Edit distance between ``a`` and ``b`` when ``a`` looks like a misspelling of ``b``."""
    lex = lexicon()
    if re.sub(r"\D", "", a.key) != re.sub(r"\D", "", b.key):
        return None
    pa, pb = lex.place(a.key), lex.place(b.key)
    if pa is not None and pb is not None and pa != pb:
        return None
    target = b.key
    if len(a.tokens) == 1 and len(b.tokens) > 1 and b.type == "person":
        target = _person_tokens(b)[-1]
    elif len(a.tokens) != len(b.tokens):
        return None
    distance = int(DamerauLevenshtein.distance(a.key, target))
    return distance if 0 < distance <= _allowed_edits(a.key, target) else None


def _types_agree(variant: _Form, target: _Form) -> bool:
    """Whether a variant may be a misspelling of the target given their types. The type
    of a one-off spelling rests on few cues, so a multi-word name that differs from the
    target in one word only may disagree ("the Los Zetas gang" / "Los Zeta said")."""
    types = {variant.type, target.type}
    if len(types) == 1 or "other" in types:
        return True
    if len(variant.mentions) == 1 and types == {"person", "org"}:
        return True  # one mention's type rests on one guess ("Feld had been passed over")
    a, b = variant.tokens, target.tokens
    return len(a) == len(b) >= 2 and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _flag_suspects(forms: list[_Form], sets: _Sets, suspects: set[int]) -> None:
    groups = sets.groups()
    articles = {root: set().union(*(forms[i].articles for i in m)) for root, m in groups.items()}
    # Names used in two articles or more, and the surnames of such people, to compare with.
    choices: list[str] = []
    owners: list[tuple[int, int]] = []  # (entity root, form index) of each choice
    for root, members in groups.items():
        if len(articles[root]) < 2:
            continue
        for j in members:
            if j in suspects:
                continue
            choices.append(forms[j].key)
            owners.append((root, j))
            if forms[j].type == "person" and len(forms[j].tokens) > 1:
                choices.append(_person_tokens(forms[j])[-1])
                owners.append((root, j))
    if not choices:
        return
    for root, members in groups.items():
        if len(articles[root]) != 1:
            continue
        best: list[tuple[int, int, int]] = []  # (distance, -articles, target root)
        for i in members:
            most = _allowed_edits(forms[i].key, forms[i].key)
            if most == 0:
                continue
            hits = process.extract(
                forms[i].key,
                choices,
                scorer=DamerauLevenshtein.distance,
                score_cutoff=most,
                limit=None,
            )
            for choice, _score, index in hits:
                target, j = owners[index]
                if target == root or not _types_agree(forms[i], forms[j]):
                    continue
                if min(len(choice), len(forms[i].key)) < _SHORT_KEY and choice == forms[j].key:
                    continue  # four letters: only a full name's surname ("Paige" / "Page")
                distance = _near_miss(forms[i], forms[j])
                if distance is not None:
                    best.append((distance, -len(articles[target]), target))
        if not best:
            continue
        best.sort()
        if len(best) > 1 and best[1][:2] == best[0][:2] and best[1][2] != best[0][2]:
            continue  # as close to two entities: leave it alone
        suspects.update(members)
        sets.union(root, best[0][2])


# --- building entities ------------------------------------------------------------------


def _spelling(form: _Form) -> str:
    """The spelling of a form to show: the one in most articles, accents preferred."""
    return max(
        form.surfaces,
        key=lambda s: (len(form.surfaces[s]), sum(not c.isascii() for c in s), not s.isupper(), s),
    )


def _entity(forms: list[_Form], members: list[int], suspects: set[int]) -> ResolvedEntity:
    lex = lexicon()
    trusted = [forms[i] for i in members if i not in suspects] or [forms[i] for i in members]
    names = [f for f in trusted if not lex.is_demonym(f.key)] or trusted
    most = max(len(f.articles) for f in names)
    eligible = [f for f in names if len(f.articles) >= min(2, most)]
    canonical_form = max(
        eligible,
        key=lambda f: (
            len(f.tokens),
            len(f.articles),
            len(f.mentions),
            len(f.key),  # "Alexandros" over "Alexis"
            f.key,
        ),
    )
    name = _spelling(canonical_form)
    if lex.is_demonym(canonical_form.key):
        name = lex.place(canonical_form.key) or name  # "Thai" alone names Thailand
    elif canonical_form.is_vessel:
        name = max(
            (s for s in canonical_form.surfaces if " " in s and is_vessel_prefix(s.split()[0])),
            key=lambda s: (len(canonical_form.surfaces[s]), s),
        )
    seen = {name.casefold()}
    aliases: list[str] = []
    for form in trusted:
        for surface in sorted(form.surfaces, key=lambda s: (-len(form.surfaces[s]), s)):
            if surface.casefold() not in seen:
                seen.add(surface.casefold())
                aliases.append(surface)
    variants = sorted({s for i in members if i in suspects for s in forms[i].surfaces})
    mentions = sorted(
        (m for i in members for m in forms[i].mentions),
        key=lambda m: (m.article_id, m.start, m.end),
    )
    types: Counter[EntityType] = Counter()
    for form in trusted:
        types.update(form.types)
    entity_type = _vote(types)
    if any(lex.is_country(f.key) for f in trusted) and entity_type == "other":
        entity_type = "place"
    if any(f.is_vessel for f in trusted):
        entity_type = "other"
    titles = list(dict.fromkeys(m.title for m in mentions if m.title))
    return ResolvedEntity(
        id="",
        name=name,
        type=entity_type,
        aliases=tuple(sorted(aliases, key=str.casefold)),
        suspect_variants=tuple(variants),
        mentions=tuple(mentions),
        titles=tuple(titles),
    )
