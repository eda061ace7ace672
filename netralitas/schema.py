"""The one declaration of the published tables.

From this single list come: the validation the ETL runs before swapping a warehouse
in (``etl.warehouse.validate`` compiles these declarations to SQL checks), the DuckDB column types, the column order of every CSV export, the
public/internal split (``pribadi`` columns never reach the public build), the
dashboard's column labels and the data dictionary in ``docs/``. Change a column
here and all of them follow.
"""

from __future__ import annotations

from dataclasses import dataclass

from netralitas import angka_resmi, vocab


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # one of the DUCKDB_TYPES keys: teks, tanggal, bilangan, boolean, waktu, desimal
    label: str  # short Indonesian label for tables and charts
    keterangan: str  # data-dictionary description (Indonesian)
    nullable: bool = True
    pribadi: bool = False  # personal data: internal build only
    kosakata: str | None = None  # name of the controlled vocabulary (``referensi/<name>.yml``)
    nilai: tuple[str, ...] | None = None  # fixed allowed values when not a vocabulary file

    def allowed(self) -> list[str] | None:
        if self.kosakata == "pemilihan":
            return [e.kode for e in vocab.elections()]
        if self.kosakata:
            return vocab.codes(self.kosakata)
        return list(self.nilai) if self.nilai else None


#: Format checks (full-match regular expressions) beyond the vocabularies.
PATTERNS = {
    "kode_provinsi": r"\d{2}",
    "kode_kabupaten_kota": r"\d{2}\.\d{2}",
    "nip": r"\d{18}",
    "id_terlapor": r"NK-[0-9a-f]{12}-\d{2,}",
    # angka_resmi
    "id_angka": r"S\d{3,}",
    "id_kontradiksi": r"K-[0-9a-f]{8}",
    "kode_wilayah": r"\d{2}(\.\d{2})?",
}

DUCKDB_TYPES = {
    "teks": "VARCHAR",
    "tanggal": "DATE",
    "bilangan": "INTEGER",
    "boolean": "BOOLEAN",
    "waktu": "TIMESTAMP",
    "desimal": "DOUBLE",
}

PRESISI_TANGGAL = ("hari", "bulan", "tahun", "tidak_diketahui")

#: Input shapes the readers know (``etl.readers.shape_of``); a file of any other kind is ``tidak_didukung``.
BENTUK_BERKAS = ("csv", "xlsx", "json", "jsonl")
#: ``sumber.bentuk``: the shape, with `` (tidak_terbaca)`` after it when the whole file was unreadable
#: (an unsupported file is always unreadable).
BENTUK_SUMBER = (*BENTUK_BERKAS, *(f"{b} (tidak_terbaca)" for b in (*BENTUK_BERKAS, "tidak_didukung")))
#: ``sumber.status`` (``etl.pipeline.FileResult.status``): ``duplikat`` = every row is a copy of earlier rows.
STATUS_BERKAS = ("ok", "sebagian", "duplikat", "tidak_terbaca")
#: ``etl_run.status``: ``sebagian`` when some file was unreadable.
STATUS_RUN = ("ok", "sebagian")

