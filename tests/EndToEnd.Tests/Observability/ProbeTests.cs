using System.Net;
using System.Text.Json;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests.Observability;

/// <summary>Kubernetes' probes on the real silo: live and ready while it runs, not ready first when it is told to stop.</summary>
public sealed class ProbeTests
{
    [Fact]
    public async Task ReadyTurns503AsSoonAsTheSiloIsToldToStopWhileLiveStays200()
    {
        await using var silo = await SiloProcess.StartAsync(new Dictionary<string, string> { ["Observability:ReadinessDrain"] = "00:00:15" });
        Assert.Equal((HttpStatusCode.OK, "ready"), await ProbeAsync(silo, "/health/ready"));
        Assert.Equal((HttpStatusCode.OK, "live"), await ProbeAsync(silo, "/health/live"));

        var stopped = silo.TerminateAsync(TimeSpan.FromSeconds(60));
        var notReady = await Eventually.GetAsync(() => ProbeAsync(silo, "/health/ready"), probe => probe.Status == HttpStatusCode.ServiceUnavailable, what: "ready answering 503");

        // Still serving, and still answering: the drain keeps everything up while the orchestrator reroutes.
        Assert.Equal("not_ready", notReady.Body);
        Assert.Equal((HttpStatusCode.OK, "live"), await ProbeAsync(silo, "/health/live"));
        using (var reasons = await silo.Http.GetAsync("/health/ready"))
        {
            Assert.Contains("the silo is shutting down", await reasons.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.True(await stopped, "the silo did not stop within 60 s of SIGTERM");
        Assert.Equal(0, silo.ExitCode);
        Assert.Empty(silo.LoggedErrors());
    }

    [Fact]
    public async Task TheRateLimitNeverThrottlesTheProbes()
    {
        await using var silo = await SiloProcess.StartAsync(new Dictionary<string, string>
        {
            ["Api:RateLimit:PermitLimit"] = "3",
            ["Api:RateLimit:Window"] = "00:00:10",
        });

        // The start-up's own health polls may have used the window already: throttled by the fourth call at the latest.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var health = await silo.Http.GetAsync("/api/v1/system/health");
            statuses.Add(health.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal((HttpStatusCode.OK, "ready"), await ProbeAsync(silo, "/health/ready"));
            Assert.Equal((HttpStatusCode.OK, "live"), await ProbeAsync(silo, "/health/live"));
        }
    }

    /// <summary>The probe's status and the <c>status</c> of its body; a refused connection counts as no answer (0).</summary>
    private static async Task<(HttpStatusCode Status, string? Body)> ProbeAsync(SiloProcess silo, string path)
    {
        try
        {
            using var response = await silo.Http.GetAsync(path);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return (response.StatusCode, body.RootElement.GetProperty("status").GetString());
        }
        catch (HttpRequestException)
        {
            return (0, null);
        }
    }
}
