namespace DigitalTwin.TwinReads;

/// <summary>What one wrk run measured, read from the <c>dtn:</c> lines its script's <c>done()</c> prints.</summary>
public sealed record WrkFigures(
    long Requests,
    TimeSpan Duration,
    long Bytes,
    long Non2xx,
    long ConnectErrors,
    long ReadErrors,
    long WriteErrors,
    long Timeouts,
    TimeSpan P50,
    TimeSpan P90,
    TimeSpan P99,
    TimeSpan P999,
    TimeSpan Max,
    TimeSpan Mean)
{
    public double RequestsPerSecond => Requests / Duration.TotalSeconds;

    public long SocketErrors => ConnectErrors + ReadErrors + WriteErrors + Timeouts;

    /// <summary>
    /// Reads <c>dtn: key=value ...</c> lines (latencies in microseconds). Throws when a figure is missing, so a
    /// changed script or a wrk that died early cannot pass for a run with zeros.
    /// </summary>
    public static WrkFigures Parse(string output)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n'))
        {
            if (!line.StartsWith("dtn:", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var pair in line[4..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=');
                if (equals > 0)
                {
                    values[pair[..equals]] = double.Parse(pair[(equals + 1)..], System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }

        double Read(string key) => values.TryGetValue(key, out var value)
            ? value
            : throw new InvalidOperationException($"wrk printed no '{key}' figure; its output was:\n{output}");

        TimeSpan Micros(string key) => TimeSpan.FromMicroseconds(Read(key));

        return new WrkFigures(
            (long)Read("requests"), Micros("duration_us"), (long)Read("bytes"), (long)Read("non2xx"),
            (long)Read("connect"), (long)Read("read"), (long)Read("write"), (long)Read("timeout"),
            Micros("p50"), Micros("p90"), Micros("p99"), Micros("p999"), Micros("max"), Micros("mean"));
    }
}
