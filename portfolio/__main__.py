from portfolio.cli import main

if __name__ == "__main__":  # not when a worker process imports it (link previews are drawn in a pool)
    main()
