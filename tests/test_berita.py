"""News intake (``python -m etl berita``): articles in, a draft media register out, read by the real ETL."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, run_etl_cli
from tests.etl_helpers import query

SEEDS = REPO.parent / "shared" / "seeds"


def berita(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "etl", "berita", *args], cwd=REPO, capture_output=True, text=True, timeout=300
    )


def rows_of(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def extractor():
    from etl.berita.perintah import make_extractor

    return make_extractor()


def draft(extractor, text: str, **meta):
    from etl.berita.masukan import from_clipping

    header = "".join(f"{k.capitalize()}: {v}\n" for k, v in meta.items())
    return extractor.extract(from_clipping(header + "\n" + text, "artikel.txt"))


def test_the_five_seed_articles_give_the_regions_of_the_hand_made_files(tmp_path):
    out = tmp_path / "seeds.csv"
    done = berita(str(SEEDS), "--out", str(out))
    assert done.returncode == 0, done.stderr
    rows = {r["Artikel"]: r for r in rows_of(out)}
    assert len(rows) == 5
    got = {name[:3]: (r["Provinsi"], r["Kabupaten/Kota"], r["Jumlah ASN"], r["Pemilihan"]) for name, r in rows.items()}
    assert got["000"] == ("Lampung", "Kota Metro", "1", "Pilkada 2024")
    assert got["001"] == ("Bengkulu", "Kabupaten Kepahiang", "", "Pilkada 2024")  # "beberapa ASN": vague
    assert got["002"] == ("Kepulauan Bangka Belitung", "", "1", "Pemilu 2024")  # Pemprov; dateline BANGKA ignored
    assert got["003"][:3] == ("Jawa Timur", "Kota Batu", "9")
    assert got["004"][:2] == ("Kalimantan Timur", "Kota Balikpapan")
    # the statement dates in the seeds (24/9/2024, 13/11/2023, 10/11/2022) are never the incident date
    assert all(r["Tanggal Kejadian"] == "" for r in rows.values())
    assert all(r["Versi Ekstraktor"].startswith("berita-") and r["Bukti"] for r in rows.values())
    # the names the hand-made files hold (internal build only) are found too: "bernama X", "Sekda <region> X"
    hand = REPO / "data" / "raw" / "kepahiang" / "rekap_dugaan_pelanggaran_kepahiang.csv"
    with open(hand, encoding="cp1252", newline="") as fh:
        kepahiang_name = next(csv.DictReader(fh, delimiter=";"))["Nama"]
    assert rows["001_8fecaa8c104c6215.txt"]["Nama Terlapor"] == kepahiang_name
    assert rows["000_4780579c5e2da6b8.txt"]["Nama Terlapor"]
    assert "Artikel dibaca: 5; kasus dirancang: 5" in done.stdout


def test_the_draft_register_loads_through_the_etl_and_names_stay_internal(tmp_path):
    articles = tmp_path / "artikel"
    articles.mkdir()
    (articles / "garut.txt").write_text(
        "Judul: ASN Garut Dilaporkan\nURL: https://contoh.id/berita/1\nMedia: Priangan Kini\nTerbit: 10 Oktober 2024\n\n"
        "BANDUNG – Seorang ASN Pemkab Garut bernama Sutrisno Wibowo diduga mengunggah dukungan kepada calon bupati "
        "di Facebook pada Senin (7/10/2024). Bawaslu Kabupaten Garut sudah memanggil yang bersangkutan untuk "
        "klarifikasi, kata anggota Bawaslu Garut, Rabu (9/10/2024).\n",
        encoding="utf-8",
    )
    raw = tmp_path / "raw"
    done = berita(str(articles), "--out", str(raw / "berita" / "rancangan.csv"))
    assert done.returncode == 0, done.stderr
    wh = tmp_path / "wh"
    etl = run_etl_cli(raw, wh)
    assert etl.returncode == 0, etl.stderr
    row = query(
        wh,
        "SELECT kode_kabupaten_kota, nama_terlapor, tanggal_kejadian::VARCHAR, presisi_tanggal, pemilihan, tahap, "
        "sumber_url, media_sumber, tanggal_laporan::VARCHAR, sumber FROM pelanggaran",
    )
    assert row == [
        (
            "32.05",
            "Sutrisno Wibowo",
            "2024-10-07",
            "hari",
            "pilkada_2024",
            "klarifikasi",
            "https://contoh.id/berita/1",
            "Priangan Kini",
            "2024-10-10",
            "media",
        )
    ]
    # every drafted column is a known header (Artikel, Bukti, Keyakinan, Versi Ekstraktor, Tanggal Terbit included)
    assert query(wh, "SELECT kolom_tidak_dikenal FROM sumber") == [(None,)]
    public_text = " ".join(str(v) for r in query(wh, "SELECT * FROM pelanggaran", public=True) for v in r)
    assert "Sutrisno" not in public_text and "Wibowo" not in public_text


def test_evidence_never_reaches_the_public_quarantine(tmp_path):
    raw = tmp_path / "raw"
    articles = tmp_path / "a"
    articles.mkdir()
    # a bare name shared by a kabupaten and a kota: the region stays empty, the row goes to quarantine
    (articles / "bekasi.txt").write_text(
        "Terbit: 21 Oktober 2024\n\nCIKARANG – Seorang guru berinisial Wahyudiono di Bekasi diduga berfoto dengan "
        "calon wali kota sambil mengacungkan dua jari pada Sabtu (19/10/2024).\n",
        encoding="utf-8",
    )
    assert berita(str(articles), "--out", str(raw / "b.csv")).returncode == 0
    rows = rows_of(raw / "b.csv")
    assert rows[0]["Kabupaten/Kota"] == "" and rows[0]["Provinsi"] == ""  # never guessed
    assert "Wahyudiono" in rows[0]["Bukti"]
    wh = tmp_path / "wh"
    assert run_etl_cli(raw, wh).returncode == 0
    assert query(wh, "SELECT count(*) FROM karantina WHERE alasan LIKE '%wilayah%'") == [(1,)]
    public = " ".join(str(v) for r in query(wh, "SELECT * FROM karantina", public=True) for v in r)
    assert "Wahyudiono" not in public


def test_hostile_inputs_are_listed_with_their_reasons_and_exit_2(tmp_path):
    inp = tmp_path / "masuk"
    inp.mkdir()
    (inp / "kosong.txt").write_bytes(b"")
    (inp / "biner.txt").write_bytes(bytes(range(256)) * 40)
    (inp / "besar.txt").write_text("ASN kampanye Pilkada. " * 500_000, encoding="utf-8")  # ~11 MB
    (inp / "skrip.html").write_text(
        "<html><head><script>" + "var a=1;" * 5000 + "</script></head><body><script>document.write('ASN "
        "Pemkab Garut diduga kampanye')</script><nav>Beranda</nav></body></html>",
        encoding="utf-8",
    )
    (inp / "inggris.txt").write_text(
        "JAKARTA - A civil servant in the Garut regency government was reported to the election supervisory body "
        "for allegedly campaigning for a candidate, and the official said the case was being investigated.",
        encoding="utf-8",
    )
    (inp / "lain.txt").write_text(
        "PEKANBARU – Harga cabai merah di Pasar Pagi Arengka naik menjadi Rp80 ribu per kilogram pada Senin. "
        "Pedagang mengatakan pasokan dari Sumatera Barat berkurang karena hujan deras sejak pekan lalu.",
        encoding="utf-8",
    )
    done = berita(str(inp), "--out", str(tmp_path / "o.csv"), "--json")
    assert done.returncode == 2, done.stderr
    report = json.loads(done.stdout)
    reasons = {x["artikel"]: x["alasan"] for x in report["artikel_tanpa_kasus"] + report["tidak_terbaca"]}
    assert reasons == {
        "kosong.txt": "kosong: tidak ada teks artikel",
        "biner.txt": "berkas biner, bukan teks",
        "besar.txt": reasons["besar.txt"],
        "skrip.html": "kosong: tidak ada teks artikel",  # script text is never read as the article
        "inggris.txt": "bukan bahasa Indonesia",
        "lain.txt": "bukan tentang netralitas ASN",
    }
    assert reasons["besar.txt"].startswith("terlalu besar")
    assert report["kasus_dirancang"] == 0 and rows_of(tmp_path / "o.csv") == []
    assert berita(str(tmp_path / "tidak-ada"), "--out", str(tmp_path / "x.csv")).returncode == 1
    assert berita(str(inp / "lain.txt"), "--out", str(tmp_path / "y.csv")).returncode == 0


def test_the_dateline_city_and_a_rival_region_are_not_the_case_region(extractor):
    result = draft(
        extractor,
        "BANDUNG – Dua ASN Pemkab Garut diduga hadir dalam deklarasi calon bupati pada Minggu (6/10/2024). "
        "Calon itu sebelumnya juga berkampanye di Kota Tasikmalaya.",
        terbit="8 Oktober 2024",
    )
    (d,) = result.drafts
    assert (d.kode_wilayah, d.jumlah) == ("32.05", 2)


def test_relative_dates_are_resolved_against_the_publication_date_with_their_precision(extractor):
    def date_of(text: str, terbit: str = "Kamis, 10 Oktober 2024"):
        (d,) = draft(extractor, "GARUT – " + text, terbit=terbit).drafts
        return (d.tanggal.isoformat() if d.tanggal else None, d.presisi)

    assert date_of("Seorang ASN Pemkab Garut kepergok memasang spanduk calon bupati kemarin.") == ("2024-10-09", "hari")
    assert date_of("Seorang ASN Pemkab Garut diduga berfoto dengan calon bupati pada Selasa (24/9).") == (
        "2024-09-24",
        "hari",
    )
    assert date_of("Seorang ASN Pemkab Garut diduga menghadiri kampanye calon bupati pada awal Oktober.") == (
        "2024-10-01",
        "bulan",
    )
    # a year-end article: "(24/12)" published in January is last year's December
    assert date_of("Seorang ASN Pemkab Garut diduga berfoto dengan caleg pada Selasa (24/12).", "3 Januari 2024") == (
        "2023-12-24",
        "hari",
    )
    # only the statement's date and the publication date: the incident date stays empty
    assert date_of(
        '"Seorang ASN Pemkab Garut sudah kami klarifikasi karena diduga berfoto dengan calon bupati," '
        "kata Ketua Bawaslu Garut, Rabu (9/10/2024)."
    ) == (None, None)


def test_counts_in_words_and_digits_and_vague_counts_stay_empty(extractor):
    def count(text: str):
        (d,) = draft(
            extractor, "GARUT – " + text + " Bawaslu Garut sudah memanggil mereka.", terbit="10/10/2024"
        ).drafts
        return d.jumlah, d.bukti.get("jumlah", "")

    assert count("Sembilan ASN Pemkab Garut diduga berfoto dengan calon bupati.")[0] == 9
    assert count("Sebanyak 12 orang PNS Pemkab Garut diduga hadir di deklarasi calon bupati.")[0] == 12
    assert count("Seorang lurah di Pemkab Garut diduga mengunggah dukungan kepada calon bupati.")[0] == 1
    assert count("Dua belas ASN Pemkab Garut diduga ikut kampanye calon bupati.")[0] == 12
    vague, evidence = count("Puluhan ASN Pemkab Garut diduga ikut kampanye calon bupati.")
    assert vague is None and "Puluhan ASN" in evidence


def test_a_round_up_gives_one_draft_per_region(extractor):
    result = draft(
        extractor,
        "BANDUNG – Bawaslu Jawa Barat mencatat 40 dugaan pelanggaran netralitas ASN selama Pilkada 2024. "
        "Di Kabupaten Garut, tiga ASN diduga hadir di deklarasi calon bupati. "
        "Sementara di Kota Bekasi, seorang lurah diklarifikasi karena berfoto dengan calon wali kota.",
        terbit="10 Oktober 2024",
    )
    assert sorted((d.kode_wilayah, d.jumlah) for d in result.drafts) == [("32.05", 3), ("32.75", 1)]


def test_html_pages_give_main_text_and_metadata_never_scripts_or_related_lists(tmp_path):
    page = tmp_path / "halaman.html"
    page.write_text(
        """<html><head><title>Situs</title>
        <meta property="og:title" content="ASN Garut Diduga Kampanye">
        <meta property="og:site_name" content="Priangan Kini">
        <meta property="article:published_time" content="2024-10-10T08:00:00+07:00">
        <link rel="canonical" href="https://contoh.id/garut-asn">
        <script>var teks = "ASN Pemkot Bekasi diduga kampanye";</script></head>
        <body><nav><a>Beranda</a><a>Politik</a></nav>
        <article><p>GARUT – Seorang ASN Pemkab Garut diduga mengunggah dukungan kepada calon bupati di Facebook
        pada Senin (7/10/2024), dan Bawaslu Garut sudah memanggilnya.</p></article>
        <div class="baca-juga"><p>Baca juga: Lima ASN Pemkot Depok diduga hadir di kampanye calon wali kota pekan lalu.</p></div>
        <div class="komentar"><p>Komentar: ASN Kota Bogor juga ikut kampanye kemarin, tolong diperiksa semuanya ya.</p></div>
        </body></html>""",
        encoding="utf-8",
    )
    out = tmp_path / "o.csv"
    assert berita(str(page), "--out", str(out)).returncode == 0
    (row,) = rows_of(out)
    assert (row["Kabupaten/Kota"], row["URL"], row["Media Massa"], row["Tanggal Terbit"]) == (
        "Kabupaten Garut",
        "https://contoh.id/garut-asn",
        "Priangan Kini",
        "2024-10-10",
    )
    assert "Depok" not in row["Uraian"] + row["Bukti"] and "Bogor" not in row["Uraian"] + row["Bukti"]


def test_jsonl_articles_are_referred_to_by_their_line(tmp_path):
    src = tmp_path / "arsip.jsonl"
    line = {
        "url": "https://contoh.id/2",
        "judul": "Camat di Garut Dipanggil",
        "media": "Priangan Kini",
        "terbit": "2024-10-10",
        "teks": "GARUT – Seorang camat di Pemkab Garut dipanggil Bawaslu karena diduga mengajak warga memilih "
        "calon bupati pada Sabtu (5/10/2024).",
    }
    src.write_text("\n" + json.dumps(line) + "\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    assert berita(str(src), "--out", str(out)).returncode == 0
    (row,) = rows_of(out)
    assert (row["Artikel"], row["Kabupaten/Kota"], row["Tanggal Kejadian"]) == (
        "arsip.jsonl#2",
        "Kabupaten Garut",
        "2024-10-05",
    )


def test_accuracy_on_the_evaluation_set_meets_the_targets(extractor):
    """A regression guard: the figures in the README come from `python -m bench.berita`."""
    from bench.berita import evaluate, load_items

    score = evaluate(load_items(with_seeds=os.path.isdir(SEEDS), held_out=None), extractor)
    n = score.cases
    assert n >= 60
    assert score.right["wilayah"] / n >= 0.85 and score.wrong["wilayah"] / n <= 0.03
    assert score.right["jumlah"] / n >= 0.85
    assert score.right["pemilihan"] / n >= 0.90
    assert score.right["tanggal"] / n >= 0.70 and score.publication_as_incident == 0
    assert score.right["jenis"] / n >= 0.70
    assert score.right["tahap"] / n >= 0.70 and score.right["sanksi"] / n >= 0.70


def test_a_kecamatan_names_its_kabupaten_and_an_ambiguous_short_name_stays_empty(extractor):
    (d,) = draft(
        extractor,
        "SOLO – Seorang PNS di Kecamatan Tawangsari diduga memasang status WhatsApp dukungan kepada calon bupati.",
        terbit="1 Oktober 2020",
    ).drafts
    assert d.kode_wilayah == "33.11"  # Tawangsari: one kecamatan in the country, in Kabupaten Sukoharjo
    (d,) = draft(
        extractor,
        "SOLO – Seorang PNS di Jogja diduga memasang status WhatsApp dukungan kepada calon wali kota.",
        terbit="1 Oktober 2020",
    ).drafts
    assert d.kode_wilayah is None and "wilayah" not in d.values  # the province or the city: not guessed


def test_the_reviewed_register_appends_whole_rows_and_rejections_stay_out_of_the_data(tmp_path):
    from dashboard import masukan

    raw = tmp_path / "raw"
    row = {"Provinsi": "Jawa Barat", "Kabupaten/Kota": "Kabupaten Garut", "Uraian": 'ASN "diduga", berfoto\nlagi'}
    masukan.append_reviewed(row, "staf.a", raw)
    masukan.append_reviewed(row | {"Kabupaten/Kota": "Kota Bekasi"}, "staf.b", raw)
    rows = rows_of(raw / "berita_ditinjau" / "berita_ditinjau.csv")
    assert [(r["Kabupaten/Kota"], r["Ditinjau Oleh"]) for r in rows] == [
        ("Kabupaten Garut", "staf.a"),
        ("Kota Bekasi", "staf.b"),
    ]
    assert rows[0]["Uraian"] == row["Uraian"] and rows[0]["Ditinjau Pada"]
    masukan.append_rejected(row, "bukan kasus ASN", "staf.c", raw)
    rejected = (raw / "berita_ditinjau" / ".ditolak.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(rejected[0])["alasan"] == "bukan kasus ASN"
    wh = tmp_path / "wh"
    assert run_etl_cli(raw, wh).returncode == 0
    # the hidden rejection log is not data; the two accepted rows are
    assert query(wh, "SELECT count(*) FROM pelanggaran") == [(2,)]
    assert query(wh, "SELECT kolom_tidak_dikenal FROM sumber") == [(None,)]


def test_one_rebuild_at_a_time_and_article_text_is_never_markup(tmp_path):
    from dashboard import masukan

    with masukan._locked(tmp_path / "wh" / ".bangun-ulang"):
        code, message = masukan.rebuild(tmp_path / "raw", tmp_path / "wh")
    assert code == -1 and "sedang berjalan" in message
    shown = masukan.highlighted("<script>alert(1)</script> **tebal** [tautan](http://x) :red[merah]", [])
    assert "<script>" not in shown and "**" not in shown and "](" not in shown and ":red[" not in shown


def test_html_metadata_from_json_ld_when_the_page_has_no_meta_tags(tmp_path):
    page = tmp_path / "ld.html"
    page.write_text(
        '<html><head><script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": '
        '"NewsArticle", "headline": "ASN Garut Diduga Kampanye", "datePublished": "2024-10-10T08:00:00+07:00", '
        '"mainEntityOfPage": {"@id": "https://contoh.id/ld"}, "publisher": {"@type": "Organization", "name": '
        '"Priangan Kini"}}]}</script></head><body><div class="konten"><p>GARUT – Seorang ASN Pemkab Garut diduga '
        "mengunggah dukungan kepada calon bupati di Facebook pada Senin (7/10/2024).</p></div></body></html>",
        encoding="utf-8",
    )
    out = tmp_path / "o.csv"
    assert berita(str(page), "--out", str(out)).returncode == 0
    (row,) = rows_of(out)
    assert (row["URL"], row["Media Massa"], row["Tanggal Terbit"], row["Tanggal Kejadian"]) == (
        "https://contoh.id/ld",
        "Priangan Kini",
        "2024-10-10",
        "2024-10-07",
    )
