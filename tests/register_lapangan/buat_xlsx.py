"""Writes the two XLSX registers of this corpus (run it after editing; the files are committed).

``python -m tests.register_lapangan.buat_xlsx``. Fictional people; real regions. openpyxl writes
merged cells and title rows the way office spreadsheets have them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent


def register_kediri(path: Path) -> None:
    """A regency register: title block, two-row header with merged group cells, a follow-up in the
    same sheet, a subtotal, a notes row merged across the table and a signature block."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Register"
    ws["A1"] = "REGISTER PENANGANAN DUGAAN PELANGGARAN NETRALITAS ASN"
    ws["A2"] = "BAWASLU KABUPATEN KEDIRI"
    ws["A3"] = "PEMILIHAN SERENTAK TAHUN 2024"
    for cell in ("A1:I1", "A2:I2", "A3:I3"):
        ws.merge_cells(cell)
    ws.append([])
    ws.append(["No", "Nomor Register", "Terlapor", None, None, "Kejadian", None, "Status Penanganan", "Tindak Lanjut"])
    ws.append([None, None, "Nama", "NIP", "Jabatan", "Tanggal", "Uraian", None, "Sanksi"])
    ws.merge_cells("C5:E5")
    ws.merge_cells("F5:G5")
    ws.merge_cells("A5:A6")
    ws.merge_cells("B5:B6")
    ws.merge_cells("H5:H6")
    rows = [
        [
            1,
            "001/LP/PB/Kab/16.01/IX/2024",
            "Bambang Sutrisno, S.Pd.",
            "198203152006041003",
            "Guru SDN Pare 3",
            dt.datetime(2024, 9, 12),
            "Menyukai dan membagikan unggahan calon bupati di Facebook",
            "Terbukti",
            "Pernyataan secara terbuka",
        ],
        [
            2,
            "004/TM/PB/Kab/16.01/X/2024",
            "Bambang Sutrisno, S.Pd.",
            "19820315 200604 1 003",
            "Guru SDN Pare 3",
            "7–9 Oktober 2024",
            "Menghadiri deklarasi pasangan calon bupati di Kecamatan Pare",
            "Klarifikasi",
            None,
        ],
        [
            3,
            "005/LP/PB/Kab/16.01/X/2024",
            "Sri Wahyuni, Agus Salim",
            None,
            "Lurah; Sekretaris Lurah",
            "15/10/2024",
            "Berfoto bersama calon bupati dengan pose jari dua",
            "Kajian",
            None,
        ],
        [
            4,
            "006/LP/PB/Kab/16.01/X/2024",
            "Dewi Lestari, S.Pd., M.Pd.",
            "198807222010012004",
            "Kepala SMPN 2 Kandangan",
            "21-23/10/2024",
            "Mengunggah foto kampanye calon bupati di Instagram",
            "Selesai",
            "Pernyataan secara tertutup",
        ],
    ]
    for row in rows:
        ws.append(row)
    ws.append(["JUMLAH TERLAPOR", None, 5])
    ws.append([])
    ws.append(["Keterangan: LP = laporan masyarakat; TM = temuan pengawas; data per 31 Oktober 2024"])
    ws.merge_cells(f"A{ws.max_row}:I{ws.max_row}")
    ws.append([])
    ws.append([None] * 7 + ["Kediri, 31 Oktober 2024"])
    ws.append([None] * 7 + ["Mengetahui,"])
    ws.append([None] * 7 + ["Ketua Bawaslu Kabupaten Kediri"])
    ws.append([])
    ws.append([None] * 7 + ["Drs. Hartono Wibisono"])
    ws.append([None] * 7 + ["NIP. 197001011995031001"])
    wb.save(path)


