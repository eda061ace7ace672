"""Draft case records from one article, with the sentence and a confidence for every field.

Rules, in short (see the README, *Masukan berita*):
- case sentences report something that happened (a cue such as ``diduga``, ``kepergok``, ``dilaporkan``,
  ``klarifikasi``) about an ASN; rules and warnings (``dilarang``, ``jika``, ``bagi ASN yang``) are not cases;
- the region comes from what the article says about the case (``ASN Pemkab X``, ``Bawaslu X``,
  ``Inspektorat X``), never from the dateline; a bare name shared by several regions stays empty;
- the incident date is a date of the case sentences that is not the date of a statement or a report;
  relative dates are resolved against the publication date; direct quotes' relative words are not;
- counts in digits and words; vague counts (``puluhan``, ``beberapa``) stay empty, the phrase kept as evidence;
- a round-up naming several kabupaten/kota with their own ASN gives one draft per region.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from etl.berita import VERSION
from etl.berita.kalimat import Sentence, about_asn_neutrality, language, sentences
from etl.berita.masukan import Article
from etl.berita.tanggal import FoundDate, find_dates, publication_date
from etl.classify import classifiers
from etl.regions import RegionMatch, RegionProblem, RegionResolver
from etl.textnorm import fold, leading_number
from netralitas import vocab

FIELDS = (
    "wilayah",
    "jumlah",
    "nama",
    "jabatan",
    "instansi",
    "tanggal_kejadian",
    "pemilihan",
    "uraian",
    "tahap",
    "rekomendasi",
    "sanksi",
)


@dataclass
class Draft:
    """One drafted case: values, evidence sentence and confidence per field."""

    values: dict[str, str] = field(default_factory=dict)
    bukti: dict[str, str] = field(default_factory=dict)
    keyakinan: dict[str, str] = field(default_factory=dict)
    # parsed forms, for evaluation and review
    kode_wilayah: str | None = None
    tanggal: dt.date | None = None
    presisi: str | None = None
    pemilihan_kode: str | None = None
    jumlah: int | None = None

    def put(self, name: str, value: str | None, evidence: str | None, confidence: str) -> None:
        if value in (None, ""):
            if evidence:  # a vague count: nothing filled, the phrase still shown to the reviewer
                self.bukti[name] = evidence
            return
        self.values[name] = value
        if evidence:
            self.bukti[name] = evidence
        self.keyakinan[name] = confidence


@dataclass
class Result:
    article: Article
    drafts: list[Draft]
    alasan: str | None = None  # why no case was drafted
    terbit: dt.date | None = None


# ------------------------------------------------------------------ vocabulary of the rules

_CUE = re.compile(
    r"\b(diduga|dugaan|terduga|kepergok|terekam|tertangkap|kedapatan|viral|beredar|beredarnya|terbukti|melanggar|"
    r"pelanggaran|tidak netral|berfoto|berpose|mengunggah|diunggah|unggahan|menghadiri|hadir|ikut|mendukung|dukungan|"
    r"mengajak|mengarahkan|memobilisasi|mengumpulkan|membagikan|memasang|mengampanyekan|berkampanye|dilaporkan|"
    r"melaporkan|laporan|temuan|ditemukan|temukan|menemukan|klarifikasi|mengklarifikasi|dipanggil|diperiksa|"
    r"pemeriksaan|disanksi|dijatuhi|dikenai|dicopot|dinonaktifkan|direkomendasikan|rekomendasi|merekomendasikan|"
    r"video|foto|terlihat|tampil|menjadi tim|tim sukses|timses|menyatakan|diklarifikasi|meneruskan|diteruskan|kasus|"
    r"mendaftar|menjadi calon|caleg|ditegur|teguran|divonis|dipidana|pidana|penjara|mengajak|membagikan|berswafoto|"
    r"swafoto|konvoi|dimintai keterangan|memanggil|menginstruksikan|memasang)\b"
)
#: Cues strong enough to make a sentence a case even when it also carries a rule word ("harus memberikan klarifikasi").
_STRONG = re.compile(
    r"\b(diduga|kepergok|terekam|kedapatan|temukan|ditemukan|menemukan|dilaporkan ke|dugaan pelanggaran yang dilakukan|"
    r"klarifikasi kepada|dijatuhi|disanksi|telah direkomendasikan|merekomendasikan|direkomendasikan|diklarifikasi|"
    r"meneruskan kasus|divonis|terbukti melanggar|menjatuhkan)\b"
)
_NORMATIVE = re.compile(
    r"\b(dilarang|harus|wajib|tidak boleh|diimbau|mengimbau|imbauan|himbauan|menghimbau|jika|apabila|bila|dapat dipidana|"
    r"ancaman|meliputi|bagi asn yang|diatur|sanksi tegas|berpotensi|rawan|potensi|jangan|diharapkan|berharap|berikut|"
    r"perilaku|larangan|antara lain|misalnya|seperti|yang dilarang)\b"
)
#: Conditionals are never a case, whatever else the sentence says ("jika menemukan ASN yang tidak netral").
_CONDITIONAL = re.compile(r"\b(jika|apabila|bila|kalau|seandainya|manakala|andaikan)\b")
_ACTOR_WORDS = (
    r"asn|pns|aparatur sipil negara|aparatur|pegawai negeri sipil|pegawai negeri|pegawai|camat|lurah|"
    r"kepala desa|kades|guru|pejabat|kepala dinas|kepala sekolah|staf|tenaga honorer|honorer|pppk|oknum asn|"
    r"sekda|sekretaris daerah|kepala bidang|kabid|kepala seksi|aparat|kepala sd|kepala smp|kepala sma|kepala paud|"
    r"kepala sekolah dasar|kepala badan|kepala bappeda|kasi|panewu|kepala puskesmas|dosen|kadis|staf ahli|kepala biro|"
    r"kepala inspektorat|kepala bagian|kabag"
)
_ACTOR = re.compile(rf"\b({_ACTOR_WORDS}|yang bersangkutan|ia|dia|mereka|keduanya|ketiganya|keempatnya|kelimanya)\b")

_NUM = r"(?<![/.,\d])(?!(?:19|20)\d\d\b)\d{1,4}|se(?:orang|buah)|salah (?:seorang|satu)|(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan)(?: (?:belas|puluh))?(?: (?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan))?|sepuluh|sebelas|seratus"
_VAGUE = r"puluhan|belasan|ratusan|ribuan|beberapa|sejumlah|banyak|para|sebagian|segelintir"
_COUNT = re.compile(
    rf"\b(?:(sebanyak|berjumlah|total)\s+)?({_NUM}|{_VAGUE})\s+(?:orang\s+|oknum\s+)?({_ACTOR_WORDS})\b"
)
_COUNT_AFTER = re.compile(
    rf"\b({_ACTOR_WORDS})\s+(?:\w+\s+){{0,3}}(?:sebanyak|berjumlah)\s+(\d{{1,4}}|{_NUM})\s+orang\b"
)

_SINGLE_TITLE = re.compile(
    r"\b(?:Camat|Lurah|Sekda|Sekretaris Daerah|Kepala (?:Dinas|Badan|Bappeda|Bidang|Bagian|Inspektorat|Puskesmas|BKD|BKPSDM)|"
    r"Kadis|Panewu)\b(?:\s+[A-Z][\w-]*)+"
)
_PLURAL = re.compile(
    r"\b(para|sejumlah|beberapa|puluhan|belasan|ratusan|dan|serta|bersama|mereka|keduanya|ketiganya)\b"
)
_SPEECH = re.compile(
    r"\b(kata|ujar|ucap|jelas|ungkap|tegas|terang|tutur|sebut|papar|imbuh|pungkas|tambah|kata\w*|ujarnya|jelasnya|"
    r"ungkapnya|tegasnya|katanya|imbuhnya|pungkasnya|tuturnya|mengatakan|menyebutkan|menyebut|menjelaskan|menegaskan|"
    r"mengungkapkan|menuturkan|menerangkan|dikonfirmasi|ditemui|saat dihubungi|konferensi pers|jumpa pers|"
    r"keterangan tertulis|menyampaikan)\b"
)
_REPORT = re.compile(r"\b(melapor\w*|dilaporkan|laporan|teregistrasi|diregistrasi|diterima|menerima)\b")
_SANCTION_DATE = re.compile(r"\b(sanksi|dijatuhi|sk|keputusan|surat keputusan|putusan)\b")
_INCIDENT = re.compile(
    r"\b(pada|saat|ketika|sewaktu|terjadi|berlangsung|kejadian|peristiwa|diunggah|terekam|kepergok)\b"
)

_STAGE_ORDER = ["dilaporkan", "klarifikasi", "kajian", "rekomendasi", "sanksi_dijatuhkan", "selesai", "dihentikan"]
#: Verb forms the stage taxonomy (whole words) does not list: "diklarifikasi", "kami rekomendasikan"...
_STAGE_WORDS = (
    (
        "klarifikasi",
        re.compile(
            r"\b(diklarifikasi|mengklarifikasi|memanggil|panggil|dimintai keterangan|meminta keterangan|mintai keterangan)\b"
        ),
    ),
    ("kajian", re.compile(r"\b(memeriksa|diperiksa|mengkaji)\b")),
    (
        "rekomendasi",
        re.compile(r"\b(merekomendasikan|rekomendasikan|meneruskan|diteruskan|rekomendasinya|memenuhi unsur)\b"),
    ),
    ("sanksi_dijatuhkan", re.compile(r"\b(menjatuhkan|dijatuhi|divonis|ditegur|memberikan teguran|sanksi moral)\b")),
    ("dihentikan", re.compile(r"\b(menghentikan|dihentikan|tidak terbukti|tidak memenuhi unsur)\b")),
)
_FUTURE = re.compile(r"\b(akan|dijadwalkan|rencananya|berencana|masih menunggu)\b")
_PILKADA = re.compile(
    r"\b(pilkada|pilbup|pilwalkot|pilwali|pilgub|pemilihan kepala daerah|pemilihan bupati|pemilihan gubernur|"
    r"pemilihan wali ?kota|calon wakil bupati|calon wakil wali ?kota|calon wakil gubernur|cawawako|cawali|pilwako|"
    r"calon bupati|calon wali ?kota|calon gubernur|cabup|cawabup|cawalkot|cagub|cawagub|"
    r"paslon bupati|paslon wali ?kota|paslon gubernur|bupati dan wakil bupati|wali ?kota dan wakil wali ?kota|"
    r"gubernur dan wakil gubernur|bakal calon bupati|bakal calon wali ?kota|bakal calon gubernur|petahana)\b"
)
_PEMILU = re.compile(
    r"\b(pemilu|pemilihan umum|pileg|pilpres|capres|cawapres|caleg|calon legislatif|calon anggota dpr\w*|"
    r"calon presiden|pemilihan presiden|calon anggota dpd|calon dpd)\b"
)
_ELECTION_YEAR = re.compile(
    r"\b(pilkada|pemilu|pilpres|pileg|pemilihan umum|pemilihan)(?: serentak)?(?: tahun)? (20\d\d)\b"
)

_CAP = r"[A-Z][\w'’-]*"
_NAME = rf"{_CAP}(?:\s+{_CAP}){{0,4}}"
_ANCHORS: tuple[tuple[re.Pattern[str], str | None, int], ...] = (
    (
        re.compile(
            rf"\b(?:Pemerintah\s+(Kabupaten|Kota|Provinsi)|(Pemkab|Pemkot|Pemko|Pemprov|Pemprop))\.?\s+(?:\(\w+\)\s+)?({_NAME})"
        ),
        "agency",
        3,
    ),
    (
        re.compile(
            rf"\b(?:Bawaslu|Panwaslu|Inspektorat|BKPSDM|BKD|BKPP|Sekda|Sekretaris Daerah|Setda|DPRD|Disdik|Dinkes|"
            rf"Satpol PP|RSUD|Pj\.? Bupati|Pj\.? Wali ?[Kk]ota|Pj\.? Gubernur)\s+(?:\(\w+\)\s+)?"
            rf"((?:Kabupaten|Kabupeten|Kab\.|Kota|Provinsi|Prov\.)\s+)?({_NAME})"
        ),
        "office",
        3,
    ),
    (
        re.compile(
            rf"\b(?:ASN|PNS|pegawai|Camat|Lurah|guru)\s+(?:di\s+)?(?:lingkungan\s+)?((?:Kabupaten|Kabupeten|Kab\.|Kota|Provinsi)\s+)?({_NAME})"
        ),
        "asn",
        3,
    ),
    (re.compile(rf"\b(Kabupaten|Kabupeten|Kab\.|Kota|Provinsi|Prov\.|Propinsi)\s+({_NAME})"), "prefix", 2),
    (re.compile(rf"\b(?:Kecamatan|Kec\.|Distrik|Kapanewon)\s+({_NAME})"), "kecamatan", 2),
    (re.compile(rf"\b(?:di|se-?|wilayah|daerah|asal)\s+({_NAME})"), "bare", 1),
)
_PREFIX_OF = {
    "pemkab": "Kabupaten",
    "pemkot": "Kota",
    "pemko": "Kota",
    "pemprov": "Provinsi",
    "pemprop": "Provinsi",
    "kabupaten": "Kabupaten",
    "kota": "Kota",
    "provinsi": "Provinsi",
}
_STOP_CAPS = {
    "Senin",
    "Selasa",
    "Rabu",
    "Kamis",
    "Jumat",
    "Sabtu",
    "Minggu",
    "Pilkada",
    "Pemilu",
    "Paslon",
    "ASN",
    "Bawaslu",
    "Nomor",
    "Tahun",
    "Wakil",
    "Bupati",
    "Wali",
    "Gubernur",
    "Calon",
    "Dinas",
    "Desa",
    "Kecamatan",
    "Kelurahan",
    "Kepala",
    "Ketua",
    "Anggota",
    "Koordinator",
    "Divisi",
    "Sekda",
    "Inspektorat",
    "Pemkab",
    "Pemkot",
    "Pemprov",
    "Pemerintah",
    "Badan",
    "Kantor",
    "Jalan",
    "Jl",
    "Balai",
}
_INSTANSI = re.compile(
    r"\b((?:Dinas|Badan|Inspektorat|Sekretariat|Kantor|Bagian|Puskesmas|RSUD|Rumah Sakit|Kecamatan|Kelurahan|"
    r"Satpol PP|Bappeda|BKPSDM|BKD|Disdik|Dinkes|Disnakertrans|Dispendukcapil|Disdukcapil|SMAN?|SMPN?|SDN?|SMKN?|"
    r"Pemerintah (?:Kabupaten|Kota|Provinsi)|Pemkab|Pemkot|Pemko|Pemprov)\b(?:[ (]+[A-Z0-9(][\w()'.-]*|\s+(?:dan|dan\s+\w+))*)"
)
_TITLE_REGION_NAME = re.compile(
    r"\b(?:Sekda|Camat|Lurah|Kadis|Bupati|Kepala Desa|Kades)\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+([A-Z][a-z]{2,})"
    r"(?=\s+(?:bersama|yang|diduga|terlihat|terekam|kepergok|ikut|hadir|mengunggah|berfoto)\b)"
)
_NAMED = re.compile(rf"\b(?:bernama|berinisial|inisial)\s+({_CAP}(?:\.?\s*{_CAP}\.?){{0,3}})")
_QUOTE = re.compile(r"[\"“][^\"”]{3,}[\"”]")


@lru_cache(maxsize=1)
def _jabatan_pattern() -> re.Pattern[str]:
    words = [
        k
        for t in vocab.taxonomy("jabatan")
        if t.kode not in ("asn_umum",)
        for k in t.kata_kunci
        if k
        not in (
            "asn",
            "pns",
            "pegawai",
            "staf",
            "staff",
            "pelaksana",
            "aparatur sipil negara",
            "pegawai negeri sipil",
            "pengawas",
            "analis",
            "penjabat",
            "administrator",
            "operator",
            "asisten",
            "direktur",
        )
    ]
    alternation = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return re.compile(rf"\b({alternation})\b", re.IGNORECASE)


# ------------------------------------------------------------------ the extractor


class Extractor:
    def __init__(self, resolver: RegionResolver):
        self.resolver = resolver
        self.cls = classifiers()

    # --- article level
    def extract(self, article: Article) -> Result:
        terbit = publication_date(article.terbit)
        text = article.teks or ""
        if len(text.strip()) < 40:
            return Result(article, [], "kosong: tidak ada teks artikel", terbit)
        folded_all = fold(text[:200_000])
        if language(folded_all) == "en":
            return Result(article, [], "bukan bahasa Indonesia", terbit)
        if not about_asn_neutrality(fold(article.judul or "") + " " + folded_all):
            return Result(article, [], "bukan tentang netralitas ASN", terbit)
        sents, _dateline = sentences(text[:200_000], article.judul)
        case_sents = [s for s in sents if self._is_case(s)]
        if not case_sents:
            return Result(
                article, [], "tentang netralitas ASN, tetapi tidak melaporkan kasus (imbauan atau aturan umum)", terbit
            )
        anchors = {s.index: self._anchors(s) for s in sents}
        ref = terbit or self._latest_date(sents)
        groups = self._groups(case_sents, anchors)
        contexts = _contexts(groups, sents)
        drafts = [
            self._draft(g, c, sents, anchors, article, terbit, ref) for g, c in zip(groups, contexts, strict=True)
        ]
        return Result(article, drafts, None, terbit)

    def _is_case(self, s: Sentence) -> bool:
        f = s.folded
        if not _CUE.search(f) or not _ACTOR.search(f):
            return False
        if _CONDITIONAL.search(f):
            return False
        if _NORMATIVE.search(f) and not _STRONG.search(f):
            return False
        if not _STRONG.search(f) and s.text.count(",") >= 4:
            return False  # a list of forbidden acts, not an event
        return not re.search(r"\b(uu|undang undang|pasal|peraturan pemerintah|pp no|skb)\b", f) or bool(
            _STRONG.search(f)
        )

    def _latest_date(self, sents: list[Sentence]) -> dt.date | None:
        dates = [d.tanggal for s in sents for d in find_dates(s.text, None) if d.presisi == "hari"]
        return max(dates) if dates else None

    # --- regions
    def _anchors(self, s: Sentence) -> list[tuple[RegionMatch, int, str]]:
        """(region, strength, phrase) for every region the sentence names in a telling way."""
        out: list[tuple[RegionMatch, int, str]] = []
        seen: set[tuple[int, int]] = set()
        for pattern, kind, strength in _ANCHORS:
            for m in pattern.finditer(s.text):
                last = m.lastindex or 0
                span = (m.start(last), m.end(last))
                if any(a <= span[0] < b for a, b in seen):
                    continue
                prefix = next((g for g in m.groups()[:-1] if g), None)
                prefix_word = _PREFIX_OF.get(
                    fold(prefix or "").split(" ")[0].rstrip("."), prefix.strip() if prefix else ""
                )
                if kind == "agency" and m.group(2) and fold(m.group(2)) in ("pemprov", "pemprop"):
                    prefix_word = "Provinsi"
                match = self._resolve_name(prefix_word or "", m[last] or "", kind)
                if match is not None:
                    out.append((match, strength, m[0]))
                    seen.add(span)
        return out

    def _resolve_name(self, prefix: str, name: str, kind: str | None) -> RegionMatch | None:
        words = name.split()
        if kind == "kecamatan":  # a kecamatan borne by one kabupaten/kota in the whole country
            for n in range(min(len(words), 4), 0, -1):
                region = self.resolver.subdistricts.get(fold(" ".join(words[:n])).replace(" ", ""))
                if region is not None:
                    hit = self.resolver.resolve(region.kode)
                    return hit if isinstance(hit, RegionMatch) else None
            return None
        while words and words[0] in _STOP_CAPS:
            return None
        for n in range(min(len(words), 5), 0, -1):
            candidate = " ".join(words[:n])
            if words[n - 1] in _STOP_CAPS:
                continue
            hit = self.resolver.resolve(f"{prefix} {candidate}".strip())
            if isinstance(hit, RegionMatch):
                if hit.catatan and (kind == "bare" or n < len(words) or len(candidate) < 6):
                    continue  # read through a typo: only when it is the whole name the article wrote
                return hit
            if isinstance(hit, RegionProblem) and hit.kandidat:
                return None  # ambiguous: settled only by a stronger mention elsewhere
        return None

    def _groups(self, case_sents: list[Sentence], anchors) -> list[list[Sentence]]:
        """Case sentences split into cases: a new kabupaten/kota with its own ASN starts a new case."""
        groups: list[tuple[str | None, list[Sentence]]] = []
        for s in case_sents:
            best = _best_local(anchors[s.index])
            code = _code(best) if best else None
            has_actor = _COUNT.search(s.folded) or re.search(rf"\b({_ACTOR_WORDS})\b", s.folded)
            if not groups:
                groups.append((code, [s]))
            elif code and groups[-1][0] and not _nested(code, groups[-1][0]) and has_actor and best[1] >= 2:
                groups.append((code, [s]))
            else:
                if code and (not groups[-1][0] or (_nested(code, groups[-1][0]) and len(code) > len(groups[-1][0]))):
                    groups[-1] = (code, groups[-1][1])  # "Bawaslu Kalteng ... Di Kabupaten Murung Raya, dua ASN"
                groups[-1][1].append(s)
        merged: dict[str | None, list[Sentence]] = {}
        for code, ss in groups:
            merged.setdefault(code, []).extend(ss)
        # A province total beside its own kabupaten/kota cases is not a case of its own.
        codes = [c for c in merged if c]
        for c in list(merged):
            if c and "." not in c and sum(1 for o in codes if o.startswith(c + ".")) >= 2:
                del merged[c]
        return list(merged.values())

    def _region(self, group: list[Sentence], sents, anchors, draft: Draft) -> None:
        local = [a for s in group for a in anchors[s.index]]
        province_agency = any(
            re.search(r"\b(pemprov|pemerintah provinsi)\b", s.folded)
            and not re.search(
                r"\b(pemprov|pemerintah provinsi) [a-z]", s.folded.replace("pemprov menyatakan", "pemprov")
            )
            for s in group
        )
        chosen, evidence, confidence = None, None, "tinggi"
        strong = [a for a in local if a[1] >= 2]
        if strong:
            chosen = _best_local(strong)
        else:
            article_level = [a for s in sents for a in anchors[s.index]]
            chosen = _best_article(article_level)
            confidence = "sedang"
        if chosen is None:
            return
        match, _, phrase = chosen
        evidence = next((s.text for s in sents if phrase in s.text and (s in group or confidence == "sedang")), phrase)
        if province_agency or match.kode_kabupaten_kota is None:
            draft.put("provinsi", match.nama_provinsi, evidence, confidence)
            draft.kode_wilayah = match.kode_provinsi
            return
        draft.put("provinsi", match.nama_provinsi, evidence, confidence)
        draft.put("wilayah", match.nama_kabupaten_kota, evidence, confidence)
        draft.kode_wilayah = match.kode_kabupaten_kota

    # --- one case
    def _draft(self, group, context, sents, anchors, article: Article, terbit, ref) -> Draft:
        d = Draft()
        self._region(group, sents, anchors, d)
        names = self._names(sents)
        self._count(group, d, names)
        if names:
            d.put("nama", "; ".join(names), next(s.text for s in sents if names[0] in s.text), "sedang")
        self._position(group, d)
        self._agency(group, sents, d)
        self._incident_date(context, d, ref)
        self._election(group, sents, d, ref)
        self._outcome(context, d)
        uraian = self._description(context)
        d.put("uraian", uraian or group[0].text[:600], None, "sedang")
        d.values["url"] = article.url or ""
        d.values["media"] = article.media or ""
        d.values["terbit"] = terbit.isoformat() if terbit else (article.terbit or "")
        d.values["artikel"] = article.artikel
        d.values["versi"] = VERSION
        return d

    def _description(self, group: list[Sentence]) -> str:
        """The case's first sentence that names a kind of act (the lead usually does), else all its sentences:
        the ETL classifies the type from this text, and later sentences (how it came out: "diketahui dari
        foto", the handling) would otherwise pull it to another type."""
        body = [s for s in group if not s.title and not _SPEECH.match(s.folded)]
        classify = self.cls["jenis_pelanggaran"].classify
        for s in body:
            if classify(s.text) not in ("lainnya", "tidak_diketahui"):
                return s.text[:600]
        return " ".join(s.text for s in body)[:600].strip()

    def _names(self, sents: list[Sentence]) -> list[str]:
        names: list[str] = []
        for s in sents:
            for m in _NAMED.finditer(s.text):
                name = m[1].strip(" .")
                if name.split()[0] not in _STOP_CAPS and name not in names:
                    names.append(name)
            # "Sekda Kepahiang Hartono bersama …": a title, a region that resolves, then one capitalised word
            # that is no region; only in case sentences' shape (followed by what the person did)
            for m in _TITLE_REGION_NAME.finditer(s.text):
                region, name = m[1], m[2]
                if name in _STOP_CAPS or name in names:
                    continue
                if not isinstance(self.resolver.resolve(region), RegionMatch):
                    continue
                if isinstance(self.resolver.resolve(name), RegionMatch):
                    continue
                names.append(name)
        return names

    def _count(self, group, d: Draft, names: list[str]) -> None:
        for s in group:
            for m in _COUNT.finditer(s.folded):
                word = m[2]
                if re.fullmatch(_VAGUE, word):
                    if word in ("para",):
                        continue
                    d.put("jumlah", None, s.text, "rendah")  # the vague phrase stays as evidence only
                    continue
                n = _to_int(word)
                if n:
                    d.jumlah = n
                    d.put(
                        "jumlah",
                        str(n),
                        s.text,
                        "tinggi" if m[3] in ("asn", "pns", "aparatur sipil negara") else "sedang",
                    )
                    return
            after = _COUNT_AFTER.search(s.folded)
            if after and _to_int(after[2]):
                d.jumlah = _to_int(after[2])
                d.put("jumlah", str(d.jumlah), s.text, "tinggi")
                return
        # "Camat Panai Hilir", "Kepala Bappeda setempat": one office, one person, when nothing says more
        first = group[0]
        if "jumlah" not in d.bukti and _SINGLE_TITLE.search(first.text) and not _PLURAL.search(first.folded):
            d.jumlah = 1
            d.put("jumlah", "1", first.text, "rendah")

    def _position(self, group, d: Draft) -> None:
        for s in group:
            if _SPEECH.search(s.folded):
                continue  # the speaker's title ("kata Sekda X") is not the terlapor's
            m = _jabatan_pattern().search(s.text)
            if m:
                d.put("jabatan", m[1], s.text, "sedang")
                return

    def _agency(self, group, sents, d: Draft) -> None:
        working = [s for s in sents if re.search(r"\b(berdinas|bertugas|bekerja|mengabdi|menjabat)\b", s.folded)]
        pools = [s for s in working + group if not _SPEECH.search(s.folded)]
        for general in (False, True):  # "Dinas X Kota Y" before "Pemkot Y"
            for s in pools:
                for m in _INSTANSI.finditer(s.text):
                    value = m[1].strip(" ,.(")
                    first = value.split()[0]
                    if first in ("Inspektorat",) or len(value.split()) < 2:
                        continue  # the office that handles the case, not the terlapor's
                    if (first in ("Pemerintah", "Pemkab", "Pemkot", "Pemko", "Pemprov")) != general:
                        continue
                    d.put("instansi", value, s.text, "sedang")
                    return

    def _incident_date(self, group, d: Draft, ref: dt.date | None) -> None:
        for s in group:
            for found in find_dates(s.text, ref):
                if found.relatif and _inside_quote(s.text, found.start):
                    continue  # "kemarin" in a quote is relative to when the person spoke, not to publication
                role = _date_role(s.text, found)
                if role != "kejadian":
                    continue
                if ref is not None and found.tanggal > ref:
                    continue
                d.tanggal, d.presisi = found.tanggal, found.presisi
                value = _format_date(found)
                d.put("tanggal_kejadian", value, s.text, "sedang" if found.relatif else "tinggi")
                return

    def _election(self, group, sents, d: Draft, ref: dt.date | None) -> None:
        kind, evidence = None, None
        for pool in (group, [s for s in sents if s.title], sents):
            text = " ".join(s.folded for s in pool)
            pk, pm = _PILKADA.search(text), _PEMILU.search(text)
            if pk and not pm or pk and pool is group:
                kind, evidence = "pilkada", next((s.text for s in pool if _PILKADA.search(s.folded)), None)
            elif pm and not pk:
                kind, evidence = "pemilu", next((s.text for s in pool if _PEMILU.search(s.folded)), None)
            if kind:
                break
        years: list[tuple[int, str]] = []
        other_years: list[tuple[int, str]] = []
        for s in sents:
            for m in _ELECTION_YEAR.finditer(s.folded):
                word = m[1]
                k = (
                    "pilkada"
                    if word == "pilkada"
                    else "pemilu"
                    if word in ("pemilu", "pilpres", "pileg", "pemilihan umum")
                    else None
                )
                if kind is None or k in (None, kind):
                    years.append((int(m[2]), s.text))
                else:
                    other_years.append((int(m[2]), s.text))
        election = None
        date = d.tanggal or ref
        if kind and years:
            year = years[0][0] if len({y for y, _ in years}) == 1 else None
            if year is None and date is not None:
                year = min((y for y, _ in years), key=lambda y: abs(y - date.year))
            election = next((e for e in vocab.elections() if e.jenis == kind and e.pemungutan.year == year), None)
            evidence = evidence or years[0][1]
        elif kind and date is not None:
            election = _next_election(date, kind)
        elif kind and len({y for y, _ in other_years}) == 1:
            # "Pemilu 2024" said loosely of a Bupati race: the year holds, the kind comes from the case
            election = next(
                (e for e in vocab.elections() if e.jenis == kind and e.pemungutan.year == other_years[0][0]), None
            )
        elif years and len({y for y, _ in years}) == 1 and date is not None:
            election = _next_election(date, None)
            evidence = years[0][1]
        elif date is not None:
            election = _next_election(date, None)  # only the date: the coming election, low confidence
            if election is not None:
                d.pemilihan_kode = election.kode
                d.put("pemilihan", election.nama, None, "rendah")
            return
        if election is None:
            return
        d.pemilihan_kode = election.kode
        d.put("pemilihan", election.nama, evidence, "tinggi" if kind and years else "sedang")

    def _outcome(self, group, d: Draft) -> None:
        """Stage (the furthest one the article says has happened), recommendation and sanction."""
        best, best_s = None, None
        labels = vocab.labels("tahap")
        for s in group:
            f = s.folded
            if _CONDITIONAL.search(f) or (_FUTURE.search(f) and not re.search(r"\b(sudah|telah)\b", f)):
                continue
            if _NORMATIVE.search(f) and not _STRONG.search(f):
                continue
            codes = [self.cls["tahap"].classify(s.text)] + [c for c, p in _STAGE_WORDS if p.search(f)]
            for code in codes:
                if code != "dilaporkan" and (best is None or _STAGE_ORDER.index(code) > _STAGE_ORDER.index(best)):
                    best, best_s = code, s.text
        if best:
            d.put("tahap", labels[best], best_s, "sedang")
        for s in group:
            if re.search(r"\b(merekomendasikan|direkomendasikan|rekomendasi)\b", s.folded) and re.search(
                r"\b(kasn|bkn|ppk|pejabat pembina|kemendagri|bupati|wali ?kota|gubernur|sekda)\b", s.folded
            ):
                d.put(
                    "rekomendasi", _clause(s.text, r"rekomendasi|merekomendasikan|direkomendasikan"), s.text, "sedang"
                )
                break
        for s in group:
            if re.search(
                r"\b(dijatuhi|dikenai|dikenakan|disanksi|menjatuhkan|diberi sanksi|mendapat sanksi|dicopot|"
                r"dinonaktifkan|diberhentikan|teguran)\b",
                s.folded,
            ) and not re.search(r"\b(akan|dapat|bisa)\b", s.folded):
                if self.cls["sanksi"].classify(s.text) != "belum_ada":
                    d.put(
                        "sanksi",
                        _clause(
                            s.text,
                            r"dijatuhi|dikenai|dikenakan|disanksi|menjatuhkan|diberi|mendapat|"
                            r"dicopot|dinonaktifkan|diberhentikan|teguran",
                        ),
                        s.text,
                        "sedang",
                    )
                    break


# ------------------------------------------------------------------ helpers


def _contexts(groups: list[list[Sentence]], sents: list[Sentence]) -> list[list[Sentence]]:
    """Each group's sentences plus the ones that follow them up to the next group's (the story goes on:
    "Foto itu diunggah pada..."); sentences before the first case sentence belong to the first group."""
    owner = {id(s): i for i, g in enumerate(groups) for s in g}
    out: list[list[Sentence]] = [[] for _ in groups]
    current = 0
    for s in sents:
        if s.title:
            continue
        current = owner.get(id(s), current)
        out[current].append(s)
    # the group's own sentences first, so its dates and stages win over the surrounding text
    return [list(g) + [s for s in c if id(s) not in {id(x) for x in g}] for g, c in zip(groups, out, strict=True)]


def _code(anchor) -> str:
    m = anchor[0]
    return m.kode_kabupaten_kota or m.kode_provinsi


def _nested(a: str, b: str) -> bool:
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


def _best_local(anchors):
    """The strongest, finest region of one sentence; a province is dropped beside one of its kabupaten/kota."""
    if not anchors:
        return None
    fine = [a for a in anchors if a[0].kode_kabupaten_kota is not None]
    provinces = {a[0].kode_provinsi for a in anchors if a[0].kode_kabupaten_kota is None}
    if fine and provinces <= {a[0].kode_provinsi for a in fine}:
        anchors = fine  # "Bawaslu Kalteng ... di Kabupaten Murung Raya": the kabupaten is the finer answer
    return max(anchors, key=lambda a: (a[1], a[0].kode_kabupaten_kota is not None))


def _best_article(anchors):
    """Across the article: weight per region (a province counts its kabupaten/kota), a tie is no answer."""
    if not anchors:
        return None
    score: dict[str, int] = {}
    first: dict[str, tuple] = {}
    for a in anchors:
        code = _code(a)
        score[code] = score.get(code, 0) + a[1]
        first.setdefault(code, a)
    fine = {c: v for c, v in score.items() if "." in c}
    pool = fine or score
    ranked = sorted(pool.items(), key=lambda kv: -kv[1])
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None  # two regions as strongly named: never guess
    return first[ranked[0][0]]


def _to_int(word: str) -> int | None:
    return int(word) if word.isdigit() else leading_number(word)


def _inside_quote(text: str, pos: int) -> bool:
    before = text[:pos]
    straight = before.count('"') % 2 == 1
    curly = before.count("“") > before.count("”")
    return straight or curly


_INCIDENT_VERB = re.compile(
    r"\b(diunggah|dibuat|terjadi|berlangsung|digelar|diambil|dilakukan|dikirim|beredar|terpasang|kepergok|terekam|"
    r"menghadiri|hadir|berfoto|mengunggah|dibagikan|membagikan|diberikan|mengumpulkan|kejadian|peristiwa|disampaikan)\b"
)
_HANDLING = re.compile(
    r"\b(pemanggilan|dipanggil|memanggil|klarifikasi|rekomendasi|sidang|putusan|dibacakan|penetapan|dijadwalkan|"
    r"teregistrasi|diregistrasi|laporan|dilaporkan|melaporkan|diajukan|diterima|menerima|mencatat|keputusan|sanksi|"
    r"tuntutan|menuntut|rapat penetapan|rapat pleno|ditangani|penanganan)\b"
)


_BECAUSE = re.compile(r"\b(karena|lantaran|sebab|akibat|usai|setelah)\b")


def _date_role(text: str, found: FoundDate) -> str:
    """kejadian, pernyataan (a statement's date) or penanganan (report, summons, ruling), from the words before it."""
    prefix = fold(text[max(0, found.start - 200) : found.start])
    words = prefix.split()
    window = " ".join(words[-20:])
    if _SPEECH.match(fold(text[:40])):
        return "pernyataan"  # the attribution after a quote: ", ujar X di Y, Senin (13/11/2023)"
    closing_quote = max(text.rfind("”", 0, found.start), text.rfind('"', 0, found.start))
    near = " ".join(words[-8:])
    if _SPEECH.search(window) or (
        closing_quote != -1
        and found.start - closing_quote < 90
        and _SPEECH.search(fold(text[closing_quote : found.start]))
    ):
        if not _INCIDENT_VERB.search(" ".join(words[-4:])):
            return "pernyataan"
    # "dipanggil Bawaslu karena diduga mengajak warga ... pada Sabtu (5/10)": after "karena" comes the act
    because = list(_BECAUSE.finditer(prefix))
    if because and not _HANDLING.search(prefix[because[-1].end() :]):
        return "kejadian"
    if _HANDLING.search(near):
        return "penanganan"
    if _INCIDENT_VERB.search(near):
        return "kejadian"
    if _HANDLING.search(prefix) or _HANDLING.search(" ".join(fold(text[found.end : found.end + 80]).split()[:6])):
        return "penanganan"  # "Sepanjang Januari, Bawaslu menerima enam laporan"
    return "kejadian"


def _format_date(found: FoundDate) -> str:
    if found.presisi == "hari":
        return found.tanggal.isoformat()
    if found.presisi == "bulan":
        return f"{vocab.month_names()[found.tanggal.month - 1]} {found.tanggal.year}"
    return str(found.tanggal.year)


def _next_election(date: dt.date, kind: str | None):
    upcoming = [
        e for e in vocab.elections() if (kind is None or e.jenis == kind) and 0 <= (e.pemungutan - date).days <= 550
    ]
    if upcoming:
        return min(upcoming, key=lambda e: e.pemungutan)
    recent = [
        e for e in vocab.elections() if (kind is None or e.jenis == kind) and 0 < (date - e.pemungutan).days <= 60
    ]
    return recent[-1] if recent else None


def _clause(text: str, keyword: str) -> str:
    """The clause around a keyword, short enough for a register cell."""
    m = re.search(rf"\b({keyword})", text, re.IGNORECASE)
    if not m:
        return text[:200]
    start = max(text.rfind(",", 0, m.start()) + 1, 0)
    end_candidates = [i for i in (text.find(",", m.end()), text.find(".", m.end())) if i != -1]
    end = min(end_candidates) if end_candidates else len(text)
    return text[start:end].strip()[:200]
