"""`python -m bot` and the `manabi` command: run the CLI."""

import gc


def run() -> int:
    """Run the CLI with the cycle collector off during start-up, and skip it at exit."""
    # Start-up builds about 100,000 objects that live as long as the process (modules, the
    # checked course, its index); each full collection walks them all for nothing, a third of
    # the first reply's time. `try` and `serve` turn collection back on once started
    # (bot.cli.settle); a one-shot command runs to its end without it.
    gc.disable()
    from bot.cli import main

    try:
        return main()
    finally:
        gc.freeze()  # exiting: finalization need not walk every object again (0.3 s)


if __name__ == "__main__":
    raise SystemExit(run())