PELANGGARAN: tuple[Column, ...] = (
    Column(
        "id_kasus",
        "teks",
        "ID kasus",
        "Pengenal kasus yang stabil antar-run (hash isi kasus: wilayah, pemilihan, tanggal, nomor register/uraian).",
        nullable=False,
    ),
    Column(
        "id_terlapor",
        "teks",
        "ID terlapor",
        "Pengenal baris: satu ASN terlapor dalam satu kasus (`id_kasus` + urutan terlapor).",
        nullable=False,
    ),
    Column(
        "pemilihan",
        "teks",
        "Pemilihan",
        "Kode pemilihan dari kalender (`referensi/pemilihan.yml`), dari kolom sumber atau ditebak dari tanggal kejadian.",
        kosakata="pemilihan",
    ),
    Column(
        "kode_provinsi",
        "teks",
        "Kode provinsi",
        "Kode provinsi Kemendagri, dua digit (`19` = Kepulauan Bangka Belitung).",
        nullable=False,
    ),
    Column("nama_provinsi", "teks", "Provinsi", "Nama resmi provinsi.", nullable=False),
    Column(
        "kode_kabupaten_kota",
        "teks",
        "Kode kabupaten/kota",
        "Kode kabupaten/kota Kemendagri (`18.72` = Kota Metro); kosong untuk kasus tingkat provinsi (mis. pegawai Pemprov).",
    ),
    Column(
        "nama_kabupaten_kota",
        "teks",
        "Kabupaten/kota",
        "Nama resmi kabupaten/kota; kosong untuk kasus tingkat provinsi.",
    ),
    Column(
        "tanggal_kejadian",
        "tanggal",
        "Tanggal kejadian",
        "Tanggal kejadian (ISO). Untuk presisi `bulan`/`tahun` berisi hari pertama bulan/tahun itu. "
        "Untuk rentang (`7–9 Oktober 2024`, `7 s.d. 9 Oktober 2024`, `7-9/10/2024`) berisi hari pertamanya; "
        "rentangnya dicatat di `masalah_data`.",
    ),
    Column(
        "presisi_tanggal",
        "teks",
        "Presisi tanggal",
        "Ketelitian `tanggal_kejadian`: hari, bulan, tahun, atau tidak_diketahui.",
        nullable=False,
        nilai=PRESISI_TANGGAL,
    ),
    Column("tanggal_laporan", "tanggal", "Tanggal laporan", "Tanggal laporan/registrasi/temuan (ISO)."),
    Column("tanggal_sanksi", "tanggal", "Tanggal sanksi", "Tanggal sanksi atau putusan, bila diketahui (ISO)."),
    Column(
        "hari_sebelum_pemungutan",
        "bilangan",
        "H- pemungutan",
        "Selisih hari dari tanggal kejadian ke hari pemungutan suara pemilihannya (positif = sebelum pemungutan). Kosong bila tanggal tidak sampai presisi hari.",
    ),
    Column(
        "nama_terlapor",
        "teks",
        "Nama terlapor",
        "Nama ASN terlapor. DATA PRIBADI: hanya di build internal.",
        pribadi=True,
    ),
    Column(
        "nip", "teks", "NIP", "Nomor Induk Pegawai (18 digit). DATA PRIBADI: hanya di build internal.", pribadi=True
    ),
    Column(
        "jabatan",
        "teks",
        "Jabatan",
        "Jabatan terlapor seperti tertulis di sumber (di build publik: nama dan NIP disamarkan).",
    ),
    Column(
        "kategori_jabatan", "teks", "Kategori jabatan", "Kategori jabatan terlapor.", nullable=False, kosakata="jabatan"
    ),
    Column("instansi", "teks", "Instansi", "Instansi/unit kerja terlapor seperti tertulis di sumber."),
    Column(
        "jenis_pelanggaran",
        "teks",
        "Jenis pelanggaran",
        "Jenis pelanggaran menurut taksonomi (`referensi/jenis_pelanggaran.yml`, dari SKB 2022).",
        nullable=False,
        kosakata="jenis_pelanggaran",
    ),
    Column("uraian", "teks", "Uraian", "Teks pelanggaran asli dari sumber (di build publik: nama dan NIP disamarkan)."),
    Column(
        "catatan",
        "teks",
        "Catatan",
        "Catatan pencatat/pemantau tentang kasus (asal tanggal, sumber lain, keraguan), terpisah dari uraian "
        "(di build publik: nama, NIP, akun media sosial, nomor telepon dan e-mail disamarkan).",
    ),
    Column(
        "media", "teks", "Media", "Saluran pelanggaran (media sosial atau luring).", nullable=False, kosakata="media"
    ),
    Column("tahap", "teks", "Tahap", "Tahap penanganan terakhir yang diketahui.", nullable=False, kosakata="tahap"),
    Column(
        "hasil",
        "teks",
        "Hasil",
        "Hasil penanganan: dalam_proses, terbukti, tidak_terbukti.",
        nullable=False,
        kosakata="hasil",
    ),
    Column("rekomendasi", "teks", "Rekomendasi", "Rekomendasi Bawaslu/KASN/BKN seperti tertulis di sumber."),
    Column("sanksi", "teks", "Sanksi", "Sanksi seperti tertulis di sumber."),
    Column(
        "kategori_sanksi",
        "teks",
        "Kategori sanksi",
        "Kategori sanksi (PP 94/2021, PP 42/2004, UU 7/2017 Pasal 494).",
        nullable=False,
        kosakata="sanksi",
    ),
    Column(
        "tindak_lanjut_ppk",
        "teks",
        "Tindak lanjut PPK",
        "Apakah PPK sudah menindaklanjuti (menjatuhkan sanksi) kasus yang terbukti.",
        nullable=False,
        kosakata="tindak_lanjut_ppk",
    ),
    Column("dasar_hukum", "teks", "Dasar hukum", "Dasar hukum yang disebut sumber."),
    Column(
        "sumber",
        "teks",
        "Jenis sumber",
        "Asal kasus: laporan masyarakat, temuan pengawas, media, KASN/BKN, lainnya.",
        nullable=False,
        kosakata="sumber",
    ),
    Column("nomor_register", "teks", "Nomor register", "Nomor register Bawaslu, bila ada."),
    Column("sumber_url", "teks", "URL sumber", "Tautan (http/https) ke berita atau dokumen sumber; hanya tautan."),
    Column(
        "dokumen_sumber",
        "teks",
        "Dokumen sumber",
        "Rujukan dokumen sumber yang bukan tautan (nama berkas, nomor surat), bila ada.",
    ),
    Column(
        "media_sumber", "teks", "Media sumber", "Nama media/penerbit yang memberitakan atau menyimpan kasus, bila ada."
    ),
    Column(
        "artikel",
        "teks",
        "Artikel",
        "Untuk kasus dari masukan berita (`python -m etl berita`): berkas artikel asalnya (relatif terhadap "
        "folder masukan) atau baris berkas .jsonl-nya.",
    ),
    Column(
        "bukti",
        "teks",
        "Bukti",
        "Untuk kasus dari masukan berita: kalimat artikel asal tiap kolom yang terisi. Bisa memuat nama: "
        "DATA PRIBADI, hanya di build internal.",
        pribadi=True,
    ),
    Column(
        "keyakinan",
        "teks",
        "Keyakinan",
        "Untuk kasus dari masukan berita: keyakinan ekstraktor per kolom (`kolom: tinggi/sedang/rendah`).",
    ),
    Column("versi_ekstraktor", "teks", "Versi ekstraktor", "Versi ekstraktor berita yang menyusun rancangan kasus."),
    Column(
        "sumber_berkas",
        "teks",
        "Berkas sumber",
        "Berkas mentah asal baris (relatif terhadap folder data mentah).",
        nullable=False,
    ),
    Column(
        "sumber_baris",
        "bilangan",
        "Baris sumber",
        "Nomor baris yang dilihat orang saat membuka berkas: baris Excel; baris CSV/JSONL (judul = baris 1); urutan objek untuk JSON array.",
        nullable=False,
    ),
    Column(
        "sumber_lain",
        "teks",
        "Sumber lain",
        "Berkas:baris lain yang memuat orang yang sama dalam kejadian yang sama (duplikat yang digabung), "
        "dengan dasarnya: `(NIP sama, nomor register sama)` atau `(nama sama, tanggal dan jenis pelanggaran sama)`; "
        "dipisah `; `. Orang yang sama dalam dua kejadian berbeda tetap dua baris.",
    ),
    Column(
        "masalah_data",
        "teks",
        "Masalah data",
        "Masalah pada tingkat isian (mis. tanggal tak terbaca) yang tetap disimpan bersama baris, dipisah `; `.",
    ),
    Column(
        "data_sintetis",
        "boolean",
        "Data sintetis",
        "TRUE bila baris berasal dari data sintetis (demo/uji beban), bukan kasus nyata.",
        nullable=False,
    ),
)

