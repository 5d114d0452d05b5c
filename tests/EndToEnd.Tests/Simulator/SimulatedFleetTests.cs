using System.Net;
using System.Text.Json;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests.Simulator;

/// <summary>
/// The device simulator's fleet against the real silo: the twins it creates through auto-discovery, their
/// telemetry and presence, commands and desired state round trips, and what its last wills do when it dies.
/// </summary>
[Collection(SimulatedFleetCollection.Name)]
public sealed class SimulatedFleetTests(SimulatedFleetFixture fixture)
{
    private static readonly string[] Types = ["temperature_sensor", "environmental_monitor", "smart_light", "industrial_equipment", "camera", "gateway"];

    private readonly SiloProcess _silo = fixture.Silo;

    [Fact]
    public async Task TwoHundredSimulatedDevicesGiveTwoHundredOnlineTwinsWithTelemetry()
    {
        var twins = await FleetTwinsAsync(t => t.GetProperty("status").GetString() == "online");

        Assert.Equal(SimulatedFleetFixture.Devices, twins.Count);
        Assert.Equal(Types.Order(), twins.Select(t => t.GetProperty("type").GetString()).Distinct().Order());
        foreach (var twin in twins)
        {
            var id = twin.GetProperty("id").GetString()!;
            var telemetry = await Eventually.GetAsync(
                () => _silo.GetDataAsync($"/api/v1/twins/{id}/telemetry?limit=5"), t => t.GetProperty("count").GetInt32() >= 2, TimeSpan.FromSeconds(20), $"{id} telemetry");
            var point = telemetry.GetProperty("telemetry")[0];
            Assert.True(point.EnumerateObject().Count() >= 3, $"{id}: {point}");
        }

        var sensor = await _silo.GetDataAsync($"/api/v1/twins/{SimulatedFleetFixture.Prefix}temperature-sensor-0001");
        var state = sensor.GetProperty("state");
        Assert.InRange(state.GetProperty("temperature").GetDouble(), -10, 45);
        Assert.InRange(state.GetProperty("humidity").GetDouble(), 5, 100);
        Assert.Equal(0, sensor.GetProperty("messages").GetProperty("rejected").GetInt64());
    }

    [Fact]
    public async Task EveryDevicePublishesANetworkWindowEachWindowWithoutGroundTruth()
    {
        using var windows = await fixture.Mqtt.SubscribeAsync("e2e-network-watch", "device/+/network");

        var lines = await Eventually.GetAsync(
            () => Task.FromResult(windows.Lines.Where(l => l.StartsWith("device/", StringComparison.Ordinal)).ToList()),
            l => l.Select(DeviceOf).Where(d => d.StartsWith(SimulatedFleetFixture.Prefix, StringComparison.Ordinal)).Distinct().Count() == SimulatedFleetFixture.Devices,
            TimeSpan.FromSeconds(30),
            "a network window from every device");

        foreach (var line in lines.Take(50))
        {
            var payload = JsonDocument.Parse(line[(line.IndexOf(' ') + 1)..]).RootElement;
            Assert.Equal(["features", "schema", "window_seconds", "window_start"], payload.EnumerateObject().Select(p => p.Name).Order());
            Assert.Equal(2, payload.GetProperty("window_seconds").GetDouble());
            var features = payload.GetProperty("features").EnumerateObject().ToList();
            Assert.NotEmpty(features);
            Assert.All(features, f => Assert.Equal(JsonValueKind.Number, f.Value.ValueKind));
            Assert.DoesNotContain(features, f => f.Name.Contains("label") || f.Name.Contains("anomal") || f.Name.Contains("class") || f.Name.Contains("truth") || f.Name.Contains("attack"));
        }

        Assert.True(File.Exists(fixture.GroundTruthPath), "the ground truth goes to its file");
        Assert.NotEqual(0, new FileInfo(fixture.GroundTruthPath).Length);
    }

