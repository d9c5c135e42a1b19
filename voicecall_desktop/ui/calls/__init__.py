"""The calls already booked: outbox, history pane and models, and keeping them fresh."""
