namespace DigitalTwin.Silo.Observability;

/// <summary>
/// What the silo tells SREs beyond its log: the Prometheus scrape endpoint, OTLP export of metrics and traces, and how
/// long <c>/health/ready</c> says no before a graceful stop begins. Bound from the <c>Observability</c> section.
/// </summary>
public sealed class ObservabilityOptions
{
    public const string SectionName = "Observability";

    /// <summary>The longest <see cref="ReadinessDrain"/>: it is spent inside the host's 30 s shutdown grace.</summary>
    public static readonly TimeSpan MaxReadinessDrain = TimeSpan.FromSeconds(20);

    /// <summary>Serve the metrics in Prometheus' text format at <c>/metrics</c>.</summary>
    public bool PrometheusEnabled { get; set; } = true;

    /// <summary>
    /// An OpenTelemetry collector (<c>http://collector:4317</c>, gRPC unless <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> says
    /// <c>http/protobuf</c>). Set: metrics and traces are pushed there. Empty: nothing is pushed and no trace is recorded.
    /// </summary>
    public string OtlpEndpoint { get; set; } = "";

    /// <summary>
    /// On a graceful stop, how long <c>/health/ready</c> answers 503 while the silo still serves, before anything stops:
    /// the time Kubernetes needs to take the pod out of its Services. Zero stops at once.
    /// </summary>
    public TimeSpan ReadinessDrain { get; set; } = TimeSpan.Zero;

    /// <summary>The parsed <see cref="OtlpEndpoint"/>, or null when nothing is exported.</summary>
    public Uri? OtlpTarget => Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var target) && target.Scheme is "http" or "https" ? target : null;
}
