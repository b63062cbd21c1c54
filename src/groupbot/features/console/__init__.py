"""console: signing in to the web console from the chat."""
