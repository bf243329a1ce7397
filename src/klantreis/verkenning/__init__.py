"""Verkenninginstrument: the self-scan on the seven uitgangspunten.

- `vragenlijst`: the questionnaire definition (instruments/verkenning.yaml), validated
- `opslag`: the SQLite store of responses in the study folder (web form and imports)
- `uitwisseling`: exports to and imports from LimeSurvey, Microsoft Forms and Excel
- `formulier` and `serveer`: the ipywidgets form and serving it to respondents with Voilà
- `analyse`: statistics per uitgangspunt, perspective, round and municipality (pingouin)
"""