KARANTINA: tuple[Column, ...] = (
    Column("sumber_berkas", "teks", "Berkas", "Berkas mentah asal baris.", nullable=False),
    Column("sumber_baris", "bilangan", "Baris", "Nomor baris di berkas (0 = seluruh berkas tak terbaca)."),
    Column("lembar", "teks", "Lembar", "Nama sheet untuk XLSX."),
    Column(
        "alasan", "teks", "Alasan", "Mengapa baris tidak dimuat, dengan kandidat bila wilayah ambigu.", nullable=False
    ),
    Column(
        "isi_mentah",
        "teks",
        "Isi mentah",
        "Isi baris seperti terbaca (JSON, dipotong), untuk diperbaiki di sumbernya. Build publik menyamarkan nama/NIP "
        "dan mengosongkan isi blok tanda tangan (nama dan NIP penanda tangan).",
    ),
    Column("data_sintetis", "boolean", "Data sintetis", "Baris dari data sintetis.", nullable=False),
)

SUMBER: tuple[Column, ...] = (
    Column("sumber_berkas", "teks", "Berkas", "Berkas mentah (relatif).", nullable=False),
    Column(
        "bentuk",
        "teks",
        "Bentuk",
        "Bentuk berkas (csv, xlsx, json, jsonl); berkas yang sama sekali tak terbaca diberi ` (tidak_terbaca)`, "
        "berkas berformat lain `tidak_didukung (tidak_terbaca)`.",
        nullable=False,
        nilai=BENTUK_SUMBER,
    ),
    Column("sha256", "teks", "Checksum", "SHA-256 isi berkas."),
    Column("ukuran_byte", "bilangan", "Ukuran (byte)", "Ukuran berkas."),
    Column(
        "baris_masuk",
        "bilangan",
        "Baris masuk",
        "Baris data terbaca yang tidak kosong. Konservasi: baris_masuk = baris_dimuat + baris_karantina + baris_duplikat + baris_tindak_lanjut.",
        nullable=False,
    ),
    Column(
        "baris_dimuat",
        "bilangan",
        "Baris dimuat",
        "Baris kasus yang dimuat (sebelum pemekaran `Jumlah ASN`).",
        nullable=False,
    ),
    Column("baris_karantina", "bilangan", "Baris karantina", "Baris yang dikarantina.", nullable=False),
    Column(
        "baris_duplikat",
        "bilangan",
        "Baris duplikat",
        "Baris yang digabung sebagai duplikat baris lain.",
        nullable=False,
    ),
    Column(
        "baris_tindak_lanjut",
        "bilangan",
        "Baris tindak lanjut",
        "Baris lembar tindak lanjut (XLSX) yang digabung ke baris register dengan nomor register yang sama.",
        nullable=False,
    ),
    Column(
        "baris_dilewati",
        "bilangan",
        "Baris dilewati",
        "Baris kosong (bukan kasus, tidak dihitung sebagai baris masuk).",
        nullable=False,
    ),
    Column(
        "terlapor_dimuat",
        "bilangan",
        "Terlapor dimuat",
        "Baris `pelanggaran` (terlapor) yang berasal dari berkas ini.",
        nullable=False,
    ),
    Column("kolom_tidak_dikenal", "teks", "Kolom tidak dikenal", "Judul kolom yang tidak dikenali, dipisah `; `."),
    Column(
        "status",
        "teks",
        "Status",
        "ok, sebagian (ada karantina), duplikat (semua baris salinan baris berkas lain), atau tidak_terbaca.",
        nullable=False,
        nilai=STATUS_BERKAS,
    ),
    Column("pesan", "teks", "Pesan", "Alasan berkas tidak terbaca, bila ada."),
    Column("data_sintetis", "boolean", "Data sintetis", "Berkas data sintetis.", nullable=False),
)


