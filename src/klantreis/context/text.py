"""The Dutch sentences of the context chapter: what the numbers of `analyse` and the choices in
context.yaml say about one municipality. Numbers become text only here and in `report`."""

from __future__ import annotations

from ..report.numbers import geheel, getal
from .model import FILE_YAML


def placeholder(context) -> str:
    """The one mark of a fact the researcher has not filled in yet, naming the file to fill."""
    return f"(nog in te vullen in {context.bestand or FILE_YAML})"


def share(aandeel: float | None) -> str | None:
    """0.23 → "ongeveer 23%"; None when the source gives no share."""
    return None if aandeel is None else f"ongeveer {round(100 * aandeel):d}%"


def model_name(item) -> str:
    """"model B" for a lettered model, the name itself for "anders"."""
    return item.naam.lower() if item.code.lower() == "anders" else f"model {item.code}"


def context_paragraph(gemeente: str, g, context, modellen) -> list[str]:
    """Sentences about inhabitants, households, organisation model and positioning."""
    todo = placeholder(context)
    sentences = []
    if g.inwoners is not None and g.huishoudens is not None:
        per = getal(g.inwoners / g.huishoudens, 1)
        sentences.append(f"{gemeente} telt {geheel(g.inwoners)} inwoners in {geheel(g.huishoudens)} huishoudens, "
                         f"gemiddeld {per} personen per huishouden{_when(g)}.")
    elif g.inwoners is not None:
        sentences.append(f"{gemeente} telt {geheel(g.inwoners)} inwoners{_when(g)}. Aantal huishoudens: {todo}.")
    elif g.huishoudens is not None:
        sentences.append(f"{gemeente} telt {geheel(g.huishoudens)} huishoudens{_when(g)}. Aantal inwoners: {todo}.")
    else:
        sentences.append(f"Aantal inwoners en huishoudens van {gemeente}: {todo}.")

    model = modellen.organisatiemodel(g.organisatiemodel) if g.organisatiemodel else None
    if model is None:
        sentences.append(f"Organisatiemodel van de toegang: {todo}.")
    else:
        how_many = share(model.aandeel)
        sentences.append(f"De toegang lijkt het meest op {model_name(model)} ({model.naam.lower()})."
                         if model.code.lower() != "anders" else
                         "De toegang lijkt op geen van de vier organisatiemodellen (een andere organisatievorm).")
        sentences.append(f"Volgens {modellen.bron_kort} kent {how_many} van de gemeenten deze vorm." if how_many else
                         f"Hoe vaak deze vorm landelijk voorkomt, noemt {modellen.bron_kort} niet.")
    positie = modellen.positionering(g.positionering) if g.positionering else None
    if positie is None:
        sentences.append(f"Positionering van het sociaal (wijk)team: {todo}.")
    else:
        how_many = share(positie.aandeel)
        sentences.append(f"Het sociaal (wijk)team is {positie.naam[0].lower()}{positie.naam[1:]} (positionering "
                         f"{positie.code})" + (f"; landelijk geldt dat voor {how_many} van de gemeenten." if how_many
                                               else "; hoe vaak dat landelijk voorkomt, noemt de bron niet."))
    return sentences


def _when(g) -> str:
    parts = [str(g.jaar)] if g.jaar else []
    if g.bron:
        parts.append(f"bron: {g.bron}")
    return f" ({'; '.join(parts)})" if parts else ""


def difference(verhouding: float) -> str:
    """The ratio to the national figure as a difference a reader takes in at once: "+12%",
    "−15%", "gelijk" (within half a percent)."""
    pct = round(100 * (verhouding - 1))
    if pct == 0:
        return "gelijk"
    return f"+{pct}%" if pct > 0 else f"\u2212{-pct}%"
