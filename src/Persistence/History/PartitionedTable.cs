using System.Globalization;
using DigitalTwin.Persistence.Hosting;

namespace DigitalTwin.Persistence.History;

/// <summary>
/// A table partitioned by day on a time column, with a default partition for times no daily partition covers
/// yet, and a retention after which whole days are dropped. <see cref="DailyPartitions"/> keeps them.
/// </summary>
/// <param name="Name">The partitioned table; its partitions are <c>{Name}_pYYYYMMDD</c> and <c>{Name}_default</c>.</param>
/// <param name="TimeColumn">The partition key.</param>
/// <param name="What">What the rows are, for the log.</param>
/// <param name="Retention">How long rows are kept, from the options.</param>
internal sealed record PartitionedTable(string Name, string TimeColumn, string What, Func<PostgresOptions, TimeSpan> Retention)
{
    /// <summary>The message log, which is also the telemetry history, on the device's time.</summary>
    public static readonly PartitionedTable DeviceMessages =
        new("dtn_device_messages", "device_time", "telemetry", options => options.TelemetryRetention);

    /// <summary>The network windows twins accepted, on the window's start.</summary>
    public static readonly PartitionedTable NetworkWindows =
        new("dtn_network_windows", "window_start", "network windows", options => options.NetworkWindowRetention);

    public static IReadOnlyList<PartitionedTable> All { get; } = [DeviceMessages, NetworkWindows];

    public string DefaultPartition => Name + "_default";

    /// <summary>The prefix every daily partition's name starts with.</summary>
    public string Prefix => Name + "_p";

    public string PartitionName(DateOnly day) => Prefix + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
