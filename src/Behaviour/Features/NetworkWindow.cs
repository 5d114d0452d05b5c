namespace DigitalTwin.Behaviour.Features;

/// <summary>
/// The metadata of one device's traffic over one window: never payload contents. <see cref="Values"/> holds one
/// value per <see cref="NetworkFeature"/>; a value a probe did not measure is <see cref="double.NaN"/>.
/// </summary>
public sealed class NetworkWindow
{
    public NetworkWindow(DateTimeOffset start, double seconds, double[] values, int schemaVersion = FeatureCatalog.SchemaVersion)
    {
        if (values.Length != FeatureCatalog.Count)
        {
            throw new ArgumentException($"a window has {FeatureCatalog.Count} feature values, not {values.Length}", nameof(values));
        }

        if (!FeatureCatalog.IsSupported(schemaVersion))
        {
            throw new ArgumentOutOfRangeException(nameof(schemaVersion), schemaVersion, "not a supported feature schema version");
        }

        Start = start;
        Seconds = seconds;
        Values = values;
        SchemaVersion = schemaVersion;
    }

    /// <summary>Start of the window (UTC).</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Length of the window in seconds.</summary>
    public double Seconds { get; }

    public DateTimeOffset End => Start.AddSeconds(Seconds);

    public double[] Values { get; }

    /// <summary>The feature schema the values follow (<see cref="FeatureCatalog.SupportedSchemaVersions"/>).</summary>
    public int SchemaVersion { get; }

    public double this[NetworkFeature feature] => Values[(int)feature];
}
