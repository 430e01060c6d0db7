from outline_export.cli import main

main()
