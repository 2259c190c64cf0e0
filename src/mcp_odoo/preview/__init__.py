"""Development tooling for the MCP Apps views: render a view against the demo server in headless
Chromium, and take the screenshots shown in the docs. Never imported by the server itself."""
