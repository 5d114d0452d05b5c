namespace DigitalTwin.Api.Detection;

/// <summary>
/// A behaviour baseline: the feature schema version learnt, windows and seconds of traffic learnt, windows kept out
/// because they were flagged, the daily cycle it corrects for, and each feature by name.
/// </summary>
internal sealed record BaselineResponse(
    int SchemaVersion, long Windows, double Seconds, long Flagged, double DailyCycleFactor, IReadOnlyDictionary<string, FeatureBaselineResponse> Features);
