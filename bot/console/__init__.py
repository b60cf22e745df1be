"""The web console at /console (issue 17): see `bot.console.app`."""
