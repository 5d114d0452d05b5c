namespace DigitalTwin.Fleet;

/// <summary>Step 5: how many twins were brought to life, with how many messages each, and how long it took.</summary>
public sealed record SeedFigures(int Twins, int Points, long Acknowledged, TimeSpan FirstRound, TimeSpan MoreRounds);
