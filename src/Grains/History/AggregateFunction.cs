namespace DigitalTwin.Grains.History;

/// <summary>How the points of one bucket are combined (<c>agg=</c>).</summary>
public enum AggregateFunction
{
    Avg,
    Min,
    Max,
    Sum,

    /// <summary>Points carrying the field, of any type; the others take numbers only.</summary>
    Count,
}
