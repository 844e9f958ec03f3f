"""Boilerplate: ads, subscription and sign-up prompts, share bars, "Related Posts" lists,
promotional sign-offs, and editorial notes ("This story has been updated ...")."""

from __future__ import annotations

import re

from consilience.records import Artifact
from consilience.textspan import paragraph_spans

# A whole paragraph that is nothing but page furniture.
_FURNITURE = re.compile(
    r"""(?ix)\W*(
      advertisements?|ads?|sponsored(\s+(content|post|links?))?|promoted(\s+content)?|
      (story\s+)?continues?\s+(below|after)(\s+(the\s+)?(advertisement|ad))?|
      continue\s+reading(\s+(below|the\s+main\s+story))?|scroll\s+(down\s+)?(to|for)\s+[\w\s]{1,20}|
      (read|see)\s+(more|also|next)(\s+(here|stories|news))?|
      related(\s+(posts?|articles?|stories|content|news|coverage|reading|topics|links))?|
      (you\s+(may|might)\s+also\s+like|recommended(\s+for\s+you)?|more\s+(from|on|stories)(\s[\w\s]{1,30})?|
       trending(\s+now)?|most\s+(read|popular|viewed)|top\s+stories|latest\s+news)|
      share(\s+(this(\s+(article|story|post))?|on\s+\w+))?|tweet|email|print|copy\s+link|
      (share|follow)\s+(us\s+)?(on\s+)?(facebook|twitter|x|linkedin|whatsapp|instagram|telegram|email|reddit)([\s,/|]+\w+)*|
      (facebook|twitter|linkedin|whatsapp|reddit|email|pinterest)([\s,/|]+(facebook|twitter|linkedin|whatsapp|reddit|email|pinterest|print|x))+|
      (listen\s+to\s+this\s+article|\d+\s+min(ute)?s?\s+read)(\s+[\d:]+)?|
      skip\s+to\s+(main\s+)?content|back\s+to\s+top|leave\s+a\s+(comment|reply)|
      (\d+\s+)?comments?|tags?\s*:.*|filed\s+under\s*:.*|topics?\s*:.*|
      (image|photo|video)\s*(credit)?\s*:.*|
      (©|\(c\)|copyright)\s.*|all\s+rights\s+reserved\.?.*
    )\W*""",
)

# Calls to action: subscribe, sign up, create an account, follow, download the app, donate.
_CALL_TO_ACTION = re.compile(
    r"""(?ix)\b(
      subscrib(e|ing)\b|sign(ing)?[\s-]up\b|creat(e|ing)\s+(an?\s+|your\s+)?(free\s+)?account|
      register\s+(now|for\s+free|today|here)|log\s*in\s+to|already\s+a\s+(subscriber|member)|
      download\s+(our|the)\s+\w*\s*app|get\s+(our|the)\s+(free\s+)?(newsletter|app)|
      join\s+(our|the)\s+(newsletter|mailing\s+list|community|whatsapp|telegram)|
      follow\s+us\b|like\s+us\s+on|support\s+(our|independent)\s+journalism|
      become\s+a\s+(member|subscriber|patron)|donate\s+(now|today|to\s+us)|
      (click|tap)\s+here|turn\s+on\s+notifications|
      (for|get)\s+(more|ongoing|the\s+latest|exclusive)\s+(updates?|news|stories|coverage|exclusives)
    )""",
)
_WEB_ADDRESS = re.compile(r"(?i)\b[\w-]+\.(com|org|net|co\.uk|news|io|tv)\b|https?://")

# Editorial notes about the article itself, not about the event.
_EDITORIAL_NOTE = re.compile(
    r"""(?ix)\W*(
      this\s+(story|report|article|post|piece)\s+(has\s+been|was|is\s+being|includes|contains|
        will\s+be)\s+(updated|update|updates|corrected|developing)|
      (this\s+is\s+a\s+)?(developing|breaking)\s+(story|news)|
      (additional\s+)?reporting\s+by\s|(writing|editing)\s+by\s|
      [\w\s.,'-]{0,80}\s(contributed|contributed\s+reporting)\s+to\s+this\s+(report|story|article)|
      (correction|clarification|editor'?s\s+note|update)\s*[:(]
    )""",
)
_INLINE_FURNITURE = re.compile(
    r"(?i)\b(scroll\s+down\s+for\s+(the\s+)?(video|more|photos?)|click\s+here\s+to\s+\w+(\s+\w+){0,4}|"
    r"story\s+continues\s+below\s+(the\s+)?(advertisement|ad)|"
    r"(read|see)\s+more\s*:\s*[^.\n]{0,120})"
)
_MAX_CTA_WORDS = 45
_RELATED_HEADING = re.compile(
    r"(?i)\W*(related(\s+\w+)?|(read|see)\s+(more|also)|more\s+(stories|news|from\s+[\w\s]+)|"
    r"you\s+(may|might)\s+also\s+like|recommended(\s+for\s+you)?)\s*:?\W*"
)


def find_boilerplate(text: str) -> list[Artifact]:
    """Artifacts for furniture paragraphs, call-to-action paragraphs, trailing link lists,
    editorial notes and inline furniture phrases."""
    artifacts: list[Artifact] = []
    paragraphs = paragraph_spans(text)
    related_from: int | None = None
    for index, (start, end) in enumerate(paragraphs):
        para = text[start:end]
        words = para.split()
        if related_from is not None and _is_link_line(para):
            artifacts.append(
                Artifact("boilerplate", start, end, para, "item of a related-links list")
            )
            continue
        related_from = None
        if _FURNITURE.fullmatch(para) and len(words) <= 20:
            artifacts.append(Artifact("boilerplate", start, end, para, "page furniture"))
            if _RELATED_HEADING.fullmatch(para):
                related_from = index
            continue
        if (
            len(words) <= _MAX_CTA_WORDS
            and _CALL_TO_ACTION.search(para)
            and (_WEB_ADDRESS.search(para) or len(words) <= 15 or index >= len(paragraphs) - 3)
        ):
            artifacts.append(Artifact("boilerplate", start, end, para, "call to action"))
            continue
        if len(words) <= 40 and _EDITORIAL_NOTE.match(para):
            artifacts.append(
                Artifact("editorial_note", start, end, para, "a note about the article itself")
            )
            continue
        for match in _INLINE_FURNITURE.finditer(text, start, end):
            artifacts.append(
                Artifact(
                    "boilerplate", match.start(), match.end(), match.group(), "inline furniture"
                )
            )
    return artifacts


def _is_link_line(para: str) -> bool:
    """A short headline-like line, as in a list of links to other stories."""
    stripped = para.strip()
    return 0 < len(stripped.split()) <= 18 and stripped[-1] not in ".:"
