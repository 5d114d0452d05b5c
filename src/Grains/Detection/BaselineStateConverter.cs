using DigitalTwin.Detection.Baselines;

namespace DigitalTwin.Grains.Detection;

[RegisterConverter]
internal sealed class BaselineStateConverter : IConverter<BaselineState, BaselineStateSurrogate>
{
    public BaselineState ConvertFromSurrogate(in BaselineStateSurrogate surrogate) => new()
    {
        SchemaVersion = surrogate.SchemaVersion,
        Weights = surrogate.Weights ?? (surrogate.SingleWeights is { } single ? Array.ConvertAll(single, w => (double)w) : []),
        Totals = surrogate.Totals ?? [],
        HourLevels = surrogate.HourLevels ?? [],
        HourWindows = surrogate.HourWindows ?? [],
        Windows = surrogate.Windows,
        Seconds = surrogate.Seconds,
        Flagged = surrogate.Flagged,
    };

    public BaselineStateSurrogate ConvertToSurrogate(in BaselineState value) => new()
    {
        SchemaVersion = value.SchemaVersion,
        Weights = value.Weights,
        Totals = value.Totals,
        HourLevels = value.HourLevels,
        HourWindows = value.HourWindows,
        Windows = value.Windows,
        Seconds = value.Seconds,
        Flagged = value.Flagged,
    };
}