def rekap_kasn(path: Path) -> None:
    """A KASN recommendation recap: no region column (the agency names it), sanctions in the
    regulations' own words, a subtotal with more words and a signature block."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Rekap Rekomendasi"
    ws["A1"] = "REKAPITULASI REKOMENDASI PELANGGARAN NETRALITAS ASN"
    ws["A2"] = "Periode Oktober 2024"
    ws.append([])
    ws.append(
        [
            "No",
            "Nomor Rekomendasi",
            "Nama",
            "NIP",
            "Jabatan",
            "Instansi",
            "Jenis Pelanggaran",
            "Rekomendasi KASN",
            "Tindak Lanjut PPK",
            "Tanggal Kejadian",
        ]
    )
    rows = [
        [
            1,
            "R-1021/KASN/10/2024",
            "Yulianto Prasetyo",
            "197905112003121002",
            "Camat",
            "Pemerintah Kabupaten Bogor",
            "Menghadiri kampanye pasangan calon",
            "Hukuman disiplin sedang",
            "Pemotongan tunjangan kinerja sebesar 25% selama 6 bulan",
            "2024-09-30",
        ],
        [
            2,
            "R-1022/KASN/10/2024",
            "Ratna Kusumawati",
            "198512302009022001",
            "Kepala Bidang",
            "Dinas Kesehatan Kota Kediri",
            "Memberikan dukungan di media sosial",
            "Sanksi moral",
            "Pernyataan secara tertutup",
            "3 Oktober 2024",
        ],
        [
            3,
            "R-1023/KASN/10/2024",
            "Hendra Gunawan",
            "197702142000031003",
            "Sekretaris Daerah",
            "Pemkab Lombok Tengah",
            "Mengarahkan pegawai untuk memilih pasangan calon",
            "Hukuman disiplin berat",
            "Pembebasan dari jabatannya menjadi jabatan pelaksana selama 12 bulan",
            "Agustus 2024",
        ],
        # The Kediri register's first case (same NIP, same date, same act): a true duplicate.
        [
            4,
            "R-1024/KASN/10/2024",
            "Bambang Sutrisno",
            "198203152006041003",
            "Guru",
            "SDN Pare 3 Kabupaten Kediri",
            "Menyukai dan membagikan unggahan calon bupati di Facebook",
            "Sanksi moral",
            "Pernyataan secara terbuka",
            dt.datetime(2024, 9, 12),
        ],
    ]
    for row in rows:
        ws.append(row)
    ws.append(["Total", None, None, None, None, None, None, 4])
    ws.append([])
    ws.append([None, "Jakarta, 31 Oktober 2024"])
    ws.append([None, "a.n. Ketua KASN"])
    ws.append([None, "Asisten Komisioner Bidang Pengawasan"])
    ws.append([None, "Laksmi Paramitha"])
    wb.save(path)


def register_dan_rekap_malang(path: Path) -> None:
    """A regency workbook: a register whose "Nama/NIP" column carries both, and beside it a recap
    sheet counting the same cases per region (with its own subtotal), which must not count twice."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Register"
    ws.append(["No", "Nama/NIP", "Jabatan", "Unit Kerja", "Tanggal Kejadian", "Uraian Kejadian", "Status"])
    ws.append(
        [
            1,
            "Hendro Wibowo / 198305052009011002",
            "Kepala Sekolah",
            "SDN 1 Lawang",
            "2 Oktober 2024",
            "Mengajak guru memilih calon bupati saat rapat dinas",
            "Klarifikasi",
        ]
    )
    ws.append(
        [
            2,
            "Maria Ulfa, S.Kep. (NIP 19901111 201503 2 001)",
            "Perawat",
            "Puskesmas Singosari",
            "10/10/2024",
            "Mengunggah foto bersama calon bupati di Instagram",
            "Kajian",
        ]
    )
    rekap = wb.create_sheet("Rekap")
    rekap.append(["Kabupaten/Kota", "Jumlah ASN", "Jenis Pelanggaran"])
    rekap.append(["Kabupaten Malang", 2, "Kampanye dan media sosial"])
    rekap.append(["Jumlah Kab. Malang", 2, None])
    wb.save(path)


if __name__ == "__main__":
    register_kediri(HERE / "berkas" / "kab_kediri" / "register_netralitas_2024.xlsx")
    rekap_kasn(HERE / "berkas" / "rekap_kasn" / "rekap_rekomendasi_kasn_okt2024.xlsx")
    register_dan_rekap_malang(HERE / "berkas" / "kab_malang" / "register_dan_rekap_2024.xlsx")
