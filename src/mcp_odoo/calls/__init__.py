"""How a tool, a resource or a prompt is declared and served: the per-connection runtime, the one
runner every call goes through (guard, policy errors, audit, metrics), confirmation and idempotency.

It sits below the MCP surface (tools, packs, resources, prompts) and above the policy and the audit.
"""
