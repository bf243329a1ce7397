"""The pieces every command of `klantreis` shares: a parser that speaks Dutch, the study and
output arguments, and where output goes when no study is named (the demo study)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEMO_OUTPUT = Path("demo-uitvoer")


class DutchFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        # argparse asks for the usage with prefix "" to build a subcommand's name: keep that one.
        return super().add_usage(usage, actions, groups, prefix="Gebruik: " if prefix is None else prefix)

    def start_section(self, heading):
        heading = {"positional arguments": "argumenten", "options": "opties",
                   "optional arguments": "opties"}.get(heading, heading)
        return super().start_section(heading)


class Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", DutchFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", help="toon deze hulp en stop")

    def error(self, message):
        message = (message.replace("the following arguments are required", "deze argumenten ontbreken")
                   .replace("unrecognized arguments", "onbekende argumenten")
                   .replace("invalid choice", "ongeldige keuze")
                   .replace("choose from", "kies uit")
                   .replace("expected one argument", "verwacht één waarde"))
        self.print_usage(sys.stderr)
        self.exit(2, f"klantreis: fout: {message}\n")


def study_argument(parser, optional: bool = True, what: str = "de studiemap"):
    if optional:
        parser.add_argument("studie", nargs="?", type=Path, default=None,
                            help=f"{what} (zonder: de ingebouwde fictieve demostudie)")
    else:
        parser.add_argument("studie", type=Path, help=what)


def output_argument(parser):
    parser.add_argument("--uitvoer", type=Path, default=None,
                        help="map of bestand voor de uitvoer (standaard: uitvoer/ in de studiemap)")


def output_of(args) -> Path | None:
    """The output the user asked for; for the built-in demo study (no study named) the folder
    demo-uitvoer/ here, because the demo study's own folder belongs to the installed kit."""
    if getattr(args, "uitvoer", None) is not None:
        return args.uitvoer
    return DEMO_OUTPUT if args.studie is None else None


def open_study(args):
    from .study import load_study

    return load_study(args.studie)


def checked_output(args, study_path: Path, kop: str, what: str = "een rapport") -> tuple[Path | None, bool]:
    """`--uitvoer` and whether it lies outside the study folder; outside is refused (in Dutch,
    with `kop`) unless `--buiten-studie` was given, since the output holds the study's data."""
    from .errors import KlantreisFout, Probleem
    from .files import outside

    output = output_of(args)
    away = args.studie is not None and output is not None and outside(output, study_path)
    if away and not args.buiten_studie:
        raise KlantreisFout(Probleem(
            bestand=str(output), veld="--uitvoer", waarde=str(output),
            toegestaan=f"een plek binnen de studiemap (standaard uitvoer/); {what} bevat gegevens van de studie. "
                       "Wilt u het toch daar, voeg dan --buiten-studie toe"), kop)
    return output, away
