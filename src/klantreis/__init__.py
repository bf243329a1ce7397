"""klantreis: onderzoekskit voor de toegang tot het sociaal domein.

Kept light on purpose: importing the package loads no pandas, matplotlib or docx. Import the
module you need, e.g. `from klantreis.study import load_study`.
"""

__version__ = "0.1.0"