ETL_RUN: tuple[Column, ...] = (
    Column("id_run", "teks", "ID run", "Pengenal run ETL (waktu mulai + acak).", nullable=False),
    Column("mulai", "waktu", "Mulai", "Waktu run dimulai (waktu lokal server).", nullable=False),
    Column("selesai", "waktu", "Selesai", "Waktu gudang data selesai ditulis.", nullable=False),
    Column("versi_kode", "teks", "Versi kode", "Hash isi kode ETL dan kosakata yang menghasilkan data ini."),
    Column("berkas", "bilangan", "Berkas", "Jumlah berkas yang diperiksa.", nullable=False),
    Column(
        "berkas_tidak_terbaca",
        "bilangan",
        "Berkas tidak terbaca",
        "Berkas yang tidak dapat dibaca sama sekali.",
        nullable=False,
    ),
    Column("baris_masuk", "bilangan", "Baris masuk", "Total baris data masuk.", nullable=False),
    Column("dimuat", "bilangan", "Dimuat", "Total baris sumber yang dimuat.", nullable=False),
    Column("karantina", "bilangan", "Karantina", "Total baris dikarantina.", nullable=False),
    Column("duplikat", "bilangan", "Duplikat", "Total baris yang digabung sebagai duplikat.", nullable=False),
    Column(
        "tindak_lanjut", "bilangan", "Tindak lanjut", "Total baris lembar tindak lanjut yang digabung.", nullable=False
    ),
    Column(
        "terlapor", "bilangan", "Terlapor", "Baris tabel pelanggaran (satu per terlapor per kasus).", nullable=False
    ),
    Column("data_sintetis", "boolean", "Data sintetis", "TRUE bila gudang memuat baris sintetis.", nullable=False),
    Column(
        "status", "teks", "Status", "ok, atau sebagian bila ada berkas tidak terbaca.", nullable=False, nilai=STATUS_RUN
    ),
)

