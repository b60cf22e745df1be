"""The monthly report as an Excel workbook with a native chart (xlsxwriter): the headline figures,
the clients with their earnings and 域外 share (charted), and the skills used. Labels in the
reader's language; numbers stay numbers so the municipality can re-use them."""

from __future__ import annotations

import io

import xlsxwriter

from domain.i18n import translate
from domain.refs import Locale
from domain.regional_report import ProgrammeFigures
from handlers.coordinator import client_kind, period_label, report_notes, skill_name, summary_rows


def monthly_workbook(figures: ProgrammeFigures, locale: Locale) -> bytes:
    def t(key: str, **params: object) -> str:
        return translate(key, locale, **params)

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": "#,##0"})
    title = book.add_format({"bold": True, "font_size": 14})

    summary = book.add_worksheet(t("console.xlsx.summary"))
    summary.set_column(0, 0, 24)
    summary.set_column(1, 1, 30)
    summary.write(0, 0, t("report.title", period=period_label(figures.period, locale)), title)
    summary.write_row(2, 0, [t("report.column.item"), t("report.column.value")], bold)
    for row, (item, value) in enumerate(summary_rows(figures, locale), start=3):
        summary.write(row, 0, item)
        summary.write(row, 1, value)
    for offset, note in enumerate(report_notes(figures, locale)):
        summary.write(4 + len(summary_rows(figures, locale)) + offset, 0, note)

    clients = book.add_worksheet(t("console.xlsx.clients"))
    clients.set_column(0, 0, 28)
    clients.set_column(1, 5, 14)
    header = [
        t("report.column.organization"),
        t("report.column.kind"),
        t("report.column.residents"),
        t("report.column.hours"),
        t("report.column.yen"),
        t("console.xlsx.outside_yen"),
    ]
    clients.write_row(0, 0, header, bold)
    for row, c in enumerate(figures.clients, start=1):
        clients.write_row(row, 0, [c.name, client_kind(c, locale), c.residents, c.hours])
        clients.write_number(row, 4, c.earnings_yen, money)
        clients.write_number(row, 5, c.outside_yen, money)
    if figures.clients:
        chart = book.add_chart({"type": "bar"})
        last = len(figures.clients)
        sheet = t("console.xlsx.clients")
        chart.add_series(
            {
                "name": t("report.column.yen"),
                "categories": [sheet, 1, 0, last, 0],
                "values": [sheet, 1, 4, last, 4],
                "fill": {"color": "#2f6f62"},
            }
        )
        chart.add_series(
            {
                "name": t("console.xlsx.outside_yen"),
                "categories": [sheet, 1, 0, last, 0],
                "values": [sheet, 1, 5, last, 5],
                "fill": {"color": "#d08c2f"},
            }
        )
        chart.set_title({"name": t("console.overview.by_client")})
        chart.set_y_axis({"reverse": True})
        chart.set_size({"width": 640, "height": max(320, 28 * last)})
        clients.insert_chart(1, 7, chart)

    skills = book.add_worksheet(t("console.xlsx.skills"))
    skills.set_column(0, 0, 24)
    skills.write_row(
        0,
        0,
        [t("report.column.skill"), t("report.column.residents"), t("report.column.hours"), t("report.column.reports")],
        bold,
    )
    for row, use in enumerate(figures.skills, start=1):
        skills.write_row(row, 0, [skill_name(use.skill, locale), use.residents, use.hours, use.reports])
    book.close()
    return buffer.getvalue()
