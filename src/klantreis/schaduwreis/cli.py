"""`klantreis sjablonen`: the schaduwreis templates shipped in journeys/."""

from __future__ import annotations


def add_commands(sub) -> None:
    p = sub.add_parser("sjablonen", help="toon de schaduwreis-sjablonen in journeys/")
    p.set_defaults(run=_templates)


def _templates(args) -> int:
    from ..resources import journey_templates

    for name, path in journey_templates().items():
        print(f"{name:20s} {path}")
    return 0
