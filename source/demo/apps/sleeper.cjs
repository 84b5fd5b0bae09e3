// Does nothing, forever; keeps the event loop alive.
setInterval(() => {}, 60_000);
