"""DAP requests about data breakpoints (a part of ``dap.DapSession``): ``dataBreakpointInfo`` and
``setDataBreakpoints``. The work is the engine's (``data_breakpoints``); see docs/tracer-protocol.md."""
from bugscope.dap_reply import text_argument
from bugscope.engine import EngineError

ACCESS_TYPES = ["write"]


class DataBreakpointRequests(object):
    def on_dataBreakpointInfo(self, args):
        """``variablesReference`` + ``name`` (a child listed under that reference), or ``name`` as an expression
        (a name, ``a.b`` or ``a[k]``) in ``frameId``. Something that cannot be watched answers ``dataId: null``
        and says why in ``description`` (DAP's way), not an error."""
        name = args.get("name")
        if not isinstance(name, str) or not name:
            raise EngineError("bugscope: dataBreakpointInfo needs a 'name'")
        if args.get("asAddress") or args.get("bytes"):
            return {"dataId": None, "description": "Python values have no addresses: give a variable or an expression"}
        data = self.engine.data_breakpoints()
        ref = args.get("variablesReference")
        try:
            if isinstance(ref, int) and ref > 0:
                data_id, description = data.info_for_variable(ref, name)
            else:
                frame_id = args.get("frameId")
                data_id, description = data.info_for_expression(frame_id if isinstance(frame_id, int) else None, name)
        except EngineError as e:
            return {"dataId": None, "description": _plain(str(e))}
        return {"dataId": data_id, "description": description, "accessTypes": ACCESS_TYPES, "canPersist": False}

    def on_setDataBreakpoints(self, args):
        specs = []
        for b in args.get("breakpoints") or []:
            if isinstance(b, dict) and isinstance(b.get("dataId"), str):
                access = b.get("accessType") if isinstance(b.get("accessType"), str) else None
                specs.append((b["dataId"], access, text_argument(b, "condition"), text_argument(b, "hitCondition")))
        out = []
        for bp_id, verified, message in self.engine.data_breakpoints().set(specs):
            bp = {"id": bp_id, "verified": verified}
            if message:
                bp["message"] = message
            out.append(bp)
        return {"breakpoints": out}

    def data_breakpoint_changed(self, bp_id, verified, message):
        """A data breakpoint's frame returned, or its object was freed: it can never hit again."""
        bp = {"id": bp_id, "verified": verified}
        if message:
            bp["message"] = message
        self.event("breakpoint", {"reason": "changed", "breakpoint": bp})


def _plain(message):
    return message[len("bugscope: "):] if message.startswith("bugscope: ") else message
