"""Runs of the route: one application (`attempt`) to its stop for a person
(`review_stop`), many after another (`batch`, `cifer-bot fill`), and the drift report
(`check`, `cifer-bot selectors check`); `setup` is what both kinds of run share."""
