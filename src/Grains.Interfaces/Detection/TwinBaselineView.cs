namespace DigitalTwin.Grains.Interfaces.Detection;

/// <summary>
/// A twin's detection baseline: whether its own is warm (<see cref="WarmUpSeconds"/> of traffic learnt) and so the
/// one its windows are judged by, or still warming up, when its device type's peer baseline serves
/// (<see cref="ScoredAgainst"/>: <c>own</c>, <c>peer</c>, or <c>none</c> while neither has learnt enough); the
/// windows scored and flagged; its own baseline and, while that warms up, the peers'.
/// </summary>
[GenerateSerializer, Immutable, Alias("dtn.TwinBaselineView")]
public sealed record TwinBaselineView(
    [property: Id(0)] string TwinId,
    [property: Id(1)] string TwinType,
    [property: Id(2)] bool Warm,
    [property: Id(3)] double WarmUpSeconds,
    [property: Id(4)] string ScoredAgainst,
    [property: Id(5)] long WindowsScored,
    [property: Id(6)] long WindowsFlagged,
    [property: Id(7)] BaselineView Own,
    [property: Id(8)] BaselineView? Peer);
