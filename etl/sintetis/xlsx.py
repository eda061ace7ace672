"""XLSX written directly as SpreadsheetML, with fixed timestamps and zip dates so the same seed gives
the same bytes. Kept instead of xlsxwriter (already a dependency): xlsxwriter took ~40 s for 150k
rows here, and its files differ byte for byte from these, so switching would change the synthetic
output that benchmarks and tests cache by seed."""

from __future__ import annotations

import zipfile

from etl.sintetis.shapes import FIXED_TIMESTAMP, ZIP_DATE

# ---------------------------------------------------------------- XLSX (SpreadsheetML written directly)

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_STYLES = (
    _XML + f"<styleSheet {_NS}>"
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _esc(text: str) -> str:
    if "&" in text or "<" in text or ">" in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def _col_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, rem = divmod(i - 1, 26)
        s = chr(65 + rem) + s
    return s


def _sheet_xml(
    titles: list[str], header: list[str], rows: list[tuple], date_cols: set[int], sst: dict[str, int]
) -> str:
    ncols = len(header)
    letters = [_col_letter(i) for i in range(ncols)]
    sd = sst.setdefault
    out: list[str] = []
    r = 0
    for title in titles:
        r += 1
        out.append(f'<row r="{r}"><c r="A{r}" t="s" s="2"><v>{sd(title, len(sst))}</v></c></row>')
    if titles:
        r += 1  # an empty row between the titles and the header
    merges = [f"A{i}:{letters[-1]}{i}" for i in range(1, len(titles) + 1)] if ncols > 1 else []
    r += 1
    out.append(
        f'<row r="{r}">'
        + "".join(
            f'<c r="{L}{r}" t="s" s="2"><v>{sd(h, len(sst))}</v></c>' for L, h in zip(letters, header, strict=True)
        )
        + "</row>"
    )
    first = r + 1
    if rows:
        rnums = [str(i) for i in range(first, first + len(rows))]
        cell_cols = []
        for j, col in enumerate(zip(*rows, strict=True)):
            L = letters[j]
            style = ' s="1"' if j in date_cols else ""
            cell_cols.append(
                [
                    ""
                    if v is None
                    else f'<c r="{L}{rn}" t="s"><v>{sd(v, len(sst))}</v></c>'
                    if v.__class__ is str
                    else f'<c r="{L}{rn}"{style}><v>{v}</v></c>'
                    for v, rn in zip(col, rnums, strict=True)
                ]
            )
        out += [
            f'<row r="{rn}">{"".join(cells)}</row>'
            for rn, cells in zip(rnums, zip(*cell_cols, strict=True), strict=True)
        ]
    last = first + len(rows) - 1 if rows else r
    merge_xml = (
        (f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells>")
        if merges
        else ""
    )
    return (
        f'{_XML}<worksheet {_NS} {_NS_R}><dimension ref="A1:{letters[-1]}{last}"/>'
        '<sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
        f"<sheetData>{''.join(out)}</sheetData>{merge_xml}</worksheet>"
    )


def xlsx_bytes(sheets: list[tuple[str, list[str], list[str], list[tuple], set[int]]], title: str = "") -> bytes:
    """A minimal, valid XLSX: shared strings, a date style, merged title rows, fixed timestamps,
    members in a fixed order with a fixed zip date, so the same content gives the same bytes."""
    import io

    sst: dict[str, int] = {}
    sheet_xml = [_sheet_xml(titles, header, rows, dates, sst) for _, titles, header, rows, dates in sheets]
    n = len(sheets)
    members = {
        "[Content_Types].xml": _XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        + "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, n + 1)
        )
        + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        "</Types>",
        "_rels/.rels": _XML + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>",
        "docProps/core.xml": _XML
        + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_esc(title)}</dc:title><dc:creator>Pantau Netralitas (data sintetis)</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{FIXED_TIMESTAMP}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{FIXED_TIMESTAMP}</dcterms:modified></cp:coreProperties>',
        "docProps/app.xml": _XML
        + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>Pantau Netralitas</Application></Properties>",
        "xl/workbook.xml": _XML
        + f"<workbook {_NS} {_NS_R}><bookViews><workbookView/></bookViews><sheets>"
        + "".join(f'<sheet name="{_esc(name)}" sheetId="{i}" r:id="rId{i}"/>' for i, (name, *_) in enumerate(sheets, 1))
        + "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": _XML
        + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, n + 1)
        )
        + f'<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId{n + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>",
        "xl/styles.xml": _STYLES,
        "xl/sharedStrings.xml": _XML
        + f'<sst {_NS} count="{len(sst)}" uniqueCount="{len(sst)}">'
        + "".join(f"<si><t>{_esc(s)}</t></si>" for s in sst)
        + "</sst>",
    }
    for i, xml in enumerate(sheet_xml, 1):
        members[f"xl/worksheets/sheet{i}.xml"] = xml
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in members.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, text.encode("utf-8"), compresslevel=1)
    return buf.getvalue()