WILAYAH: tuple[Column, ...] = (
    Column("kode", "teks", "Kode", "Kode Kemendagri: `19` (provinsi) atau `18.72` (kabupaten/kota).", nullable=False),
    Column(
        "nama",
        "teks",
        "Nama",
        "Nama resmi (`Kabupaten Kepahiang`, `Kota Metro`, `Kepulauan Bangka Belitung`).",
        nullable=False,
    ),
    Column(
        "tingkat",
        "teks",
        "Tingkat",
        "provinsi, kabupaten, atau kota.",
        nullable=False,
        nilai=("provinsi", "kabupaten", "kota"),
    ),
    Column("kode_provinsi", "teks", "Kode provinsi", "Kode provinsi induk.", nullable=False),
    Column("nama_provinsi", "teks", "Provinsi", "Nama provinsi induk.", nullable=False),
    Column("lat", "desimal", "Lintang", "Lintang titik tengah (dari sumber batas wilayah)."),
    Column("lng", "desimal", "Bujur", "Bujur titik tengah (dari sumber batas wilayah)."),
)


#: Official figures as reported in the press (data/referensi/statistik_resmi.csv), one row per figure.
ANGKA_RESMI: tuple[Column, ...] = (
    Column("id_angka", "teks", "ID angka", "Pengenal angka di berkas referensi (`S001`…).", nullable=False),
    Column(
        "pemilihan",
        "teks",
        "Pemilihan",
        "Kode pemilihan; kosong untuk Pilkada sebelum 2019 atau angka gabungan beberapa tahun (`other` di berkas).",
        kosakata="pemilihan",
    ),
    Column(
        "penerbit",
        "teks",
        "Penerbit",
        "Instansi yang menyampaikan angka (`referensi/angka_resmi.yml`).",
        nullable=False,
        nilai=tuple(angka_resmi.codes("penerbit")),
    ),
    Column("tanggal_data", "tanggal", "Data per", "Tanggal keadaan data yang disebut sumber (ISO), bila disebut."),
    Column("tanggal_terbit", "tanggal", "Disampaikan", "Tanggal berita/pernyataan (ISO), bila diketahui."),
    Column(
        "tingkat_cakupan",
        "teks",
        "Tingkat cakupan",
        "Cakupan angka: nasional, provinsi, kabupaten/kota, kantor regional BKN, atau instansi pusat.",
        nullable=False,
        nilai=tuple(angka_resmi.codes("cakupan")),
    ),
    Column(
        "cakupan", "teks", "Cakupan", "Nama cakupan seperti di sumber (`Nasional`, `Jawa Tengah`…).", nullable=False
    ),
    Column(
        "kode_wilayah",
        "teks",
        "Kode wilayah",
        "Kode Kemendagri cakupan provinsi (`33`) atau kabupaten/kota (`33.03`); kosong untuk cakupan lain.",
    ),
    Column(
        "dimensi",
        "teks",
        "Dimensi",
        "Rincian yang diberikan penerbit (total, tindak lanjut, kategori jabatan…).",
        nullable=False,
        nilai=tuple(angka_resmi.codes("dimensi")),
    ),
    Column("kategori", "teks", "Kategori", "Apa yang dihitung, seperti ditulis pengode dari sumber.", nullable=False),
    Column(
        "ukuran",
        "teks",
        "Ukuran",
        "Jenis angka: langkah alur (dilaporkan, terbukti, direkomendasikan, ditindaklanjuti, disanksi) atau jumlah, persentase, indeks.",
        nullable=False,
        nilai=tuple(angka_resmi.codes("ukuran")),
    ),
    Column("nilai", "desimal", "Nilai", "Angka seperti disampaikan sumber.", nullable=False),
    Column("satuan", "teks", "Satuan", "Satuan angka.", nullable=False, nilai=tuple(angka_resmi.codes("satuan"))),
    Column("label", "teks", "Label", "Label berbahasa Indonesia dari ukuran, dimensi dan kategori.", nullable=False),
    Column("sumber_url", "teks", "URL sumber", "Tautan berita yang memuat angka (http/https).", nullable=False),
    Column("media_sumber", "teks", "Media sumber", "Media yang memberitakan angka.", nullable=False),
    Column(
        "id_kontradiksi",
        "teks",
        "ID kontradiksi",
        "Sama untuk angka yang berbeda nilainya dengan pemilihan, ukuran, kategori dan cakupan yang sama; kosong bila tidak ada angka lain yang berbeda.",
    ),
    Column("sumber_berkas", "teks", "Berkas sumber", "Berkas referensi asal angka.", nullable=False),
    Column(
        "sumber_baris", "bilangan", "Baris sumber", "Nomor baris di berkas referensi (judul = baris 1).", nullable=False
    ),
)


def public_columns(columns: tuple[Column, ...] = PELANGGARAN) -> list[str]:
    """Column names that may appear in any public artefact."""
    return [c.name for c in columns if not c.pribadi]


