"""What one month's report holds, read from the warehouse: the same queries as every page."""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from dashboard import queries
from dashboard.filters import Filter
from dashboard.formatting import BULAN_PENDEK, angka, bulan, persen
from dashboard.layout import Context
from dashboard.warehouse import Warehouse, data_date, has_synthetic, query

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
PAGE_PATH = "/laporan-bulanan"
#: Where the dashboard is served, for the link that reopens the report's view (``NETRALITAS_URL``).
DEFAULT_BASE_URL = "http://localhost:8501"


def parse_month(text: str | None) -> dt.date | None:
    """``2024-11`` -> 1 Nov 2024; anything else -> None."""
    m = _MONTH.match((text or "").strip())
    if not m or not 1 <= int(m.group(2)) <= 12 or int(m.group(1)) < 1900:
        return None
    return dt.date(int(m.group(1)), int(m.group(2)), 1)


def month_key(month: dt.date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def make_context(wh: Warehouse, f: Filter) -> Context:
    """The pages' context, built without Streamlit (for the command line)."""
    identity = wh.identity()
    return Context(wh, identity, f, queries.region_names(wh, identity), data_date(wh), has_synthetic(wh))


@dataclass(frozen=True)
class Kpi:
    label: str
    value: str
    change: str | None  # "+3 (+12,5%) · Okt 2024: 24", "tidak berubah · Okt 2024: 0", ...
    direction: str  # "naik", "turun" or "tetap": an arrow only where something moved
    help: str = ""


def change_text(now: int | None, before: int | None, prev_month: dt.date) -> tuple[str | None, str]:
    """The change of a count against the previous month, in words a reader can quote."""
    if now is None or before is None:
        return None, "tetap"
    diff = int(now) - int(before)
    if diff == 0:
        return f"tidak berubah · {short_month(prev_month)}: {angka(before)}", "tetap"
    pct = f" ({'+' if diff > 0 else '−'}{persen(abs(diff), before)})" if before else ""
    sign = "+" if diff > 0 else "−"
    return (
        f"{sign}{angka(abs(diff))}{pct} · {short_month(prev_month)}: {angka(before)}",
        "naik" if diff > 0 else "turun",
    )


def short_month(month: dt.date) -> str:
    """``Okt 2024``: short, so a KPI's change (change, %, the previous month's value) fits its column."""
    return f"{BULAN_PENDEK[month.month - 1]} {month.year}"


@dataclass(frozen=True)
class MonthlyReport:
    ctx: Context  # the month's context: its filter holds the month as dari/sampai
    base: Filter  # the filter without the month (what the URL carries besides bulan)
    month: dt.date
    kpis: dict
    previous: dict
    by_region: list[tuple[str, str, str, int, int, int]]  # kode, kabupaten/kota, provinsi, terlapor, terbukti, PPK
    province_level: int  # cases of the month with a province but no kabupaten/kota
    undated_total: int  # rows of the filter with no date at all: in no month
    coarse_date: int  # rows of the month dated to the month only (no day)
    quarantine_total: int  # rows the ETL could not load (whole warehouse; they carry no trusted date)

    @property
    def last_day(self) -> dt.date:
        return month_end(self.month)

    @property
    def prev_month(self) -> dt.date:
        return add_months(self.month, -1)

    @property
    def empty(self) -> bool:
        return not self.kpis["terlapor"]

    @property
    def internal(self) -> bool:
        return self.ctx.wh.mode == "internal"

    def cards(self) -> list[Kpi]:
        k, p, prev = self.kpis, self.previous, self.prev_month
        cards = []
        for key, label, value in (
            ("terlapor", "ASN terlapor", angka(k["terlapor"])),
            ("terbukti", "Terbukti", f"{angka(k['terbukti'])} ({persen(k['terbukti'], k['terlapor'])})"),
            ("sanksi", "Sanksi dijatuhkan", angka(k["sanksi"])),
        ):
            change, direction = change_text(k[key], p[key], prev)
            cards.append(Kpi(label, value, change, direction))
        cards.append(
            Kpi(
                "Ditindaklanjuti PPK",
                persen(k["ditindaklanjuti"], k["terbukti"]),
                f"{short_month(prev)}: {persen(p['ditindaklanjuti'], p['terbukti'])}" if p["terbukti"] else None,
                "tetap",  # a share in another month, not a change: no arrow
                "Persentase ASN terbukti yang sudah dijatuhi sanksi oleh PPK",
            )
        )
        return cards

    def query_params(self) -> dict[str, str]:
        return {**self.base.to_query(), "bulan": month_key(self.month)}

    def link(self, base_url: str = DEFAULT_BASE_URL) -> str:
        return f"{base_url.rstrip('/')}{PAGE_PATH}?{urlencode(self.query_params(), safe=',')}"

    def title(self) -> str:
        return f"Laporan bulanan netralitas ASN — {bulan(self.month)}"

    def scope(self) -> str:
        return self.base.describe(self.ctx.names)


def build(base_ctx: Context, month: dt.date) -> MonthlyReport:
    """One month's report for the context's filter (its own period, if any, is replaced by the month)."""
    base = dataclasses.replace(base_ctx.filter, dari=None, sampai=None)
    wh, identity = base_ctx.wh, base_ctx.identity
    f = dataclasses.replace(base, dari=month, sampai=month_end(month))
    prev_month = add_months(month, -1)
    prev = dataclasses.replace(base, dari=prev_month, sampai=month_end(prev_month))
    ctx = dataclasses.replace(base_ctx, filter=f)
    regions = queries.by_region(wh, identity, f, "kabupaten_kota")
    names = base_ctx.names
    province_of = queries.regions(wh, identity).set_index("kode")["nama_provinsi"].to_dict()
    table = sorted(
        (
            (
                kode,
                names.get(kode, kode),
                province_of.get(kode) or "",
                int(t),
                int(b),
                int(d),
            )
            for kode, t, b, d in zip(
                regions["kode"], regions["terlapor"], regions["terbukti"], regions["ditindaklanjuti"], strict=True
            )
        ),
        key=lambda row: (-row[3], row[0]),
    )
    return MonthlyReport(
        ctx=ctx,
        base=base,
        month=month,
        kpis=queries.kpis(wh, identity, f),
        previous=queries.kpis(wh, identity, prev),
        by_region=table,
        province_level=queries.province_level_count(wh, identity, f),
        # rows without any date are outside every month: the count under the filter without its period
        undated_total=queries.undated_outside_period(wh, identity, f),
        coarse_date=queries.coarse_dated(wh, identity, f),
        quarantine_total=queries.quarantine_total(wh, identity),
    )


def available_months(ctx: Context) -> list[dt.date]:
    """Months with at least one dated case under the filter (period ignored), newest first."""
    base = dataclasses.replace(ctx.filter, dari=None, sampai=None)
    df = queries.monthly(ctx.wh, ctx.identity, base)
    return sorted({_as_date(m) for m in df["bulan"]}, reverse=True) if len(df) else []


def provinces(wh: Warehouse) -> list[tuple[str, str]]:
    df = query(wh, "SELECT kode, nama FROM wilayah WHERE tingkat = 'provinsi' ORDER BY kode")
    return list(zip(df["kode"], df["nama"], strict=True))


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value
