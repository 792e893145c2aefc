from harbour.risk.models import RiskToolVersion


def risk_tool_current(*, key: str) -> RiskToolVersion:
    """The version of a tool that new assessments use."""
    return RiskToolVersion.objects.select_related("tool").get(tool__key=key, is_current=True)
