"""Map free text to a controlled vocabulary by keywords (vocabulary files in netralitas/referensi).

Each taxonomy is an ordered list of terms with keywords; the first term whose keyword
occurs in the folded text (as whole words, so ``wa`` does not match ``jawa``) wins.
Results are memoised: real and synthetic registers repeat the same texts a lot.
"""

from __future__ import annotations

import re
from functools import lru_cache

from etl.textnorm import fold
from netralitas import vocab


class Classifier:
    def __init__(self, taxonomy: str, default_empty: str, default_other: str):
        self.taxonomy = taxonomy
        self.default_empty = default_empty
        self.default_other = default_other
        self._patterns: list[tuple[str, re.Pattern[str]]] = []
        for term in vocab.taxonomy(taxonomy):
            words = [fold(k) for k in term.kata_kunci if fold(k)]
            if words:
                alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
                self._patterns.append((term.kode, re.compile(rf"(?:^| )(?:{alternation})(?= |$)")))
        self.codes = set(vocab.codes(taxonomy))
        self.classify = lru_cache(maxsize=65536)(self._classify)

    def _classify(self, text: str | None) -> str:
        if not text:
            return self.default_empty
        folded = fold(text)
        if not folded:
            return self.default_empty
        # An already-coded value ("kampanye_media_sosial") passes straight through.
        code = folded.replace(" ", "_")
        if code in self.codes:
            return code
        for kode, pattern in self._patterns:
            if pattern.search(folded):
                return kode
        return self.default_other

    def first_match(self, *texts: str | None) -> str:
        """Classify the first text that gives a specific (non-default) answer."""
        for text in texts:
            kode = self.classify(text)
            if kode not in (self.default_empty, self.default_other):
                return kode
        return self.classify(next((t for t in texts if t), None))


@lru_cache(maxsize=1)
def classifiers() -> dict[str, Classifier]:
    return {
        "jenis_pelanggaran": Classifier("jenis_pelanggaran", "tidak_diketahui", "lainnya"),
        "sanksi": Classifier("sanksi", "belum_ada", "belum_ada"),
        "jabatan": Classifier("jabatan", "tidak_diketahui", "lainnya"),
        "media": Classifier("media", "tidak_diketahui", "lainnya"),
        "tahap": Classifier("tahap", "dilaporkan", "dilaporkan"),
        "sumber": Classifier("sumber", "lainnya", "lainnya"),
    }
