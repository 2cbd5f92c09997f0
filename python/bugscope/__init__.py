"""Bugscope's Python tracer: a DAP server that runs inside the debugged program.

Layers (Delve-like): ``engine`` and its backends know nothing about sockets or JSON; ``dap`` maps DAP requests
to engine calls; ``wire`` only frames bytes; ``server`` owns the connection; ``cli`` runs the program.
"""
PROTOCOL_VERSION = 1
