"""What a run leaves for people: each application's outcome and review table
(`outcome`), and the report of the whole list rebuilt from the journal (`build`:
`report.json`; `html`: `report.html`)."""

from cifer_bot.report.outcome import STATUS_TEXT, Outcome, Status, count, now, review_markdown

__all__ = ["STATUS_TEXT", "Outcome", "Status", "count", "now", "review_markdown"]
