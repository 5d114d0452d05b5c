using System.Buffers;
using System.Text;
using System.Text.Json;
using DigitalTwin.Grains.Detection;
using DigitalTwin.Grains.Interfaces.Alerts;
using DigitalTwin.Persistence.Alerts;
using DigitalTwin.Persistence.Tests.Infrastructure;
using DigitalTwin.Wire.Outbound;
using Npgsql;
using static DigitalTwin.Persistence.Tests.Infrastructure.Entries;

namespace DigitalTwin.Persistence.Tests.Alerts;

/// <summary>
/// The same alerts and queries against the in-memory index's rules (<see cref="AlertSearch"/>) and PostgreSQL:
/// every page, total and cursor must be identical, and an alert reads back exactly as it was written.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AlertIndexParityTests(PostgresFixture fixture) : IAsyncLifetime
{
    private readonly Dictionary<string, AnomalyAlert> _memory = new(StringComparer.Ordinal);
    private NpgsqlDataSource _dataSource = null!;
    private PostgresAlertStore _postgres = null!;

    public async Task InitializeAsync()
    {
        _dataSource = await fixture.CreateDatabaseAsync();
        _postgres = new PostgresAlertStore(_dataSource);
        var random = new Random(20261206);
        var alerts = Enumerable.Range(0, 300).Select(i => RandomAlert(random, i)).ToList();

        // Later versions (acknowledged, cleared) and older ones arriving after them: the newer one stays.
        var newer = alerts.Where((_, i) => i % 7 == 0).Select(a => a with
        {
            AcknowledgedBy = "alice", AcknowledgedAt = a.UpdatedAt.AddMinutes(1), UpdatedAt = a.UpdatedAt.AddMinutes(1),
        });
        var older = alerts.Where((_, i) => i % 7 == 0).Select(a => a with { Status = AlertStatus.Cleared, UpdatedAt = a.UpdatedAt.AddSeconds(-30) });
        var batch = alerts.Concat(newer).Concat(older).ToList();
        foreach (var chunk in batch.Chunk(53))
        {
            await _postgres.UpsertAsync(chunk, CancellationToken.None);
            foreach (var alert in chunk)
            {
                if (!_memory.TryGetValue(alert.Id, out var kept) || kept.UpdatedAt <= alert.UpdatedAt)
                {
                    _memory[alert.Id] = alert;
                }
            }
        }
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    public static TheoryData<string> Filters =>
        ["none", "twin", "type", "critical", "warning", "active", "cleared", "acknowledged", "unacknowledged", "from", "to", "range", "combined", "nothing"];

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task EveryFilterAndPageAnswersAlike(string filter)
    {
        var query = filter switch
        {
            "twin" => new AlertQuery { TwinId = "dev-3" },
            "type" => new AlertQuery { Type = "port_scan" },
            "critical" => new AlertQuery { Severity = AlertSeverity.Critical },
            "warning" => new AlertQuery { Severity = AlertSeverity.Warning },
            "active" => new AlertQuery { Status = AlertStatus.Active },
            "cleared" => new AlertQuery { Status = AlertStatus.Cleared },
            "acknowledged" => new AlertQuery { Acknowledged = true },
            "unacknowledged" => new AlertQuery { Acknowledged = false },
            "from" => new AlertQuery { From = Start.AddMinutes(-30) },
            "to" => new AlertQuery { To = Start.AddMinutes(-30) },
            // Bounds on an alert's exact last-seen time include it.
            "range" => new AlertQuery { From = Start.AddMinutes(-40), To = Start.AddMinutes(-20) },
            "combined" => new AlertQuery { Type = "dns_tunnelling", Status = AlertStatus.Active, Acknowledged = false, From = Start.AddHours(-1) },
            "nothing" => new AlertQuery { TwinId = "nobody" },
            _ => new AlertQuery(),
        };

        foreach (var limit in new[] { 1, 17, 50, 1000 })
        {
            string? cursor = null;
            var pages = 0;
            var seen = 0;
            do
            {
                var page = query with { Limit = limit, Cursor = cursor };
                var expected = AlertSearch.Run(_memory.Values, page);
                var actual = await _postgres.QueryAsync(page, CancellationToken.None);
                Assert.True(expected.Total == actual.Total, $"{filter} limit {limit} page {pages}: total {expected.Total} in memory, {actual.Total} in PostgreSQL");
                Assert.Equal(expected.Alerts.Select(Render), actual.Alerts.Select(Render));
                Assert.Equal(expected.NextCursor, actual.NextCursor);
                seen += actual.Alerts.Length;
                cursor = actual.NextCursor;
                pages++;
            }
            while (cursor is not null && pages < 400);

            Assert.Equal(AlertSearch.Run(_memory.Values, query with { Limit = AlertQuery.MaxLimit }).Total, seen);
        }
    }

    [Fact]
    public async Task TheFiltersMeetTheirCases()
    {
        // The random set must give each filter something to keep and something to drop.
        foreach (var query in new[] { new AlertQuery { Severity = AlertSeverity.Critical }, new AlertQuery { Acknowledged = true }, new AlertQuery { Status = AlertStatus.Cleared }, new AlertQuery { TwinId = "dev-3" } })
        {
            var page = await _postgres.QueryAsync(query with { Limit = AlertQuery.MaxLimit }, CancellationToken.None);
            Assert.InRange(page.Total, 1, _memory.Count - 1);
        }
    }

    [Fact]
    public async Task AnAlertReadsBackAsItWasWrittenAndAnOlderVersionNeverReplacesIt()
    {
        var random = RandomAlert(new Random(5), 1_000);
        var unknownBaseline = new AlertReason("dns_unique_names", 30, double.NaN, double.NaN, 12.5, true, "dns_unique_names 30, no baseline");
        var alert = random with { TwinId = "keep-1", Number = 1, Evidence = [random.Evidence[0] with { Reasons = [unknownBaseline] }] };
        var acknowledged = alert with { AcknowledgedBy = "bob", AcknowledgedAt = alert.UpdatedAt.AddSeconds(5), UpdatedAt = alert.UpdatedAt.AddSeconds(5) };
        await _postgres.UpsertAsync([acknowledged], CancellationToken.None);
        await _postgres.UpsertAsync([alert], CancellationToken.None);

        var found = await _postgres.FindAsync("keep-1:1", CancellationToken.None);

        Assert.Equal(Render(acknowledged), Render(found!));
        Assert.Equal(acknowledged.Evidence[0].Reasons.Count, found!.Evidence[0].Reasons.Count);
        Assert.True(double.IsNaN(found.Evidence[0].Reasons[0].Centre));
        Assert.Null(await _postgres.FindAsync("keep-1:2", CancellationToken.None));
    }

    [Fact]
    public async Task ACursorOfAnotherListingOrAlteredIsRefused()
    {
        var page = await _postgres.QueryAsync(new AlertQuery { Limit = 2 }, CancellationToken.None);
        var altered = page.NextCursor![..^2] + (page.NextCursor[^2] == 'A' ? "BA" : "AA");
        var twinCursor = DigitalTwin.Grains.Directory.TwinCursor.At(default, Entry("dev-1")).Encode();

        foreach (var cursor in new[] { altered, twinCursor, "not-a-cursor" })
        {
            await Assert.ThrowsAsync<ArgumentException>(() => _postgres.QueryAsync(new AlertQuery { Cursor = cursor }, CancellationToken.None));
            Assert.Throws<ArgumentException>(() => { AlertSearch.Run(_memory.Values, new AlertQuery { Cursor = cursor }); });
        }
    }

    /// <summary>The alert as the API and MQTT show it: every field, evidence included.</summary>
    private static string Render(AnomalyAlert alert)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            PlatformMessageJson.WriteAlertObject(writer, alert);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + $" {alert.NormalWindows} {alert.UpdatedAt.UtcTicks}";
    }

    private static AnomalyAlert RandomAlert(Random random, int i)
    {
        // Few distinct update times, so the order meets many ties that the id breaks; some times are finer than a microsecond.
        var updated = Start.AddSeconds(-10 * random.Next(30)).AddTicks(random.Next(4) == 0 ? 3 : 0);
        var lastSeen = Start.AddMinutes(-random.Next(60));
        var behaviour = new[] { "port_scan", "dns_tunnelling", "beacon", "unclassified" }[random.Next(4)];
        var reasons = new List<AlertReason>
        {
            new("distinct_destination_ports", 312, random.Next(3) == 0 ? double.NaN : 2, 1, 9.5, true, "distinct_destination_ports 312, baseline 2 ± 1"),
            new("packets_in", 0.25, 4.5, 0.75, 1.25, false, "packets_in 0.25, baseline 4.5 ± 0.75"),
        };
        var acknowledged = random.Next(4) == 0;
        var cleared = random.Next(3) == 0;
        return new AnomalyAlert(
            $"dev-{random.Next(10)}", i + 1, behaviour, random.Next(3) == 0 ? AlertSeverity.Critical : AlertSeverity.Warning,
            cleared ? AlertStatus.Cleared : AlertStatus.Active, lastSeen.AddMinutes(-5), lastSeen, random.Next(1, 40), 4 + random.NextDouble() * 20,
            [new AlertEvidence(lastSeen.AddSeconds(-10), 7.125, behaviour, reasons) { Persistence = random.Next(2) == 0 ? 12.25 : null }])
        {
            TwinType = $"type-{random.Next(3)}",
            Baseline = random.Next(2) == 0 ? "own" : "peer",
            NormalWindows = random.Next(5),
            AcknowledgedBy = acknowledged ? "carol" : null,
            AcknowledgedAt = acknowledged ? updated : null,
            ClearedBy = cleared ? "auto" : null,
            ClearedAt = cleared ? updated : null,
            UpdatedAt = updated,
        };
    }
}
