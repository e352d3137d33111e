"""Screenshot the article page of a quotesource database with headless Chromium (for the README).

Usage: python scripts/screenshot.py [DB] [--article NAME] [--out docs/article-page.png]

Without --article, the article with the most attributions is shown.
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
    parser.add_argument("--size", default="1280,1600", help="window size, WIDTH,HEIGHT")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or sys.exit("chromium not found: apt-get install chromium")
    if not Path(args.db).exists():
        sys.exit(f"No database at {args.db}")

    db = Database(args.db)
    where, params = ("where name = ?", [args.article]) if args.article else ("", [])
    row = db.execute(f"select article_id from article_stats {where} "
                     "order by attributions desc, name limit 1", params).fetchone()
    if row is None:
        sys.exit("No such article")
    db.close()

    out = Path(args.out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    name = Path(args.db).stem  # Datasette names the database after the file
    with background_server(args.db) as url, tempfile.TemporaryDirectory() as profile:
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run", "--hide-scrollbars",
                        f"--user-data-dir={profile}", f"--window-size={args.size}",
                        f"--screenshot={out}", f"{url}/{name}/-/article/{row[0]}"],
                       check=True, capture_output=True, timeout=120)
    print(out)


if __name__ == "__main__":
    main()
