"""Failing networks: a fault-injecting JSON-RPC proxy and gateway, and what Agora does under them."""
