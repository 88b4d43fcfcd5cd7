"""Runs a command line of the package in-process, as its `python3 -m` entry point would run."""
import contextlib
import io

from gatelab_torch.cli import run_cli


def call(main, args):
    """(exit code, stdout, stderr) of main(args) under run_cli."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            run_cli(lambda: main(args))
        except SystemExit as exit:
            code = exit.code
    return code, out.getvalue(), err.getvalue()
