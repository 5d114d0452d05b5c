using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests.Observability;

/// <summary><c>Observability:OtlpEndpoint</c>: the silo pushes its metrics and traces to an OpenTelemetry collector.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task MetricsAndTracesArePushedToTheCollectorEachOnItsOwnPathWithPrometheusOff()
    {
        await using var collector = new OtlpReceiver();
        await using var silo = await SiloProcess.StartAsync(new Dictionary<string, string>
        {
            ["Observability:OtlpEndpoint"] = collector.Endpoint.ToString(),
            ["Observability:PrometheusEnabled"] = "false",

            // OpenTelemetry's own variables, read from the silo's configuration: HTTP rather than gRPC, and exports
            // every half second rather than every minute.
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });
        using (var response = await silo.Http.GetAsync("/api/v1/twins"))
        {
            response.EnsureSuccessStatusCode();
        }

        using (var scrape = await silo.Http.GetAsync("/metrics"))
        {
            Assert.Equal(System.Net.HttpStatusCode.NotFound, scrape.StatusCode);
        }

        var requests = await Eventually.UntilAsync(
            () => Task.FromResult(collector.Requests),
            seen => seen.Any(r => r.StartsWith("POST /v1/metrics application/x-protobuf", StringComparison.Ordinal))
                && seen.Any(r => r.StartsWith("POST /v1/traces application/x-protobuf", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30));

        Assert.Contains(requests, r => r.StartsWith("POST /v1/metrics application/x-protobuf", StringComparison.Ordinal));
        Assert.Contains(requests, r => r.StartsWith("POST /v1/traces application/x-protobuf", StringComparison.Ordinal));
        Assert.All(requests, r => Assert.Matches(@"^POST /v1/(metrics|traces) application/x-protobuf [1-9]\d*$", r));
        Assert.Empty(silo.LoggedErrors());
    }
}
