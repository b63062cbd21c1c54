"""chats."""
