using DigitalTwin.Behaviour.Features;

namespace DigitalTwin.Behaviour.Dataset;

/// <summary>
/// The column names and order of dataset files, shared by the CSV and Parquet writers and the CSV reader:
/// identity, then the row's feature schema version (every set: a feature's meaning depends on it), then
/// provenance, then the features in <see cref="FeatureCatalog"/> order, then the ground truth.
/// docs/dataset.md documents each column.
/// </summary>
public static class DatasetColumns
{
    public const string DeviceId = "device_id";
    public const string DeviceType = "device_type";
    public const string WindowStart = "window_start";
    public const string WindowEnd = "window_end";
    public const string WindowSeconds = "window_seconds";

    /// <summary>The feature schema version of the row's window (<see cref="NetworkWindow.SchemaVersion"/>).</summary>
    public const string SchemaVersion = "schema_version";

    public const string GeneratorVersion = "generator_version";
    public const string ScenarioId = "scenario_id";
    public const string Seed = "seed";
    public const string Split = "split";
    public const string TimeSplit = "time_split";

    public const string Label = "label";
    public const string Class = "class";
    public const string Phase = "phase";

    /// <summary>Whether the episode's traffic is in the window (<see cref="GroundTruth.TrafficPresent"/>).</summary>
    public const string TrafficPresent = "traffic_present";
    public const string Parameters = "parameters";
    public const string OnsetTime = "onset_time";
    public const string OffsetTime = "offset_time";

    public static IReadOnlyList<string> Identity { get; } = [DeviceId, DeviceType, WindowStart, WindowEnd, WindowSeconds];

    public static IReadOnlyList<string> Provenance { get; } = [GeneratorVersion, ScenarioId, Seed, Split, TimeSplit];

    public static IReadOnlyList<string> Features { get; } = FeatureCatalog.All.Select(f => f.Name).ToArray();

    public static IReadOnlyList<string> Truth { get; } = [Label, Class, Phase, TrafficPresent, Parameters, OnsetTime, OffsetTime];

    public static bool HasProvenance(DatasetColumnSet set) => set is DatasetColumnSet.Labelled or DatasetColumnSet.GroundTruth;

    public static bool HasFeatures(DatasetColumnSet set) => set is DatasetColumnSet.Labelled or DatasetColumnSet.Observed;

    public static bool HasGroundTruth(DatasetColumnSet set) => set is DatasetColumnSet.Labelled or DatasetColumnSet.GroundTruth;

    /// <summary>The columns of a set, in file order.</summary>
    public static IReadOnlyList<string> For(DatasetColumnSet set)
    {
        IEnumerable<string> columns = Identity.Append(SchemaVersion);
        if (HasProvenance(set))
        {
            columns = columns.Concat(Provenance);
        }

        if (HasFeatures(set))
        {
            columns = columns.Concat(Features);
        }

        if (HasGroundTruth(set))
        {
            columns = columns.Concat(Truth);
        }

        return columns.ToArray();
    }
}
