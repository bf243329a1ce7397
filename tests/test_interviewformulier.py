"""The notebook form as a researcher uses it on the first day: a new interview with a loop back,
an interview reopened and corrected, and a step that happened but has no score."""

from __future__ import annotations

import datetime as dt

import yaml

from klantreis.klantreizen.formulier import InterviewForm
from klantreis.study import create_study, load_study


def _new_study(tmp_path):
    return load_study(create_study(tmp_path / "studie", gemeenten=["Oostburg"]))


def _fill_basics(form, respondent="R01"):
    form.respondent.value = respondent
    form.datum.value = dt.date.today() - dt.timedelta(days=7)  # an interview held last week
    form.consent["interview"].value = True
    form.samenstelling.value = "Moeder met twee kinderen"


def test_a_new_interview_with_a_loop_back_is_saved_as_the_researcher_would_write_it(tmp_path):
    study = _new_study(tmp_path)
    ids = study.schaduwreis.step_ids
    form = InterviewForm(study)
    _fill_basics(form)
    for nr, step_id in enumerate(ids):
        form.steps[step_id]["score"].value = (nr % 3) - 1
    form.steps[ids[4]]["gebeurd"].value = "nee"
    form.steps[ids[-1]]["besproken"].value = False
    loop = form.add_extra()
    loop["naam"].value = "Opnieuw aanmelden"
    loop["soort"].value = "lus"
    loop["na"].value = ids[3]
    loop["terug_naar"].value = ids[1]
    loop["score"].value = -2
    assert form.save() is not None, form.message.value
    saved = yaml.safe_load((study.path / "interviews" / "R01.yaml").read_text(encoding="utf-8"))
    assert [s["stap"] for s in saved["stappen"]] == ids[:-1]  # the undiscussed step is left out
    assert saved["stappen"][4]["gebeurd"] == "nee" and saved["stappen"][4]["score"] is None
    assert saved["extra_stappen"] == [{"naam": "Opnieuw aanmelden", "na": ids[3], "soort": "lus",
                                       "terug_naar": ids[1], "score": -2, "goed": "", "beter": "",
                                       "citaten": [], "themas": []}]
    assert [iv.respondent for iv in load_study(study.path).interviews] == ["R01"]


def test_a_step_that_happened_needs_a_score_or_a_reason(tmp_path):
    study = _new_study(tmp_path)
    first, second = study.schaduwreis.step_ids[:2]
    form = InterviewForm(study)
    _fill_basics(form)
    for f in form.steps.values():
        f["besproken"].value = False
    form.steps[first]["besproken"].value = True  # happened ("ja" is the default), no score
    assert form.step_state(first) == "leeg" and "leeg: score of reden ontbreekt" in form.overview.value
    assert form.save() is None
    assert "geen score, omdat" in form.message.value and f"stap &#x27;{first}&#x27;" in form.message.value
    assert not (study.path / "interviews" / "R01.yaml").exists()
    form.steps[first]["geen_score_omdat"].value = "wilde geen cijfer geven"
    form.steps[second]["besproken"].value = True
    form.steps[second]["gebeurd"].value = "nee"
    assert (form.step_state(first), form.step_state(second)) == ("reden", "nee")
    assert form.save() is not None, form.message.value
    saved = load_study(study.path).interviews[0]
    assert saved.stappen[0].geen_score_omdat == "wilde geen cijfer geven" and saved.stappen[0].score is None


def test_fields_show_only_when_they_apply(tmp_path):
    study = _new_study(tmp_path)
    f = InterviewForm(study).steps[study.schaduwreis.step_ids[0]]
    hidden = lambda name: f[name].layout.display == "none"  # noqa: E731
    assert hidden("in_plaats_daarvan") and not hidden("score") and not hidden("geen_score_omdat")
    f["score"].value = 1
    assert hidden("geen_score_omdat")
    f["gebeurd"].value = "nee"
    assert not hidden("in_plaats_daarvan") and hidden("score") and hidden("geen_score_omdat")
    f["besproken"].value = False
    assert all(hidden(name) for name in ("gebeurd", "in_plaats_daarvan", "score", "goed", "citaat"))


