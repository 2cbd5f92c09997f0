import sys

import bugscope

bugscope.breakpoint()  # no tracer yet: does nothing
host, port = bugscope.listen(("127.0.0.1", 0))
print("bound", host, port, flush=True)
bugscope.wait_for_client()  # @wait
value = 41
bugscope.breakpoint()  # @api-break
value += 1  # @after-break
print("value", value)
