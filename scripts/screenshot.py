"""Screenshot the article page of a quotesource database with headless Chromium (for the README).

Usage: python scripts/screenshot.py [DB] [--article NAME] [--out docs/article-page.png]
       python scripts/screenshot.py [DB] --page /-/dashboards/sourcing --out docs/dashboard.png

Without --article, the article with the most attributions is shown; --page shows another page
of the server (the charts are drawn by scripts: the shot waits for them, --wait-ms).
"""
import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from sqlite_utils import Database

from quotesource.publish.serve import background_server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", nargs="?", default="db/quotes.db")
    parser.add_argument("--article", help="articles.name (default: the most attributions)")
    parser.add_argument("--out", default="docs/article-page.png")
    parser.add_argument("--page", help="a path on the server instead of the article page")
    parser.add_argument("--size", default="1280,1600", help="window size, WIDTH,HEIGHT")
    parser.add_argument("--wait-ms", type=int, default=5000,
                        help="time the page's scripts get before the shot (virtual time)")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or sys.exit("chromium not found: apt-get install chromium")
    if not Path(args.db).exists():
        sys.exit(f"No database at {args.db}")

    name = Path(args.db).stem  # Datasette names the database after the file
    page = args.page
    if page is None:
        db = Database(args.db)
        where, params = ("where name = ?", [args.article]) if args.article else ("", [])
        row = db.execute(f"select article_id from article_stats {where} "
                         "order by attributions desc, name limit 1", params).fetchone()
        if row is None:
            sys.exit("No such article")
        db.close()
        page = f"/{name}/-/article/{row[0]}"

    out = Path(args.out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with background_server(args.db) as url, tempfile.TemporaryDirectory() as profile:
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run", "--hide-scrollbars",
                        f"--user-data-dir={profile}", f"--window-size={args.size}",
                        f"--virtual-time-budget={args.wait_ms}", f"--screenshot={out}",
                        f"{url}{page}"],
                       check=True, capture_output=True, timeout=120)
    print(out)


if __name__ == "__main__":
    main()
