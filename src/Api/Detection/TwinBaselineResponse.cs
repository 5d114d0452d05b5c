namespace DigitalTwin.Api.Detection;

/// <summary>
/// A twin's detection baseline: whether its own is warm, what its windows are scored against (<c>own</c>,
/// <c>peer</c> or <c>none</c>), the windows scored and flagged, its own baseline and, while that warms up, its
/// device type's peer baseline (null once warm).
/// </summary>
internal sealed record TwinBaselineResponse(
    string TwinId,
    string TwinType,
    bool Warm,
    double WarmUpSeconds,
    string ScoredAgainst,
    long WindowsScored,
    long WindowsFlagged,
    BaselineResponse Own,
    BaselineResponse? Peer);
