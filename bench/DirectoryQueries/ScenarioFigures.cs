namespace DigitalTwin.DirectoryQueries;

/// <summary>
/// What one scenario measured: latencies over HTTP in milliseconds, the rows and <c>count</c> the listings
/// returned (low–high when they varied), failed requests, and for walks whether each walk saw every twin once
/// (<paramref name="WalkProblems"/>: walks that repeated or missed twins).
/// </summary>
public sealed record ScenarioFigures(
    QueryScenario Scenario,
    int Requests,
    double P50,
    double P90,
    double P99,
    double Max,
    (int Low, int High) Rows,
    (int Low, int High) Count,
    int Failures,
    string? FirstFailure,
    string? WalkCheck,
    int WalkProblems)
{
    /// <summary>Median planning + execution time of the count and of the page statement, from EXPLAIN ANALYZE; null when not measured.</summary>
    public (double Count, double Page)? Sql { get; init; }
}
