from gofixmap.cli import main

raise SystemExit(main())
