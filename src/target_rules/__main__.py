from target_rules.cli import main

raise SystemExit(main())
