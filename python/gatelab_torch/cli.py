"""Command-line errors as in Gate Lab's CLI (src/cli/cliError.ts): one line on stderr, exit code 2 for a problem
with the arguments or files, 1 for anything else."""
from __future__ import annotations

import sys
from typing import Callable


class CliError(Exception):
    pass


def run_cli(main: Callable[[], None]) -> None:
    try:
        main()
    except CliError as error:
        sys.stderr.write(f"error: {error}\n")
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:  # a clear line rather than a traceback, as Gate Lab's CLI does
        sys.stderr.write(f"error: {error}\n")
        sys.exit(1)