    [Fact]
    public async Task EveryTwinKeepsItsDevicesNetworkWindowsWithStatistics()
    {
        var twins = await FleetTwinsAsync(t => t.GetProperty("status").GetString() == "online");
        Assert.Equal(SimulatedFleetFixture.Devices, twins.Count);

        foreach (var twin in twins)
        {
            var id = twin.GetProperty("id").GetString()!;
            var network = await Eventually.GetAsync(
                () => _silo.GetDataAsync($"/api/v1/twins/{id}/network?limit=5"),
                n => n.GetProperty("window_counts").GetProperty("accepted").GetInt64() >= 2,
                TimeSpan.FromSeconds(20),
                $"{id} network windows");
            Assert.Equal(0, network.GetProperty("window_counts").GetProperty("out_of_order").GetInt64());
            Assert.Equal(2, network.GetProperty("windows")[0].GetProperty("window_seconds").GetDouble());
            Assert.True(network.GetProperty("statistics").GetProperty("packets_out").GetProperty("count").GetInt64() >= 2, $"{id}: {network}");
        }
    }

    [Fact]
    public async Task TheExportVerbJoinsWhatTheTwinsObservedWithTheGroundTruth()
    {
        await FleetTwinsAsync(t => t.GetProperty("status").GetString() == "online");
        await Task.Delay(TimeSpan.FromSeconds(6));
        var output = Path.Combine(Path.GetTempPath(), $"e2e-export-{Guid.NewGuid():N}.csv");
        try
        {
            var now = DateTimeOffset.UtcNow;
            await using var export = ProgramProcess.Start(
                "DeviceSimulator",
                "export", "--platform", _silo.Http.BaseAddress!.ToString().TrimEnd('/'),
                "--from", now.AddMinutes(-5).ToString("O"), "--to", now.ToString("O"),
                "--ground-truth", fixture.GroundTruthPath, "--out", output, "--format", "csv");

            Assert.True(await export.WaitForExitAsync(TimeSpan.FromSeconds(60)), export.Tail);
            Assert.True(export.ExitCode == 0, export.Tail);
            var matched = export.Output.Single(l => l.StartsWith("matched with ground truth: ", StringComparison.Ordinal));
            Assert.True(long.Parse(matched["matched with ground truth: ".Length..]) >= SimulatedFleetFixture.Devices, export.Tail);

            var lines = File.ReadAllLines(output);
            var header = lines[0].Split(',');
            Assert.Contains("label", header);
            Assert.Contains("packets_out", header);
            var label = Array.IndexOf(header, "label");
            Assert.Contains(lines.Skip(1), l => l.Split(',')[label] == "normal");
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public async Task TheExportVerbFailsNamingTheRangeWhenItHoldsNoWindows()
    {
        // The ground truth must be readable, so that the failure is the empty range and nothing else.
        await Eventually.GetAsync(
            () => Task.FromResult(File.Exists(fixture.GroundTruthPath) && File.ReadAllText(fixture.GroundTruthPath).Contains('\n', StringComparison.Ordinal)),
            written => written, TimeSpan.FromSeconds(60), "the fleet's ground-truth header");
        var output = Path.Combine(Path.GetTempPath(), $"e2e-empty-export-{Guid.NewGuid():N}.csv");
        await using var export = ProgramProcess.Start(
            "DeviceSimulator",
            "export", "--platform", _silo.Http.BaseAddress!.ToString().TrimEnd('/'),
            "--from", "2026-01-01T00:00:00Z", "--to", "2026-01-01T00:10:00Z",
            "--ground-truth", fixture.GroundTruthPath, "--out", output);

        Assert.True(await export.WaitForExitAsync(TimeSpan.FromSeconds(60)), export.Tail);
        Assert.True(export.ExitCode == 1, export.Tail);
        Assert.Contains(export.Output, l => l.Contains("no network windows between 2026-01-01T00:00:00", StringComparison.Ordinal));
        Assert.False(File.Exists(output), "an empty export left a file behind");
    }

    [Fact]
    public async Task EveryOnlineSimulatedTwinCarriesItsDeviceType()
    {
        var twins = await FleetTwinsAsync(t => t.GetProperty("status").GetString() == "online");

        Assert.All(twins, t => Assert.StartsWith(t.GetProperty("type").GetString()!.Replace('_', '-'), t.GetProperty("id").GetString()![SimulatedFleetFixture.Prefix.Length..]));
    }

    [Fact]
    public async Task ACommandToASimulatedLightIsAnsweredWithASucceededAckAndItsResult()
    {
        var id = $"{SimulatedFleetFixture.Prefix}smart-light-0001";
        await FleetTwinsAsync(t => t.GetProperty("status").GetString() == "online");

        var answer = await ApiCall.SendAsync(_silo.Http, HttpMethod.Post, $"/api/v1/twins/{id}/command?wait=15s",
            """{"action":"set_brightness","parameters":{"brightness":75,"duration":1},"timeout":10}""");

        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        Assert.Equal("succeeded", answer.Data.GetProperty("status").GetString());
        var result = answer.Data.GetProperty("result");
        Assert.Equal(75, result.GetProperty("brightness").GetInt32());
        Assert.InRange(result.GetProperty("execution_time").GetDouble(), 1, 2);
        await Eventually.GetAsync(
            () => _silo.GetDataAsync($"/api/v1/twins/{id}"), t => t.GetProperty("state").GetProperty("brightness").GetDouble() == 75, what: "brightness 75 reported");
    }

    [Fact]
    public async Task ACommandTheDeviceCannotCarryOutEndsFailedWithTheDevicesReason()
    {
        var id = $"{SimulatedFleetFixture.Prefix}industrial-equipment-0001";
        await FleetTwinsAsync(t => t.GetProperty("status").GetString() == "online");

        var answer = await ApiCall.SendAsync(_silo.Http, HttpMethod.Post, $"/api/v1/twins/{id}/command?wait=15s",
            """{"action":"reset_alarm","parameters":{"code":"E-NONE"},"timeout":10}""");

        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        Assert.Equal("failed", answer.Data.GetProperty("status").GetString());
        Assert.Equal("no active alarm", answer.Data.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task ADesiredBrightnessIsAppliedByTheDeviceAndTheDeltaClears()
    {
        var id = $"{SimulatedFleetFixture.Prefix}smart-light-0002";
        await FleetTwinsAsync(t => t.GetProperty("status").GetString() == "online");

        var patched = await ApiCall.SendAsync(_silo.Http, HttpMethod.Patch, $"/api/v1/twins/{id}/desired", """{"brightness":40,"color_temperature":3000}""");
        Assert.True(patched.Status == HttpStatusCode.OK, patched.ToString());

        var desired = await Eventually.GetAsync(
            () => _silo.GetDataAsync($"/api/v1/twins/{id}/desired"), d => !d.GetProperty("delta").EnumerateObject().Any(), TimeSpan.FromSeconds(15), "delta cleared");
        Assert.Equal(40, desired.GetProperty("reported").GetProperty("brightness").GetDouble());
        Assert.Equal(3000, desired.GetProperty("reported").GetProperty("color_temperature").GetDouble());
        Assert.Equal(40, desired.GetProperty("desired").GetProperty("brightness").GetDouble());
    }

    [Fact]
    public async Task KillingTheSimulatorLeavesItsTwinsOfflineThroughTheirLastWills()
    {
        var ids = Enumerable.Range(1, 6).Select(n => $"killed-{Types[n - 1].Replace('_', '-')}-0001").ToList();
        await using var fleet = ProgramProcess.Start(
            "DeviceSimulator",
            "run", "--broker", "127.0.0.1", "--port", _silo.MqttPort.ToString(), "--devices", "6", "--id-prefix", "killed-", "--interval", "1");
        await WaitForStatusAsync(ids, "online", fleet);

        await fleet.KillAsync();

        await WaitForStatusAsync(ids, "offline", fleet);
    }

    [Fact]
    public async Task TerminationStopsTheFleetGracefullyWithEveryDeviceOffline()
    {
        var ids = Enumerable.Range(1, 6).Select(n => $"stopped-{Types[n - 1].Replace('_', '-')}-0001").ToList();
        await using var fleet = ProgramProcess.Start(
            "DeviceSimulator",
            "run", "--broker", "127.0.0.1", "--port", _silo.MqttPort.ToString(), "--devices", "6", "--id-prefix", "stopped-", "--interval", "1");
        await WaitForStatusAsync(ids, "online", fleet);

        Assert.True(await fleet.TerminateAsync(TimeSpan.FromSeconds(20)), fleet.Tail);

        Assert.Equal(0, fleet.ExitCode);
        Assert.Contains(fleet.Output, l => l.StartsWith("run: stopped; 6/6 devices said offline", StringComparison.Ordinal));
        await WaitForStatusAsync(ids, "offline", fleet);
    }

    [Fact]
    public async Task ADurationEndsTheRunOnItsOwn()
    {
        string[] ids = ["brief-temperature-sensor-0001", "brief-environmental-monitor-0001"];
        await using var fleet = ProgramProcess.Start(
            "DeviceSimulator",
            "run", "--broker", "127.0.0.1", "--port", _silo.MqttPort.ToString(), "--devices", "2", "--id-prefix", "brief-", "--interval", "1", "--duration", "6");

        Assert.True(await fleet.WaitForExitAsync(TimeSpan.FromSeconds(30)), fleet.Tail);

        Assert.True(fleet.ExitCode == 0, fleet.Tail);
        Assert.Contains(fleet.Output, l => l.StartsWith("run: stopped; 2/2 devices said offline", StringComparison.Ordinal));
        await WaitForStatusAsync(ids, "offline", fleet);
        foreach (var id in ids)
        {
            var twin = await _silo.GetDataAsync($"/api/v1/twins/{id}");
            Assert.True(twin.GetProperty("messages").GetProperty("accepted").GetInt64() >= 3, twin.ToString());
        }
    }

    [Fact]
    public async Task BadOptionsStopTheSimulatorWithTheReason()
    {
        await using var fleet = ProgramProcess.Start("DeviceSimulator", "run", "--devices", "many");

        Assert.True(await fleet.WaitForExitAsync(TimeSpan.FromSeconds(30)), fleet.Tail);
        Assert.Equal(2, fleet.ExitCode);
        Assert.Contains("run: --devices must be a whole number from 1 to 1000000, not 'many'", fleet.Output);
    }

    private static string DeviceOf(string line) => line.Split('/')[1];

    private async Task<List<JsonElement>> FleetTwinsAsync(Func<JsonElement, bool> each)
    {
        var listing = await Eventually.GetAsync(
            () => _silo.GetDataAsync("/api/v1/twins?limit=1000"),
            d => Fleet(d).Count(each) == SimulatedFleetFixture.Devices || fixture.Fleet.HasExited,
            TimeSpan.FromSeconds(60),
            $"{SimulatedFleetFixture.Devices} fleet twins");
        Assert.False(fixture.Fleet.HasExited, fixture.Fleet.Tail);
        return Fleet(listing).ToList();

        static IEnumerable<JsonElement> Fleet(JsonElement data) =>
            data.GetProperty("twins").EnumerateArray().Where(t => t.GetProperty("id").GetString()!.StartsWith(SimulatedFleetFixture.Prefix, StringComparison.Ordinal));
    }

    private async Task WaitForStatusAsync(IEnumerable<string> ids, string status, ProgramProcess fleet)
    {
        foreach (var id in ids)
        {
            try
            {
                await Eventually.GetAsync(
                    () => ApiCall.SendAsync(_silo.Http, HttpMethod.Get, $"/api/v1/twins/{id}"),
                    t => t.Status == HttpStatusCode.OK && t.Data.GetProperty("status").GetString() == status,
                    TimeSpan.FromSeconds(30),
                    $"{id} {status}");
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException($"{ex.Message}\nsimulator output:\n{fleet.Tail}", ex);
            }
        }
    }
}