def column_names(columns: tuple[Column, ...] = PELANGGARAN) -> list[str]:
    return [c.name for c in columns]


def labels(columns: tuple[Column, ...] = PELANGGARAN) -> dict[str, str]:
    return {c.name: c.label for c in columns}


def duckdb_ddl(table: str, columns: tuple[Column, ...], public: bool = False) -> str:
    cols = [c for c in columns if not (public and c.pribadi)]
    body = ",\n  ".join(f"{c.name} {DUCKDB_TYPES[c.dtype]}{'' if c.nullable else ' NOT NULL'}" for c in cols)
    return f"CREATE TABLE {table} (\n  {body}\n)"


def data_dictionary_markdown() -> str:
    """The data dictionary, generated (``python -m etl kamus`` writes it to docs/)."""
    lines = [
        "# Kamus data Pantau Netralitas",
        "",
        "Dibuat otomatis dari `netralitas/schema.py` (deklarasi yang sama yang dipakai ETL untuk validasi).",
        "Jangan disunting tangan: jalankan `python -m etl kamus`.",
        "",
    ]
    tables = (
        ("pelanggaran", PELANGGARAN),
        ("karantina", KARANTINA),
        ("sumber", SUMBER),
        ("etl_run", ETL_RUN),
        ("wilayah", WILAYAH),
        ("angka_resmi", ANGKA_RESMI),
    )
    described = [(title, cols, "") for title, cols in tables] + list(ROLLUP_TABLES)
    for title, cols, about in described:
        if title == ROLLUPS[0].name:
            lines += [
                "## Tabel agregat",
                "",
                "Dihitung ETL dari `pelanggaran` di kedua build (tanpa data pribadi), agar grafik dan KPI tidak "
                "memindai tabel baris. Setiap sel = satu kombinasi kolom pengelompok; ukuran menghitung baris "
                "`pelanggaran` di sel itu. Dasbor membacanya bila filter aktif mengizinkan (tidak untuk pencarian teks).",
                "",
            ]
        lines += [
            f"## Tabel `{title}`",
            "",
            *([about, ""] if about else []),
            "| kolom | tipe | wajib | publik | keterangan | nilai |",
            "|---|---|---|---|---|---|",
        ]
        for c in cols:
            allowed = c.allowed()
            nilai = ", ".join(f"`{v}`" for v in allowed) if allowed else ""
            lines.append(
                f"| `{c.name}` | {c.dtype} | {'ya' if not c.nullable else 'tidak'} | "
                f"{'TIDAK (pribadi)' if c.pribadi else 'ya'} | {c.keterangan} | {nilai} |"
            )
        lines.append("")
    lines += ["## Kode pemilihan", "", "| kode | nama | pemungutan suara |", "|---|---|---|"]
    for e in vocab.elections():
        lines.append(f"| `{e.kode}` | {e.nama} | {e.pemungutan.isoformat()} |")
    lines.append("")
    for name in ("jenis_pelanggaran", "sanksi", "jabatan", "media", "tahap", "sumber"):
        lines += [f"## Kosakata `{name}`", "", "| kode | label |", "|---|---|"]
        lines += [f"| `{t.kode}` | {t.label} |" for t in vocab.taxonomy(name)]
        lines.append("")
    for name in ("penerbit", "ukuran", "dimensi", "satuan", "cakupan"):
        lines += [f"## Kosakata angka resmi `{name}`", "", "| kode | label |", "|---|---|"]
        lines += [f"| `{t.kode}` | {t.label} |" for t in angka_resmi.terms(name)]
        lines.append("")
    return "\n".join(lines)


# ---------------------------------------------------------------------- rollups (agregat_*)
#
# Small tables the ETL derives from ``pelanggaran`` in both builds, so that every chart and KPI of the
# pages is answered without scanning the row-level table (ten million rows and more). A rollup is a
# GROUP BY of ``pelanggaran`` over its dimension columns; every measure counts the rows of its cell
# that meet a condition. The dashboard (``dashboard/queries.py``) reads them when the active filters
# allow it and falls back to ``pelanggaran`` otherwise (free-text search); a test holds every chart's
# numbers from the rollups equal to the row-level query.

#: The reference date of a case for period filters and trends: incident date, else report date
#: (the same expression as ``dashboard.filters.TANGGAL_ACUAN``).
TANGGAL_ACUAN = "coalesce(tanggal_kejadian, tanggal_laporan)"

