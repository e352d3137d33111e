"""The first screens a researcher sees, in Datasette's own ways: settings under
`plugins: quotesource:` in metadata.yml, handed to the templates beside this package
(templates/database.html, table.html, _table.html) by the plugin's `extra_template_vars`.

- The database page leads with the dashboards that chart this database, then the canned
  queries, then the main tables (the database's `main_tables`) with their descriptions, then
  views and the other tables; the internal tables are `hidden: true` in metadata.yml.
- A table page folds its column descriptions into a <details>, so search, facets and rows
  start on the first screen, and shows the table's `reading_columns` first and the rest (ids,
  offsets) after them. Only the display is reordered: the SQL is Datasette's, so the
  index-served pages and counts of docs/scale.md stay as they are.
"""
from __future__ import annotations

from urllib.parse import quote

PLUGIN = "quotesource"


def template_vars(template, database, table, datasette) -> dict:
    """The variables the quotesource templates read (extra_template_vars)."""
    if template == "database.html" and database:
        config = datasette.plugin_config(PLUGIN, database=database) or {}
        return {
            "quotesource_dashboards": dashboards(datasette, database),
            "quotesource_first_tables": lambda tables: first_tables(
                tables, config.get("main_tables") or []),
            "quotesource_description": lambda name: (
                datasette.table_metadata(database, name).get("description")),
        }
    if template == "table.html" and database and table:
        config = datasette.plugin_config(PLUGIN, database=database, table=table) or {}
        columns = config.get("reading_columns") or []
        return {"quotesource_reading_order": lambda display: reading_order(display, columns)}
    return {}


def dashboards(datasette, database: str) -> list[dict]:
    """The datasette-dashboards dashboards with a chart of this database: title, description
    and address, in metadata order."""
    config = datasette.plugin_config("datasette-dashboards") or {}
    return [{"title": board.get("title") or slug, "description": board.get("description"),
             "url": datasette.urls.path(f"/-/dashboards/{quote(slug, safe='')}")}
            for slug, board in config.items()
            if any(chart.get("db") == database for chart in (board.get("charts") or {}).values())]


def first_tables(tables: list[dict], main: list[str]) -> tuple[list[dict], list[dict]]:
    """The database page's tables split in two: the main ones in `main` order, and the other
    visible ones in Datasette's (hidden tables are in neither)."""
    by_name = {t["name"]: t for t in tables if not t["hidden"]}
    chosen = [by_name[name] for name in main if name in by_name]
    return chosen, [t for t in by_name.values() if t["name"] not in main]


def reading_order(display_columns: list[dict], first: list[str]) -> list[int]:
    """Indexes into the page's columns: those named in `first`, in that order, then the others
    as the table has them."""
    names = [column["name"] for column in display_columns]
    leading = [names.index(name) for name in first if name in names]
    return leading + [i for i in range(len(names)) if i not in leading]
