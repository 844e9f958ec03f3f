"""The classical entity extractor: names, their types and the titles used with them.

This rule-based extractor is the always-available fallback of spaCy's English pipeline
(:mod:`consilience.extract.ner`), which also asks it for what the small model misses
(bare surnames, product names, people it types as organizations). It works in two
passes over an article:

1. An article pass (cached per text) records which words appear capitalized in the middle
   of ordinary sentences and which appear in lower case, and types every name that has a
   strong cue (a title, a gazetteer entry, an organization head word, an apposition...).
2. The sentence pass finds capitalized runs and types them. Capitalization at the start of
   a sentence, after a quote mark or colon, and in title-case or ALL-CAPS headlines says
   nothing, so those words count as names only when the article pass saw them capitalized
   elsewhere, the gazetteer knows them, or they are rare English words (wordfreq). Bare
   surnames and names without local cues inherit the type the article pass found.

The token grammar (tokens, case modes, titles and roles) is in
:mod:`consilience.extract.entity_grammar`; word lists and gazetteers are in
:mod:`consilience.extract.entity_lexicon`.

Decisions, documented because each is a judgement call:

* Demonyms ("Chilean", "Israeli") are typed ``place``: in news they nearly always stand
  for the state, and the resolver links them to the country's entity.
* "X administration/government/regime" makes X a person unless X is a place ("the Lopez
  administration" -> Lopez, person). "the X" with an unknown X suggests an organization.
* ``title`` keeps the formal title in front of the name ("former President", "Col.",
  "Secretary of Defense"), else a lower-case role in front of it ("spokesman", "Lopez's
  chief of staff"), else an apposition after it ("policy director at Open Harbor").
  Demonyms, places and organizations in front of a title ("US President", "FBI Director")
  are mentions of their own, not part of the title; a possessive owner ("X's") is part of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from consilience.extract.entity_grammar import (
    ARTICLES,
    MONTH_ABBREVIATIONS,
    NAME_LIKE_ZIPF,
    NUMBER_ABBREVIATIONS,
    OF_CONNECTORS,
    ArticleContext,
    Token,
    capitalized,
    case_mode,
    extend_title_left,
    is_acronym,
    is_initial,
    role_after,
    role_before,
    title_end,
    title_in_run,
    tokenize,
)
from consilience.extract.entity_lexicon import (
    Lexicon,
    is_plural_demonym,
    lexicon,
    zipf,
)
from consilience.extract.gazetteer import place_key
from consilience.extract.parse.records import ParsedSentence
from consilience.records import EntityMention, EntityType, Sentence

#: A word this common in English is not taken as a name at the start of a sentence.
_RARE_ZIPF = 3.3
#: In a title-case headline, only a rarer word counts as a name without other evidence.
_RARE_IN_TITLE_ZIPF = 2.5
#: Given names are rarely this common as words ("Marta" 3.3, "Hanna" 3.6).
_GIVEN_NAME_ZIPF = 4.0
#: Endings of demonyms ("Chilean", "Maltese", "Pakistani"): a title after one is not a name.
_DEMONYM_ENDINGS = ("an", "ese", "ish", "i")
#: Lower-case words inside place names ("Gulf of Mexico", "Trinidad and Tobago", "Rio de Janeiro").
_GAZETTEER_JOINERS = frozenset(
    "of and the de del da do dos das la le el du des al upon on sur".split()
)
#: "in X", "near X": an unknown X after these is taken for a place.
_PLACE_PREPOSITIONS = frozenset("in near outside throughout across".split())
#: An ALL-CAPS word this common in English at the start of a sentence is a word ("A MAN").
_SHOUTED_WORD_ZIPF = 5.0
_ADVERB_ENDINGS = ("ally", "ily", "ously", "ively", "fully", "ently", "antly", "edly", "ingly")
_ROLE_PREPOSITIONS = frozenset("at of for with in".split())
#: Particles that can open a name ("al Qaeda", "el Paso").
_LEADING_PARTICLES = frozenset(("al", "el"))

# --- the article pass -----------------------------------------------------------------


@lru_cache(maxsize=16)
def article_context(text: str) -> ArticleContext:
    """The article pass over ``text`` (cached: every sentence of an article shares it)."""
    lex = lexicon()
    ctx = ArticleContext()
    lines: list[tuple[list[Token], str]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        tokens = tokenize(text, pos, pos + len(line), lex)
        pos += len(line)
        mode = case_mode(tokens, lex)
        lines.append((tokens, mode))
        if mode != "normal":
            continue
        for i, tok in enumerate(tokens):
            if tok.kind != "word":
                continue
            if not capitalized(tok, lex):
                ctx.lower_words.add(tok.lower)
            elif not is_initial(tokens, i, lex):
                ctx.cap_mid.add(tok.text)
                ctx.cap_mid_folded.add(tok.lower)
    for tokens, mode in lines:
        for cand in _candidates(text, tokens, mode, ctx, lex):
            if cand.type == "person" and cand.words >= 2:
                last = cand.last_token
                while last > cand.first_token and tokens[last].lower in lex.name_suffixes:
                    last -= 1  # "Martin Luther King Jr."
                ctx.surnames.add(place_key(tokens[last].text))
            if cand.strong:
                ctx.known.setdefault(place_key(text[cand.start : cand.end]), cand.type)
    return ctx


# --- candidates -------------------------------------------------------------------------


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    type: EntityType
    strong: bool
    first_token: int
    last_token: int
    words: int
    title: tuple[int, int] | None = None


def _name_token(tokens: list[Token], i: int, mode: str, ctx: ArticleContext, lex: Lexicon) -> bool:
    tok = tokens[i]
    if not capitalized(tok, lex):
        return False
    low = tok.lower
    if low in lex.months_days or low in lex.non_entity_caps or low in ARTICLES:
        return False
    if low.rstrip(".") in NUMBER_ABBREVIATIONS:
        return False  # "No. 1"
    if mode == "caps":
        return low in ctx.cap_mid_folded and low not in lex.function_words
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if low in MONTH_ABBREVIATIONS and nxt is not None and nxt.text[:1].isdigit():
        return False
    if is_acronym(tok):
        if i > 0 and tokens[i - 1].text == "(":
            return True  # "(WHO)" after the name it abbreviates
        # "DO", "IT", "A MAN WAS" in shouted text are words
        opens = is_initial(tokens, i, lex) or (i > 0 and tokens[i - 1].lower in ARTICLES)
        shouted_word = opens and zipf(low) >= _SHOUTED_WORD_ZIPF
        return low not in lex.function_words and not shouted_word
    if mode == "title":
        if low in lex.function_words:
            return False
        rare = zipf(low) < _RARE_IN_TITLE_ZIPF and low not in ctx.lower_words
        return tok.text in ctx.cap_mid or rare
    if not is_initial(tokens, i, lex):
        return True
    if low in lex.function_words:
        return False
    if tok.text in ctx.cap_mid:
        return True
    if low in lex.title_heads and nxt is not None and (capitalized(nxt, lex) or nxt.lower == "of"):
        return True  # "Secretary of State Ana Ruiz said"
    if low in lex.role_heads or (low.endswith("s") and low[:-1] in lex.role_heads):
        return False  # "Negotiator Ana Ruiz said": a role, taken by role_before; "Rescuers"
    if low in ctx.lower_words:
        return False
    if nxt is not None and nxt.lower in lex.speech_verbs and not low.endswith("s"):
        return True
    if low.endswith(_ADVERB_ENDINGS) or (low.endswith("ly") and zipf(low) >= 3.0):
        return False  # "Interestingly," "Providentially,"
    if len(low) >= 6 and low.endswith(("ed", "ing")) and zipf(low) >= 3.0:
        return False  # "Unemployed John Smith", "Following talks"
    if nxt is not None and capitalized(nxt, lex) and not tok.possessive:
        return True
    return zipf(low) < _RARE_ZIPF or len(low) == 1


def _runs(
    text: str, tokens: list[Token], mode: str, ctx: ArticleContext, lex: Lexicon
) -> list[tuple[int, int]]:
    """Token ranges (first, last inclusive) of capitalized names and gazetteer places."""
    is_name = [_name_token(tokens, i, mode, ctx, lex) for i in range(len(tokens))]
    if mode != "normal":
        _extend_headline_names(tokens, is_name, ctx, lex)
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        gaz = _gazetteer_match(text, tokens, i, lex)
        if gaz is not None and (
            gaz > i
            or is_name[i]
            or tokens[i].lower not in lex.function_words
            or (mode != "caps" and is_acronym(tokens[i]))  # "US", not "us"
        ):
            for k in range(i, gaz + 1):
                is_name[k] = True  # then extend: "Chilean Ministries", "U.S. Central Command"
        elif not is_name[i]:
            if (
                tokens[i].lower in _LEADING_PARTICLES
                and tokens[i].text.islower()
                and i + 1 < len(tokens)
                and is_name[i + 1]
                and not is_initial(tokens, i + 1, lex)
            ):
                is_name[i] = True  # "al Qaeda"
            else:
                i += 1
                continue
        j = i
        while not tokens[j].possessive and j + 1 < len(tokens):
            nxt = tokens[j + 1]
            if is_name[j + 1]:
                j += 1
                continue
            low = nxt.lower
            joined = _connector_end(tokens, j + 1, is_name, lex, tokens[i].lower)
            if nxt.kind == "word" and joined is not None and low not in ("the",):
                j = joined
                continue
            break
        runs.append((i, j))
        i = j + 1
    return runs


def _extend_headline_names(
    tokens: list[Token], is_name: list[bool], ctx: ArticleContext, lex: Lexicon
) -> None:
    """In a headline or byline, a capitalized word next to a rare name ("By Ana Lindqvist")
    is part of it when it looks like a given name: not common, never seen in lower case,
    not a verb form."""
    rare = [is_name[i] and zipf(t.lower) < _RARE_IN_TITLE_ZIPF for i, t in enumerate(tokens)]
    for i, tok in enumerate(tokens):
        low = tok.lower
        beside = (i > 0 and rare[i - 1] and not tokens[i - 1].possessive) or (
            i + 1 < len(tokens) and rare[i + 1] and not tok.possessive
        )
        if (
            beside
            and not is_name[i]
            and capitalized(tok, lex)
            and low not in lex.function_words
            and low not in ctx.lower_words
            and low not in lex.title_heads
            and not low.endswith(("s", "ed", "ing"))
            and zipf(low) < _GIVEN_NAME_ZIPF
        ):
            is_name[i] = True


def _connector_end(
    tokens: list[Token], k: int, is_name: list[bool], lex: Lexicon, first: str
) -> int | None:
    """Index of the name token that a connector at ``k`` joins to the run, if it does:
    particles ("Cartel del Golfo", "von der Leyen"), "&", and "of"/"for"/"and" after an
    organization or title word ("Ministry of Defense", "Secretary of State")."""
    low = tokens[k].lower
    m = k
    while m < len(tokens) and tokens[m].lower in lex.particles and tokens[m].text[0].islower():
        m += 1
    if m > k and m < len(tokens) and is_name[m]:
        return m
    if low in OF_CONNECTORS or tokens[k].text == "&":
        prev = tokens[k - 1].lower
        org_like = (
            prev in lex.org_first
            or prev in lex.org_heads
            or prev in lex.title_heads
            or prev in lex.place_first
            or first in lex.org_first
        )
        if (
            tokens[k].text == "&"
            or (org_like and low in ("of", "for"))
            or (low == "and" and first in lex.org_first)
        ):
            m = k + 1
            if m < len(tokens) and tokens[m].lower == "the":
                m += 1
            if m < len(tokens) and is_name[m]:
                return m
    return None


def _gazetteer_match(text: str, tokens: list[Token], i: int, lex: Lexicon) -> int | None:
    """Last token index of the longest gazetteer place starting at token ``i``."""
    first = tokens[i]
    if (
        not first.is_word
        or not first.text[0].isupper()
        or first.lower == "the"
        or place_key(first.text) not in lex.place_starts
    ):
        return None
    best: int | None = None
    for j in range(i, min(len(tokens), i + lex.max_place_words)):
        tok = tokens[j]
        if not tok.is_word or (tok.text[0].islower() and tok.lower not in _GAZETTEER_JOINERS):
            break
        if tok.text[0].isupper() and lex.place(text[first.start : tok.end]) is not None:
            best = j
        if tok.possessive:
            break
    return best


def _candidates(
    text: str, tokens: list[Token], mode: str, ctx: ArticleContext, lex: Lexicon
) -> list[Candidate]:
    out: list[Candidate] = []
    for first, last in _runs(text, tokens, mode, ctx, lex):
        segments = _split_run(text, tokens, first, last, ctx, lex)
        for n, (seg_first, seg_last, title) in enumerate(segments):
            cand = _classify(text, tokens, seg_first, seg_last, title, ctx, lex)
            if cand is None:
                continue
            owner = n + 1 < len(segments) and segments[n + 1][2] is not None
            demonym_like = cand.words == 1 and text[cand.start : cand.end].endswith(
                _DEMONYM_ENDINGS
            )
            if owner and cand.type == "other" and not cand.strong and not demonym_like:
                cand.type = "org"  # the owner of a title: "Acme CEO Ana Ruiz"
            out.append(cand)
    return out


def _split_run(
    text: str, tokens: list[Token], first: int, last: int, ctx: ArticleContext, lex: Lexicon
) -> list[tuple[int, int, tuple[int, int] | None]]:
    """Split a run into [owner] [title] name: "Chilean President José Pérez" gives
    the place "Chilean" and "José Pérez" titled "President"."""
    split = title_in_run(text, tokens, first, last, ctx, lex)
    if split is not None:
        t_first, t_last = split
        title_start = extend_title_left(tokens, t_first, lex)
        segments: list[tuple[int, int, tuple[int, int] | None]] = []
        if t_first > first:
            segments.extend(_split_run(text, tokens, first, t_first - 1, ctx, lex))
        segments.append((t_last + 1, last, (title_start, tokens[t_last].end)))
        return segments
    name_start = _after_leading_title(tokens, first, last, lex)
    if name_start is not None:
        if name_start > last:
            return []
        return _split_run(text, tokens, name_start, last, ctx, lex)
    if tokens[last].lower in lex.title_heads and not tokens[last].possessive:
        t_start = last
        while t_start > first and (
            tokens[t_start - 1].lower in lex.title_heads
            or tokens[t_start - 1].lower in lex.title_modifiers
            or tokens[t_start - 1].lower in lex.portfolio_words
        ):
            t_start -= 1
        owner = text[tokens[first].start : tokens[t_start - 1].end] if t_start > first else ""
        if not owner:
            return []  # a title alone: "the Finance Minister said"
        demonym_like = t_start - first == 1 and owner.endswith(_DEMONYM_ENDINGS)
        if lex.is_country(owner) or is_acronym(tokens[t_start - 1]) or demonym_like:
            return _split_run(text, tokens, first, t_start - 1, ctx, lex)
    gaz = _gazetteer_match(text, tokens, first, lex)
    if gaz is not None and gaz < last:
        rest = [tokens[k].lower for k in range(gaz + 1, last + 1)]
        place = text[tokens[first].start : tokens[gaz].end]
        prefix_like = is_acronym(tokens[first]) or lex.is_demonym(place)
        if prefix_like and lex.is_country(place) and not any(w in lex.org_heads for w in rest):
            return [(first, gaz, None), (gaz + 1, last, None)]
    return [(first, last, None)]


def _after_leading_title(tokens: list[Token], first: int, last: int, lex: Lexicon) -> int | None:
    """Where the name starts in a run that opens with a title and a preposition ("Governor
    of Alaska", "CEO of the Acme Clinic"): the title names no one here. ``last + 1`` when
    only portfolio words follow ("Secretary of State")."""
    k = first
    while k < last and tokens[k].lower in lex.title_modifiers:
        k += 1
    end = title_end(tokens, k, last, lex)
    if end is None or end >= last:
        return None
    m = end + 1
    if tokens[m].lower not in ("of", "for", "at"):
        return None if tokens[end].lower != "of" else m
    m += 1
    while m <= last and tokens[m].lower in ARTICLES:
        m += 1
    if all(tokens[j].lower in lex.portfolio_words for j in range(m, last + 1)):
        return last + 1
    return m


def _classify(
    text: str,
    tokens: list[Token],
    first: int,
    last: int,
    title: tuple[int, int] | None,
    ctx: ArticleContext,
    lex: Lexicon,
) -> Candidate | None:
    start, end = tokens[first].start, tokens[last].end
    name = text[start:end]
    key = place_key(name)
    lowers = [tokens[k].lower for k in range(first, last + 1) if tokens[k].is_word]
    single = len(lowers) == 1
    if not lowers or key in lex.title_heads:
        return None
    if single and not is_acronym(tokens[first]) and lowers[0] in lex.function_words:
        return None
    cand = Candidate(start, end, "other", True, first, last, len(lowers), title)
    if title is not None:
        cand.type = "person"
        return cand
    if key in lex.other_names:
        return cand
    if lex.is_country(name):
        cand.type = "place"
        return cand
    if lex.place(name) is not None and key not in ctx.surnames and ctx.known.get(key) != "person":
        cand.type = "place"
        return cand
    if lowers[-1] in lex.org_heads or (
        not single and ((lowers[0] in lex.org_first and "of" in lowers) or "&" in name)
    ):
        cand.type = "org"
        return cand
    if single and is_acronym(tokens[first]):
        cand.type = "org"
        return cand
    if any(_is_initial_letter(tokens[k]) for k in range(first, last)):
        cand.type = "person"  # "W. Mark Felt", "George W. Bush"
        return cand
    known = "person" if single and key in ctx.surnames else ctx.known.get(key)
    if known is not None:
        cand.type, cand.strong = known, False  # already recorded by the article pass
        return cand
    cue = _context_cue(tokens, first, last, lex)
    if cue is not None:
        cand.type = cue
        return cand
    if not single and (lowers[-1] in lex.place_heads or lowers[0] in lex.place_first):
        cand.type = "place"
        return cand
    if not single and (lowers[-1] in lex.event_heads or lowers[0] in lex.event_first):
        return cand
    cand.strong = False
    prev = tokens[first - 1].lower if first > 0 else ""
    if prev in _PLACE_PREPOSITIONS and not tokens[last].possessive:
        cand.type = "place"  # "in Key Largo"
    elif (
        _followed_by_speech(tokens, last, lex)
        or (not single and place_key(tokens[last].text) in ctx.surnames)
        or (not single and _looks_personal(lowers, ctx, lex))
    ):
        cand.type = "person"
    elif prev == "the" or (not single and lex.place(lowers[0]) and _plural(lowers[-1])):
        cand.type = "org"  # "the Acme", "Denver Broncos"
    return cand


def _context_cue(tokens: list[Token], first: int, last: int, lex: Lexicon) -> EntityType | None:
    """The type that the words around a name give it: "the X gang", "X administration",
    "director at X", "X, a gang that"."""
    nxt = tokens[last + 1] if last + 1 < len(tokens) else None
    if nxt is not None and nxt.kind == "word" and nxt.text[0].islower():
        if nxt.lower in lex.person_cue_nouns:
            return "person"
        if tokens[last].possessive and nxt.lower in lex.role_heads:
            return "person"  # "X's chief of staff"
        if nxt.lower in lex.org_cue_nouns and not tokens[last].possessive:
            return "org"
    prev = tokens[first - 1] if first > 0 else None
    if prev is not None and prev.text.islower() and prev.lower in lex.org_cue_nouns:
        return "org"  # "the criminal gang X"
    if nxt is not None and nxt.text == "," and not tokens[last].possessive:
        m = last + 2
        article = m < len(tokens) and tokens[m].lower in ARTICLES
        m += article
        for k in range(m, min(m + 4, len(tokens))):
            low = tokens[k].lower
            if tokens[k].kind != "word" or low in lex.function_words:
                break
            if low in lex.org_cue_nouns and article:
                return "org"  # "X, a gang that"
            if low in lex.role_heads:
                return "person"  # "X, the former attorney general"
    k = first - 1
    if k >= 0 and tokens[k].lower == "the":
        k -= 1
    if k >= 1 and tokens[k].lower in _ROLE_PREPOSITIONS and tokens[k - 1].lower in lex.role_heads:
        return "org"  # "director at X" (but "adviser to X" names a person)
    return None


def _is_initial_letter(tok: Token) -> bool:
    return (
        tok.kind == "word" and len(tok.text) == 2 and tok.text[1] == "." and tok.text[0].isupper()
    )


def _plural(word: str) -> bool:
    """A plural common noun ("Broncos", "Saints"): the word without its "s" is common."""
    return (
        len(word) > 3
        and word.endswith("s")
        and not word.endswith("ss")
        and (zipf(word[:-1]) >= 3.0)
    )


def _followed_by_speech(tokens: list[Token], last: int, lex: Lexicon) -> bool:
    nxt = tokens[last + 1] if last + 1 < len(tokens) else None
    return nxt is not None and nxt.lower in lex.speech_verbs and not tokens[last].possessive


def _looks_personal(lowers: list[str], ctx: ArticleContext, lex: Lexicon) -> bool:
    """A multi-word name without cues is a person unless its words are ordinary English
    ("Human Rights"): no word seen in lower case in the article, not all very
    common, and not a common word followed by a plural."""
    if lowers[0] in lex.particles:
        return False  # "al Qaeda", "el Nino": as often a group or a thing as a person
    lowers = [w for w in lowers if w not in lex.particles]
    if len(lowers) > 4 or any(w in ctx.lower_words for w in lowers):
        return False
    if lex.place(lowers[0]) is not None and _plural(lowers[-1]):
        return False  # a team or group named after a place: "Denver Broncos"
    if all(zipf(w) >= 5.0 for w in lowers):
        return False
    last = lowers[-1]
    return not (zipf(lowers[0]) >= NAME_LIKE_ZIPF and last.endswith("s") and zipf(last) >= 4.0)


# --- backends -----------------------------------------------------------------------------


def _mention(
    text: str,
    sentence: Sentence,
    article_id: str,
    span: tuple[int, int],
    entity_type: EntityType,
    title: tuple[int, int] | None,
) -> EntityMention:
    start, end = span
    if title is None:
        return EntityMention(article_id, sentence.index, start, end, text[start:end], entity_type)
    return EntityMention(
        article_id,
        sentence.index,
        start,
        end,
        text[start:end],
        entity_type,
        title=text[title[0] : title[1]],
        title_start=title[0],
        title_end=title[1],
    )


class ClassicalNer:
    """The rule-based extractor described in the module docstring (always available)."""

    name = "classical"

    def extract(
        self,
        text: str,
        sentence: Sentence,
        *,
        article_id: str,
        parsed: ParsedSentence | None = None,
    ) -> list[EntityMention]:
        del parsed  # the classical grammar reads the text itself
        lex = lexicon()
        ctx = article_context(text)
        tokens = tokenize(text, sentence.start, sentence.end, lex)
        mode = case_mode(tokens, lex)
        mentions: list[EntityMention] = []
        for cand in _candidates(text, tokens, mode, ctx, lex):
            if cand.words == 1 and is_plural_demonym(text[cand.start : cand.end]):
                continue  # "Somalis", "Indians": people, not a name
            title, entity_type = cand.title, cand.type
            if title is None and entity_type in ("person", "other"):
                title = role_before(tokens, cand.first_token, cand.last_token, lex) or role_after(
                    tokens, cand.last_token, lex
                )
                if title is not None:
                    entity_type = "person"
            mentions.append(
                _mention(text, sentence, article_id, (cand.start, cand.end), entity_type, title)
            )
        return mentions
