"""nbval settings for the notebooks: compare text output (numbers, tables); skip widget ids
and the HTML twin of every table (its text/plain version is compared)."""


def pytest_collectstart(collector):
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("text/html", "application/vnd.jupyter.widget-view+json",
                                   "application/vnd.jupyter.widget-state+json")
