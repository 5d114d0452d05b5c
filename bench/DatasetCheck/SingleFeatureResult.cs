using DigitalTwin.Behaviour.Evaluation;

namespace DigitalTwin.Bench.DatasetCheck;

/// <summary>
/// The best single-feature rule for one class (or one class in one intensity band) against normal windows.
/// <see cref="Windows"/> counts the class's windows holding its traffic, the ones scored; <see cref="Silent"/> those
/// its episodes left empty, left out.
/// </summary>
internal sealed record SingleFeatureResult(string Class, string? Band, int Windows, int Silent, string Feature, ThresholdRule? Rule);
