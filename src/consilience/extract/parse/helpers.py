"""Readings of a parsed sentence that the extractors and the claim aligner share: what a
number counts, the clause governing a word (predicate, subject, object, negation), and a
name apart from the title or role written before it.

Each helper reads the dependency parse when the backend has one and falls back on word
order (the classical backend) where word order says enough: the counted noun and the title
of a name. ``clause_of`` needs dependencies and returns ``None`` without them.
"""

from __future__ import annotations

from consilience.extract.entity_lexicon import lexicon
from consilience.extract.parse.records import Clause, ParsedSentence, Span, TitledName, Token

#: Dependencies that tie a number to the noun it counts ("23 pirates", "5 million
#: dollars", "more than 100 people": ``nummod``, ``quantmod``, ``compound``).
_NUMBER_DEPS = frozenset({"nummod", "quantmod", "compound", "nmod"})
#: Clause heads: a token with one of these dependencies starts a clause of its own.
_CLAUSE_DEPS = frozenset(
    {"ROOT", "ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "pcomp", "csubj", "parataxis"}
)
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj", "csubjpass", "expl")
_OBJECT_DEPS = ("dobj", "obj", "attr", "oprd", "dative", "acomp")
#: Left dependents that belong to a noun phrase ("the", "23", "Somali", "Navy").
_NP_LEFT = frozenset(
    {"det", "amod", "compound", "nummod", "quantmod", "poss", "nmod", "case", "predet", "npadvmod"}
)
_NP_RIGHT = frozenset({"compound", "flat", "case"})
_NEGATIONS = frozenset({"not", "n't", "never", "no"})
#: Words between a number and its noun when there is no parse ("23 Somali and Yemeni
#: pirates", "seven AK-47 rifles", "more than 30 armed boats").
_MAX_NOUN_DISTANCE = 5
_NOUN_POS = frozenset({"NOUN", "PROPN"})
_IRREGULAR_PLURALS = frozenset("people men women children police personnel staff crew".split())


def is_number(token: Token) -> bool:
    return token.pos == "NUM" or token.tag == "CD"


def counted_noun(sentence: ParsedSentence, index: int) -> int | None:
    """Index of the noun the number at ``index`` counts ("23 Somali and Yemeni pirates" ->
    pirates, "seven AK-47 rifles" -> rifles, "two hours" -> hours, "5 million dollars" ->
    dollars), or ``None`` ("killed 23", "in 2008")."""
    tokens = sentence.tokens
    if not 0 <= index < len(tokens):
        return None
    if tokens[index].dep:
        return _counted_by_parse(sentence, index)
    return _counted_by_order(tokens, index)


def _counted_by_parse(sentence: ParsedSentence, index: int) -> int | None:
    tokens = sentence.tokens
    current = index
    for _ in range(len(tokens)):
        token = tokens[current]
        head = tokens[token.head]
        if token.head == current:
            return None
        if token.dep in _NUMBER_DEPS or (token.dep in ("amod", "advmod") and is_number(token)):
            if head.pos in _NOUN_POS and not is_number(head):
                return token.head
            if is_number(head) or head.pos in ("SYM", "ADJ", "ADV", "ADP"):
                current = token.head  # "seven AK-47 rifles", "5 million", "more than"
                continue
            return None
        if token.dep in ("pobj", "dobj", "nsubj", "nsubjpass", "appos", "attr", "conj"):
            # "23 of the pirates": the noun hangs off "of"; a bare "23" counts nothing.
            for child in sentence.children(current):
                if tokens[child].dep == "prep" and tokens[child].text.casefold() in ("of", "among"):
                    objects = [c for c in sentence.children(child) if tokens[c].dep == "pobj"]
                    if objects and tokens[objects[0]].pos in _NOUN_POS:
                        return objects[0]
            if token.dep == "conj" and is_number(head):
                current = token.head  # "two or three boats"
                continue
        return None
    return None


def _plural(token: Token) -> bool:
    low = token.text.casefold()
    return low in _IRREGULAR_PLURALS or (low.endswith("s") and not low.endswith("ss"))


def _counted_by_order(tokens: tuple[Token, ...], index: int) -> int | None:
    """The counted noun by word order: the last noun of the noun run after the number
    (modifiers, demonyms and other numbers skipped), stopping at a plural ("two speed
    boats", "150 nautical miles")."""
    k = index + 1
    found: int | None = None
    while k < len(tokens) and k - index <= _MAX_NOUN_DISTANCE:
        token = tokens[k]
        low = token.text.casefold()
        if token.pos == "NOUN" and not any(c.isdigit() for c in token.text):
            found = k
            if _plural(token):
                return k
        elif found is not None:
            return found
        elif not (
            token.pos in ("NUM", "ADJ", "PROPN")
            or low in ("and", "or", "-")
            or any(c.isdigit() for c in token.text)  # "AK-47" before "rifles"
        ):
            return None
        k += 1
    return found


def noun_phrase(sentence: ParsedSentence, head: int) -> Span:
    """The core noun phrase around ``head``: its determiners, modifiers, compounds and
    possessors, without relative clauses, appositions or prepositional tails."""
    tokens = sentence.tokens
    first = last = head
    stack = [head]
    while stack:
        current = stack.pop()
        for child in sentence.children(current):
            dep = tokens[child].dep
            if (child < head and dep in _NP_LEFT) or (child > head and dep in _NP_RIGHT):
                first, last = min(first, child), max(last, child)
                stack.append(child)
            elif child < head and dep in ("cc", "conj", "punct") and current != head:
                first = min(first, child)  # "Somali and Yemeni" inside the modifiers
    return sentence.span(first, last)


def _clause_head(sentence: ParsedSentence, index: int) -> int | None:
    tokens = sentence.tokens
    current = index
    for _ in range(len(tokens)):
        token = tokens[current]
        clause_like = token.dep in _CLAUSE_DEPS or token.head == current
        if clause_like and (
            token.pos == "VERB"
            or (
                token.pos == "AUX"
                and not any(
                    tokens[c].pos == "VERB" and tokens[c].dep in ("xcomp", "acomp")
                    for c in sentence.children(current)
                )
            )
        ):
            return current
        if token.head == current:
            return current if token.pos in ("VERB", "AUX") else None
        current = token.head
    return None


def _subject_of(sentence: ParsedSentence, verb: int) -> tuple[int | None, bool]:
    """(subject head, passive) of the verb at ``verb``; a conjoined or open-complement
    verb without a subject of its own takes its head verb's ("X arrived and said")."""
    tokens = sentence.tokens
    current = verb
    for _ in range(len(tokens)):
        for child in sentence.children(current):
            if tokens[child].dep in _SUBJECT_DEPS:
                subject = child
                if tokens[current].dep == "relcl" and tokens[child].tag in ("WP", "WDT"):
                    subject = tokens[current].head  # "Kirkpatrick, who was arrested"
                return subject, tokens[child].dep.endswith("pass")
        token = tokens[current]
        if token.dep in ("conj", "xcomp", "advcl") and token.head != current:
            current = token.head
            continue
        if token.dep in ("relcl", "acl") and token.head != current:
            return token.head, token.tag == "VBN"
        return None, False
    return None, False


def clause_of(sentence: ParsedSentence, index: int) -> Clause | None:
    """The clause that governs the token at ``index``: its predicate (the verb, lemma),
    subject and object noun phrases, whether it is negated and passive. ``None`` without
    a dependency parse or when no verb governs the token (a headline fragment)."""
    tokens = sentence.tokens
    if not 0 <= index < len(tokens) or not any(t.dep for t in tokens):
        return None
    verb = _clause_head(sentence, index)
    if verb is None:
        return None
    subject, passive = _subject_of(sentence, verb)
    obj: int | None = None
    agent: int | None = None
    for child in sentence.children(verb):
        dep = tokens[child].dep
        if obj is None and dep in _OBJECT_DEPS:
            obj = child
        elif dep == "agent":
            agent = next((c for c in sentence.children(child) if tokens[c].dep == "pobj"), None)
    if obj is None and not passive:
        obj = next(
            (
                c
                for p in sentence.children(verb)
                if tokens[p].dep == "prep"
                for c in sentence.children(p)
                if tokens[c].dep == "pobj"
            ),
            None,
        )
    if passive and agent is None:
        # "was shot and killed by police": the agent hangs off the last conjoined verb.
        agent = next(
            (
                c
                for v in sentence.children(verb)
                if tokens[v].dep == "conj"
                for a in sentence.children(v)
                if tokens[a].dep == "agent"
                for c in sentence.children(a)
                if tokens[c].dep == "pobj"
            ),
            None,
        )
    if passive and agent is not None:
        obj = agent
    negated = any(
        tokens[c].dep == "neg" or tokens[c].text.casefold() in _NEGATIONS
        for c in sentence.children(verb)
    )
    return Clause(
        predicate=verb,
        lemma=tokens[verb].lemma.casefold(),
        subject=noun_phrase(sentence, subject) if subject is not None else None,
        object=noun_phrase(sentence, obj) if obj is not None else None,
        negated=negated,
        passive=passive,
    )


# --- titles and names -------------------------------------------------------------------


def _title_word(token: Token) -> bool:
    lex = lexicon()
    low = token.text.casefold().rstrip(".")
    if low in lex.function_words:
        return False  # "of", "the" join titles ("Secretary of State") but title nothing
    return (
        low in lex.title_heads
        or low + "." in lex.title_heads
        or low in lex.role_heads
        or low in lex.title_modifiers
        or low in lex.portfolio_words
    )


def _name_word(token: Token) -> bool:
    return (
        token.pos == "PROPN"
        and token.text[:1].isupper()
        and not _title_word(token)
        and not lexicon().is_country(token.text)
    ) or (token.ent_type == "PERSON" and token.text[:1].isupper() and not _title_word(token))


def title_and_name(sentence: ParsedSentence, first: int, last: int) -> TitledName:
    """The name in tokens ``first``..``last`` apart from the title or role before it, and
    that title: the title words ("Commander", "spokesman", "Vice Admiral") and what they
    hang on ("Navy") up to the last title word; the name is what follows. Without a title
    inside the span, a title right before it ("the navy chief , Sureesh Mehta") or an
    apposition after it ("Sureesh Mehta , the navy chief") is the title when the parse
    says so."""
    tokens = sentence.tokens
    last_title = max((k for k in range(first, last + 1) if _title_word(tokens[k])), default=-1)
    name_first = first
    if last_title >= first:
        name_first = last_title + 1
        while name_first <= last and not _name_word(tokens[name_first]):
            name_first += 1
        if name_first > last:  # only title words: "Navy spokesman"
            return TitledName(sentence.span(first, last), None)
        title_first = first
        while title_first < last_title and tokens[title_first].pos in ("DET", "PUNCT"):
            title_first += 1
        return TitledName(
            sentence.span(name_first, last), sentence.span(title_first, name_first - 1)
        )
    name = sentence.span(first, last)
    before = _title_before(sentence, first)
    if before is not None:
        return TitledName(name, before)
    return TitledName(
        name, _apposition_title(sentence, first, last) or _copular_title(sentence, last)
    )


def _title_before(sentence: ParsedSentence, first: int) -> Span | None:
    """Title words right before a name ("spokesman Nirad Sinha", "Former Mayor Tomas
    Reinholt"), with the owner of a role when the parse ties it on ("Navy spokesman")."""
    tokens = sentence.tokens
    k = first - 1
    while k >= 0 and (
        _title_word(tokens[k])
        or (k > 0 and tokens[k].text in ("of", "for") and _title_word(tokens[k - 1]))
    ):
        k -= 1
    if k == first - 1:
        return None
    start = k + 1
    lowercase_role = tokens[start].text[:1].islower()  # "Navy spokesman", not "US Secretary"
    while (
        k >= 0
        and lowercase_role
        and tokens[k].pos == "PROPN"
        and start <= tokens[k].head < first
        and tokens[k].dep
    ):
        # "Navy spokesman", "Microsoft Security Response Alliance director": the owner
        # of the role, when the parse ties it on.
        start = k
        k -= 1
    return sentence.span(start, first - 1)


def _apposition_title(sentence: ParsedSentence, first: int, last: int) -> Span | None:
    """A title in apposition after a name, with what it is a title of: "Mike Reavey,
    director of the Microsoft Security Response Center", "Dave Marcus, security research
    and communications manager for McAfee" (the parse may hang the coordinated title
    words on "research"), up to the comma that closes the apposition."""
    tokens = sentence.tokens
    for child in sentence.children(last):
        token = tokens[child]
        if token.dep != "appos" or child <= last or token.pos != "NOUN":
            continue
        heads = [child] + [
            c for c in sentence.children(child) if tokens[c].dep == "conj" and c > child
        ]
        if not any(_title_word(tokens[h]) for h in heads):
            continue
        phrase = noun_phrase(sentence, child)
        start = phrase.first
        while start < phrase.last and tokens[start].pos == "DET":
            start += 1
        end = _apposition_end(sentence, child, max(heads))
        return sentence.span(start, end)
    return None


def _copular_title(sentence: ParsedSentence, last: int) -> Span | None:
    """A title the sentence gives a name as its subject: "Felt was deputy associate
    director of the FBI in 1972"."""
    tokens = sentence.tokens
    if tokens[last].dep != "nsubj":
        return None
    verb = tokens[last].head
    if verb <= last or tokens[verb].lemma.casefold() != "be":
        return None
    for child in sentence.children(verb):
        token = tokens[child]
        if token.dep == "attr" and token.pos == "NOUN" and _title_word(token):
            phrase = noun_phrase(sentence, child)
            start = phrase.first
            while start < phrase.last and tokens[start].pos == "DET":
                start += 1
            return sentence.span(start, _apposition_end(sentence, child, child))
    return None


_APPOSITION_TAIL = frozenset(
    {"prep", "pobj", "compound", "amod", "det", "cc", "conj", "poss", "case", "nmod"}
)


def _apposition_end(sentence: ParsedSentence, head: int, last_head: int) -> int:
    """The last token of an apposition: its coordinated title words and the "of / for /
    at" phrase naming the organization, stopping at a comma or a clause."""
    tokens = sentence.tokens
    end = last_head
    k = last_head + 1
    while k < len(tokens) and tokens[k].text not in (",", ";", "(", ")", '"', "“", "”"):
        if tokens[k].dep not in _APPOSITION_TAIL or not _governed_by(sentence, k, head):
            break
        end = k
        k += 1
    return end


def _governed_by(sentence: ParsedSentence, index: int, head: int) -> bool:
    tokens = sentence.tokens
    current = index
    for _ in range(len(tokens)):
        if current == head:
            return True
        parent = tokens[current].head
        if parent == current:
            return False
        current = parent
    return False
