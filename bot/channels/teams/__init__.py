"""Microsoft Teams: the Agents SDK listener, Adaptive Card rendering, messenger and app package."""
