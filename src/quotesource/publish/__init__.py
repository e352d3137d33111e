"""The quotesource Datasette plugin: the article page, the `stored` facets and the search plans.

Loaded through the `datasette` entry point declared in pyproject.toml, which names this
package: as for any plugin package, Datasette finds templates/ (the article page) and static/
(its style sheet) beside this file. An install made before the entry point named the package
still names the old module: `pip install -e .` again. The hooks here only hand over to the
modules that hold each part:
- article_page: /{database}/-/article/{article_id}, and the cells that link to it;
- coding_page: /{database}/-/code, where coders answer the validation sample (the one write);
- facets: the `stored` facet type (metadata.yml), facets on a table's first page only;
- search_sql: Datasette's SQL for searches, rewritten for a search matching many rows;
- limits: SQLite limits on every connection, so one query cannot exhaust the server;
- first_screen: what the database page and the table pages show first (templates/).
"""
from datasette import hookimpl

from . import article_page, coding_page, facets, first_screen, limits, search_sql


@hookimpl
def register_routes():
    return [(article_page.ROUTE, article_page.article_page),
            (coding_page.ROUTE, coding_page.coding_page)]


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    return article_page.article_link(row, value, column, table, database, datasette)


@hookimpl
def register_facet_classes():
    return [facets.StoredFacet]


@hookimpl
def prepare_connection(conn):
    limits.limit_connection(conn)


@hookimpl
def startup(datasette):
    search_sql.plan_searches(datasette)


@hookimpl
def asgi_wrapper(datasette):
    return facets.first_page_facets


@hookimpl
def extra_template_vars(template, database, table, datasette):
    return first_screen.template_vars(template, database, table, datasette)
