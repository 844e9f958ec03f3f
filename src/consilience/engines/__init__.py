"""Engines that run the library's work elsewhere than in one process. A layer above the
library: they import it, it never imports them."""
