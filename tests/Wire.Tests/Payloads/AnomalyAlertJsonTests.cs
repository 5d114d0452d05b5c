using System.Text.Json;
using DigitalTwin.Grains.Interfaces.Alerts;
using DigitalTwin.Wire.Outbound;

namespace DigitalTwin.Wire.Tests.Payloads;

/// <summary>The anomaly alert object every surface writes (<c>twin/{id}/alert</c>, the feeds, the API).</summary>
public sealed class AnomalyAlertJsonTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void EachWindowOfTheEvidenceSaysWhetherThePersistentDeviationFlaggedIt()
    {
        var alert = new AnomalyAlert("sensor-1", 1, "dns_tunnelling", AlertSeverity.Warning, AlertStatus.Active, Now.AddMinutes(-2), Now, 3, 4.25,
        [
            new AlertEvidence(Now.AddMinutes(-2), 4.25, "dns_tunnelling", []) { Persistence = 11.5 },
            new AlertEvidence(Now, 4.0, "dns_tunnelling", []) { ModelClass = "normal", ModelProbability = 0.6 },
        ])
        {
            TwinType = "sensor", Baseline = "own", UpdatedAt = Now,
        };

        using var document = JsonDocument.Parse(PlatformMessageJson.WriteAnomalyAlert(alert, "raised", Now));

        var evidence = document.RootElement.GetProperty("alert").GetProperty("evidence");
        Assert.Equal(11.5, evidence[0].GetProperty("persistence").GetDouble());
        Assert.Equal(JsonValueKind.Null, evidence[0].GetProperty("model").ValueKind);
        Assert.Equal(JsonValueKind.Null, evidence[1].GetProperty("persistence").ValueKind);
        Assert.Equal("normal", evidence[1].GetProperty("model").GetProperty("class").GetString());
    }
}
