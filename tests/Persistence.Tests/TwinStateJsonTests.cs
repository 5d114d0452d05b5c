using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Grains.Twins;
using DigitalTwin.Persistence.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;

namespace DigitalTwin.Persistence.Tests;

/// <summary>The twins' state goes through System.Text.Json with PostgreSQL: every part of it must survive.</summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class TwinStateJsonTests(PostgresClusterFixture fixture)
{
    [Fact]
    public void TheTwinsProviderSerializesWithSystemTextJson()
    {
        Assert.IsType<SystemTextJsonGrainStorageSerializer>(Serializer());
    }

    [Fact]
    public void ATwinStateRoundTrips()
    {
        var now = new DateTimeOffset(2026, 11, 28, 9, 30, 15, 123, TimeSpan.Zero);
        var state = new TwinState
        {
            Exists = true,
            Type = "sensor",
            Lifecycle = TwinLifecycle.Active,
            Metadata = { ["site"] = FieldValue.FromText("lab") },
            Properties = { ["limit"] = FieldValue.FromNumber(12.5), ["armed"] = FieldValue.FromBoolean(true) },
            Reported = { ["temperature"] = new ReportedField(FieldValue.FromNumber(23.5), now) },
            CreatedAt = now.AddDays(-1),
            LastUpdated = now,
            Version = 7,
            AnnouncedPresence = PresenceStatus.Online,
            LastSeen = now,
            Telemetry = [new TelemetryPoint(now, [new NamedValue("temperature", FieldValue.FromNumber(23.5))])],
            AcceptedMessages = 10,
            StaleMessages = 1,
            IgnoredMessages = 2,
            RejectedMessages = 3,
            Desired = { ["setpoint"] = new DesiredField(FieldValue.FromNumber(21), now), ["mode"] = new DesiredField(FieldValue.FromText("eco"), now.AddMinutes(-1)) },
            DesiredVersion = 4,
        };

        var copy = Serializer().Deserialize<TwinState>(Serializer().Serialize(state))!;

        Assert.True(copy.Exists);
        Assert.Equal("sensor", copy.Type);
        Assert.Equal(TwinLifecycle.Active, copy.Lifecycle);
        Assert.Equal(FieldValue.FromText("lab"), copy.Metadata["site"]);
        Assert.Equal(FieldValue.FromNumber(12.5), copy.Properties["limit"]);
        Assert.Equal(FieldValue.FromBoolean(true), copy.Properties["armed"]);
        Assert.Equal(new ReportedField(FieldValue.FromNumber(23.5), now), copy.Reported["temperature"]);
        Assert.Equal(now.AddDays(-1), copy.CreatedAt);
        Assert.Equal(now, copy.LastUpdated);
        Assert.Equal(7, copy.Version);
        Assert.Equal(PresenceStatus.Online, copy.AnnouncedPresence);
        Assert.Equal(now, copy.LastSeen);
        var point = Assert.Single(copy.Telemetry);
        Assert.Equal(now, point.Timestamp);
        Assert.Equal(new NamedValue("temperature", FieldValue.FromNumber(23.5)), Assert.Single(point.Values));
        Assert.Equal((10, 1, 2, 3), (copy.AcceptedMessages, copy.StaleMessages, copy.IgnoredMessages, copy.RejectedMessages));
        Assert.Equal(new DesiredField(FieldValue.FromNumber(21), now), copy.Desired["setpoint"]);
        Assert.Equal(new DesiredField(FieldValue.FromText("eco"), now.AddMinutes(-1)), copy.Desired["mode"]);
        Assert.Equal(4, copy.DesiredVersion);
    }

    private IGrainStorageSerializer Serializer() =>
        fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IOptionsMonitor<AdoNetGrainStorageOptions>>().Get(TwinStorage.ProviderName).GrainStorageSerializer;
}
