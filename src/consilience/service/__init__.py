"""The service: a layer above the library that keeps articles, stories and dossier
versions in a database, fetches URLs and feeds the user added, watches them, tells what
changed between two analyses of a story, and serves it all as a small web app.

The library never imports this package. Its parts:

- :mod:`.store`: SQLAlchemy models, Alembic migrations and the functions that read and
  write them (every write in one transaction);
- :mod:`.fetch`: opt-in HTTP fetching (SSRF guard, robots.txt, politeness, size and time
  limits, conditional requests), feeds and WARC files;
- :mod:`.intake`: inputs (files, URLs, feeds) into stored articles;
- :mod:`.update`: stored articles into stories (the incremental clustering state lives in
  the store) and stories into dossier versions;
- :mod:`.changes`: what changed between two dossiers of one story;
- :mod:`.watch`: the polling loop;
- :mod:`.web`: the FastAPI app.
"""
