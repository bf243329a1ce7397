"""The verkenning for respondents in a browser: a server-rendered HTML form on tornado.

- `pagina`: the questionnaire as pages, and what a posted page means (no web server in it)
- `app`: the tornado application (routes, hygiene, rate limit of wrong codes) and `run`
- `uitnodigingen`: personal single-use codes, the Excel list for a mail merge and the Word
  letters with link, code and QR code
- `templates/` and `static/`: the pages and the one stylesheet

`klantreis verkenning serveer` (`verkenning.serveer`) checks the study and starts `app.run`.
"""
