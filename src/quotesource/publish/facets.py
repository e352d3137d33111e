"""The `stored` facet type and facets on a table's first page only.

At research scale (docs/scale.md): the `stored` facet type reads unfiltered facet counts from
the facet_counts table, a search matching more than SEARCH_FACET_ROWS rows skips its facets,
and a table's later pages show no facets (Datasette 0.65 would count them over the rows after
the page's cursor).
"""
from __future__ import annotations

import re

from datasette.facets import ColumnFacet
from datasette.utils import path_with_added_args, path_with_removed_args

from ..store.counts import FACET_COUNTED

# Tables (not views: those page by offset, and their facets stay right) whose later pages carry
# a cursor in _next.
PAGED_TABLES = {"articles", "attributions", "sources", "disclosures", "non_responses",
                "article_counts", "speaker_counts"}


class StoredFacet(ColumnFacet):
    """A column facet (`facets: [{stored: kind}]` in metadata.yml) read from the facet_counts
    table, which triggers keep, while the table is unfiltered: five facets each scanning 1M
    index entries made the attributions page cost ~300 ms of CPU. Any filter or search
    computes it with SQL, as a plain column facet, over the filtered rows (but the facet of a
    column filtered on: _filtered_results)."""
    type = "stored"

    async def facet_results(self):
        db = self.ds.get_database(self.database)
        if self._broad_search():
            # Each facet would read every matching row (~170 ms for 140k of 1M) and time out;
            # skipping them is instant, and the page still lists them as timed out.
            return [], [_facet_column(c) for c in self.get_configs()]
        if self.params or re.search(r"\bwhere\b", self.sql, re.IGNORECASE) \
                or not await db.table_exists("facet_counts"):
            return await self._filtered_results()
        results = []
        size = self.get_facet_size()
        for config in self.get_configs():
            column = _facet_column(config)
            rows = list(await db.execute(
                "select value, count from facet_counts where facet = ? "
                "order by count desc, value limit ?", [f"{self.table}.{column}", size + 1]))
            results.append({
                "name": column, "type": self.type, "hideable": config["source"] != "metadata",
                "toggle_url": self.ds.urls.path(
                    path_with_removed_args(self.request, {"_facet": column})),
                "results": [{
                    "value": value, "label": value, "count": count, "selected": False,
                    "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(
                        path_with_added_args(self.request, {column: value}))),
                } for value, count in rows[:size]],
                "truncated": len(rows) > size,
            })
        return results, []

    async def _filtered_results(self):
        """Counted by SQL over the matching rows, except a facet on a column the page is
        filtered on (?cue=said): all the matching rows hold that value, so its one count is
        the page's row count (a scan of ~400,000 index entries saved on 1M attributions).
        Only for the text columns facet_counts holds: the value is the one in the URL."""
        configs = self.get_configs()
        known = {}
        if self.row_count is not None:
            known = {column: self.request.args.getlist(column)
                     for column in {_facet_column(c) for c in configs}
                     if column in FACET_COUNTED.get(self.table, ())}
            known = {column: values[0] for column, values in known.items() if len(values) == 1}
        self._skip = frozenset(known)
        try:
            counted, timed_out = await super().facet_results()
        finally:
            self._skip = frozenset()
        by_name = {result["name"]: result for result in counted}
        for column, value in known.items():
            by_name[column] = {
                "name": column, "type": self.type,
                "hideable": next(c["source"] for c in configs
                                 if _facet_column(c) == column) != "metadata",
                "toggle_url": self.ds.urls.path(
                    path_with_removed_args(self.request, {"_facet": column})),
                "results": [{
                    "value": value, "label": value, "count": self.row_count, "selected": True,
                    "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(
                        path_with_removed_args(self.request, {column: value}))),
                }] if self.row_count else [],
                "truncated": False,
            }
        order = [_facet_column(c) for c in configs]
        return sorted(by_name.values(), key=lambda r: order.index(r["name"])), timed_out

    _skip = frozenset()     # columns the SQL-counted facets leave out

    def get_configs(self):
        return [c for c in super().get_configs() if _facet_column(c) not in self._skip]

    def _broad_search(self) -> bool:
        """A full-text search matching more than SEARCH_FACET_ROWS rows (the count Datasette
        made before the facets; None when that count itself ran out of time)."""
        searching = any(key.startswith("_search") for key in self.request.args)
        return searching and (self.row_count is None or self.row_count > SEARCH_FACET_ROWS)


def _facet_column(config: dict) -> str:
    return config["config"].get("column") or config["config"]["simple"]


# Above this many matching rows a search shows no facets: each would read every matching row
# (on 1M attributions ~4 us a row, so 10,000 rows make five facets ~200 ms).
SEARCH_FACET_ROWS = 10_000


def first_page_facets(app):
    """Facets on the first page only. Datasette 0.65 counts the facets of page 2 and later
    over the rows after the page's cursor, which is both wrong (the counts shrink page by page)
    and slow (each facet rescans the table: ~1 s a page on 1M attributions)."""
    async def wrapped(scope, receive, send):
        if scope.get("type") == "http" and _is_later_table_page(scope):
            scope = {**scope, "query_string": scope["query_string"] + b"&_nofacet=1"}
        await app(scope, receive, send)
    return wrapped


def _is_later_table_page(scope) -> bool:
    query = scope.get("query_string", b"")
    if b"_next=" not in query or b"_nofacet=" in query:
        return False
    parts = scope.get("path", "").strip("/").split("/")
    return len(parts) == 2 and parts[1].split(".")[0] in PAGED_TABLES