#: Bands of days before voting day, earliest first: (label, fewest days before voting day in the band).
H_MINUS_BANDS: tuple[tuple[str, int], ...] = (
    ("H-91 atau lebih awal", 91),
    ("H-90 s.d. H-61", 61),
    ("H-60 s.d. H-31", 31),
    ("H-30 s.d. H-8", 8),
    ("H-7 s.d. hari H", 0),
)
AFTER_VOTING_DAY = "Sesudah hari H"
#: Every band label in time order, as the charts show them.
H_MINUS_LABELS: tuple[str, ...] = (*(label for label, _ in H_MINUS_BANDS), AFTER_VOTING_DAY)


def _sql_list(values) -> str:
    return "[" + ", ".join("'" + str(v).replace("'", "''") + "'" for v in values) + "]"


@dataclass(frozen=True)
class Rollup:
    """One rollup table: ``dims`` (columns that group) and ``measures`` (counts), each with the SQL
    over ``pelanggaran`` that defines it: a dimension's value, a measure's condition (the rows it
    counts). ``where`` keeps only some rows of ``pelanggaran``."""

    name: str
    keterangan: str
    dims: tuple[Column, ...]
    measures: tuple[Column, ...]
    where: str | None = None

    @property
    def columns(self) -> tuple[Column, ...]:
        return (*self.dims, *self.measures)

    def has(self, name: str) -> bool:
        return any(c.name == name for c in self.dims)


_P = {c.name: c for c in PELANGGARAN}
#: The columns the sidebar filters test (``dashboard/filters.py``), in every rollup; names kept with their codes.
ROLLUP_FILTER_DIMS = tuple(
    _P[n]
    for n in (
        "pemilihan",
        "kode_provinsi",
        "kode_kabupaten_kota",
        "jenis_pelanggaran",
        "hasil",
        "kategori_sanksi",
    )
)
BULAN = Column(
    "bulan",
    "tanggal",
    "Bulan",
    "Bulan tanggal acuan (tanggal kejadian, atau tanggal laporan bila kejadian tidak diketahui) sebagai hari "
    "pertamanya; kosong bila keduanya tidak diketahui.",
)
TANGGAL_ACUAN_COLUMN = Column(
    "tanggal_acuan",
    "tanggal",
    "Tanggal acuan",
    "Tanggal kejadian, atau tanggal laporan bila kejadian tidak diketahui (yang diuji filter periode).",
)
MINGGU_H = Column(
    "minggu_h",
    "bilangan",
    "Minggu sebelum hari H",
    "Minggu sebelum hari pemungutan suara: 0 = tujuh hari sampai hari H, negatif = sesudahnya "
    "(`floor(hari_sebelum_pemungutan / 7)`).",
    nullable=False,
)
RENTANG_H = Column(
    "rentang_h",
    "teks",
    "Rentang hari sebelum hari H",
    "Rentang hari sebelum pemungutan suara, seperti di grafik pergeseran jenis pelanggaran.",
    nullable=False,
    nilai=H_MINUS_LABELS,
)
HARI_SANKSI = Column(
    "hari_sanksi",
    "bilangan",
    "Hari sampai sanksi",
    "Hari dari tanggal laporan sampai tanggal sanksi (hanya baris yang punya keduanya, sanksi tidak sebelum laporan).",
    nullable=False,
)


def _measure(name: str, label: str, what: str) -> Column:
    return Column(name, "bilangan", label, f"Jumlah ASN terlapor (baris `pelanggaran`) di sel ini {what}.", False)


