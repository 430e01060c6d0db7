from outline_export.cli import run

run()
