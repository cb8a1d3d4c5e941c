"""The reversal reading of a line: its runs read back to front, the cut set chosen by a dynamic program.

The extractor cut each printed line into text runs and usually lists them in the
reverse of reading order, while the text inside each run is in reading order.
This engine assumes exactly that: it picks where the runs break and reads the
pieces in reverse order. :mod:`index.repair.lines` weighs its reading against
the search's (:mod:`index.repair.search`), which also tries other orders.

Layout:

- ``runs``: a line cut into atoms, and what a run break between two atoms costs;
- ``score``: the document's vocabulary and the costs of words and word pairs
  (bracket balance is :class:`index.repair.typography.Brackets`, shared with the search);
- ``candidates``: the readings one more piece makes of a partial reading;
- ``search``: the dynamic program over cut sets;
- ``lines``: the entry points.
"""

from index.repair.reversal.lines import is_kashida_scrambled, repair_line, repair_lines
from index.repair.reversal.score import build_vocabulary

__all__ = ["build_vocabulary", "is_kashida_scrambled", "repair_line", "repair_lines"]