def test_labels_are_never_cut_off(tmp_path):
    form = InterviewForm(_new_study(tmp_path))
    for widget in (form.leefgebieden, form.professionals, form.opnieuw, form.datum, form.waarden):
        # ipywidgets cuts a description longer than its width; 13em holds ~20 characters.
        assert widget.style.description_width == "13em" and len(widget.description) <= 24, widget.description
    for box in [*form.consent.values(), *(f["besproken"] for f in form.steps.values())]:
        assert box.layout.width == "auto", box.description  # a checkbox's label is cut at 300px otherwise


def test_an_opened_interview_is_corrected_and_keeps_the_rest_of_its_file(demo_copy):
    study = load_study(demo_copy)
    original = next(iv for iv in study.interviews if iv.extra_stappen and
                    any(len(sv.citaten) > 1 or (sv.citaten and sv.citaten[0].themas != sv.themas)
                        for sv in iv.stappen))
    path = demo_copy / "interviews" / f"{original.respondent}.yaml"
    header = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    form = InterviewForm(study)
    assert original.respondent in [value for _, value in form.chooser.options]
    assert form.open(original.respondent)
    assert len(form.extras) == len(original.extra_stappen)
    scored = next(sv for sv in original.stappen if sv.score is not None and sv.score < study.settings.curve.max)
    form.steps[scored.stap]["score"].value = scored.score + 1
    assert form.save() is not None, form.message.value
    edited = next(iv for iv in load_study(demo_copy).interviews if iv.respondent == original.respondent)
    expected = original.model_dump()
    next(sv for sv in expected["stappen"] if sv["stap"] == scored.stap)["score"] = scored.score + 1
    assert edited.model_dump() == expected  # quotes, quote themes and extra steps survive the round trip
    assert [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")] == header


def test_the_built_in_demo_is_never_written(demo):
    form = InterviewForm(demo)
    form.open(demo.interviews[0].respondent)
    assert form.save() is None and "demostudie hoort bij de kit" in form.message.value


def test_a_step_not_discussed_is_drawn_otherwise_than_a_step_that_did_not_happen(tmp_path):
    from klantreis.klantreizen import figures
    from klantreis.klantreizen.interviews import save_interview
    from klantreis.klantreizen.meta_analyse import analyse
    from klantreis.schaduwreis.model import steps_table

    study = _new_study(tmp_path)
    ids = study.schaduwreis.step_ids
    save_interview(study, {"respondent": "R01", "gemeente": "Oostburg", "datum": dt.date.today(),
                           "interviewer_rol": "onderzoeker", "toestemming": {"interview": True, "citaten": False},
                           "huishouden": {"samenstelling": "Stel"}, "aantal_professionals": 1,
                           "verhaal_opnieuw_verteld": 0,
                           "stappen": [{"stap": ids[0], "gebeurd": "ja", "score": 1}, {"stap": ids[1], "gebeurd": "nee"}]})
    study = load_study(study.path)
    ax = figures.respondent_curve(analyse(study), steps_table(study.schaduwreis), study.settings.curve)
    legend = {text.get_text(): handle for text, handle in zip(ax.get_legend().get_texts(),
                                                              ax.get_legend().legend_handles)}
    assert {"Niet doorlopen", "Niet besproken"} <= set(legend)
    skipped, unknown = (c for c in ax.collections if c.get_label() in ("Niet doorlopen", "Niet besproken"))
    assert len(skipped.get_offsets()) == 1 and len(unknown.get_offsets()) == len(ids) - 2
    cross, question = (c.get_paths()[0].vertices for c in (skipped, unknown))
    assert cross.shape != question.shape or not (cross == question).all()  # another symbol, not another colour