TERLAPOR = _measure("terlapor", "ASN terlapor", "(semua baris sel)")
ROLLUP_MEASURE_SQL = {
    "terlapor": "true",
    "ditindaklanjuti": "tindak_lanjut_ppk = 'sudah'",
    "rekomendasi": f"list_contains({_sql_list(vocab.stages_reached('rekomendasi'))}, tahap)",
    "tanpa_h": "hari_sebelum_pemungutan IS NULL",
    "tanpa_tanggal_kejadian": "tanggal_kejadian IS NULL",
    "tanggal_kasar": "presisi_tanggal IN ('bulan', 'tahun')",
}
ROLLUP_DIM_SQL = {
    "bulan": f"date_trunc('month', {TANGGAL_ACUAN})::DATE",
    "tanggal_acuan": TANGGAL_ACUAN,
    "minggu_h": "floor(hari_sebelum_pemungutan / 7)::INTEGER",
    "rentang_h": "CASE "
    + " ".join(f"WHEN hari_sebelum_pemungutan >= {int(low)} THEN '{label}'" for label, low in H_MINUS_BANDS)
    + f" ELSE '{AFTER_VOTING_DAY}' END",
    "hari_sanksi": "(tanggal_sanksi - tanggal_laporan)::INTEGER",
}
_NAMES = (_P["nama_provinsi"], _P["nama_kabupaten_kota"])
_WILAYAH_MEASURES = (
    TERLAPOR,
    _measure("ditindaklanjuti", "Ditindaklanjuti PPK", "yang sudah ditindaklanjuti PPK"),
    _measure("rekomendasi", "Sampai rekomendasi", "yang tahapnya sudah sampai rekomendasi atau sesudahnya"),
    _measure("tanpa_h", "Tanpa H-", "yang hari sebelum pemungutannya tidak diketahui"),
    _measure("tanpa_tanggal_kejadian", "Tanpa tanggal kejadian", "tanpa tanggal kejadian"),
    _measure("tanggal_kasar", "Tanggal kasar", "yang tanggalnya hanya diketahui bulan atau tahunnya"),
    Column(
        "kasus_utuh",
        "bilangan",
        "Kasus utuh",
        "Kasus (`id_kasus` berbeda) yang semua barisnya jatuh di satu sel (pemilihan, wilayah, tanggal acuan, jenis, "
        "hasil, kategori sanksi); kasus yang terbagi ke beberapa sel ada di `agregat_kasus_terbagi`.",
        nullable=False,
    ),
)
_JABATAN = (_P["media"], _P["kategori_jabatan"])
_HARI_SANKSI_WHERE = "tanggal_sanksi IS NOT NULL AND tanggal_laporan IS NOT NULL AND tanggal_sanksi >= tanggal_laporan"

ROLLUPS: tuple[Rollup, ...] = (
    Rollup(
        "agregat_wilayah",
        "ASN terlapor per pemilihan, wilayah, jenis pelanggaran, hasil dan kategori sanksi (tanpa tanggal): "
        "KPI, alur sanksi, peta dan rincian tanpa filter periode.",
        (*ROLLUP_FILTER_DIMS, *_NAMES),
        _WILAYAH_MEASURES,
    ),
    Rollup(
        "agregat_wilayah_bulan",
        "Seperti `agregat_wilayah`, per bulan tanggal acuan: yang sama dengan filter periode, dan tren bulanan.",
        (*ROLLUP_FILTER_DIMS, *_NAMES, BULAN),
        _WILAYAH_MEASURES,
    ),
    Rollup(
        "agregat_jabatan",
        "ASN terlapor per sel filter, media dan kategori jabatan (tanpa tanggal).",
        (*ROLLUP_FILTER_DIMS, *_JABATAN),
        (TERLAPOR,),
    ),
    Rollup(
        "agregat_jabatan_bulan",
        "Seperti `agregat_jabatan`, per bulan tanggal acuan.",
        (*ROLLUP_FILTER_DIMS, *_JABATAN, BULAN),
        (TERLAPOR,),
    ),
    Rollup(
        "agregat_hari_h",
        "ASN terlapor yang hari sebelum pemungutannya diketahui, per sel filter, bulan, minggu dan rentang H-.",
        (*ROLLUP_FILTER_DIMS, BULAN, MINGGU_H, RENTANG_H),
        (TERLAPOR,),
        where="hari_sebelum_pemungutan IS NOT NULL",
    ),
    Rollup(
        "agregat_hari_sanksi",
        "ASN terlapor yang punya tanggal laporan dan tanggal sanksi, per sel filter, bulan dan hari sampai sanksi "
        "(median dan sebaran waktu sampai sanksi).",
        (*ROLLUP_FILTER_DIMS, BULAN, HARI_SANKSI),
        (TERLAPOR,),
        where=_HARI_SANKSI_WHERE,
    ),
)
ROLLUP_BY_NAME = {r.name: r for r in ROLLUPS}
#: Cases whose rows fall in more than one cell (a count of distinct cases cannot be summed over cells).
KASUS_TERBAGI: tuple[Column, ...] = (
    _P["id_kasus"],
    *ROLLUP_FILTER_DIMS,
    TANGGAL_ACUAN_COLUMN,
)
#: Every rollup table with its columns, in the order the data dictionary lists them.
ROLLUP_TABLES: tuple[tuple[str, tuple[Column, ...], str], ...] = (
    *((r.name, r.columns, r.keterangan) for r in ROLLUPS),
    (
        "agregat_kasus_terbagi",
        KASUS_TERBAGI,
        "Kasus yang barisnya jatuh di lebih dari satu sel (pemilihan, wilayah, tanggal acuan, jenis, hasil, "
        "kategori sanksi), satu baris per kasus dan sel: untuk menghitung kasus berbeda dari agregat.",
    ),
)
