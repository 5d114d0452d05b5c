using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;

namespace DigitalTwin.TwinReads;

/// <summary>
/// Puts the twins in place through the platform's own paths: <c>POST /api/v1/twins</c> creates each, one QoS 1
/// publish of a flat object on <c>device/{id}/state</c> gives it <see cref="FieldCount"/> reported fields, and
/// reading every twin back until each shows them all proves the publishes were applied (a PUBACK means queued).
/// </summary>
public sealed class TwinSeed(HttpClient http, int mqttPort, TextWriter log)
{
    public const int FieldCount = 10;
    public const string IdPrefix = "twin-";
    public const string DeviceType = "environment_sensor";

    private const int Parallelism = 32;
    private const int PublishConnections = 4;
    private static readonly TimeSpan AppliedTimeout = TimeSpan.FromSeconds(120);

    /// <summary>The id of twin <paramref name="number"/> (1-based), as the wrk script forms it.</summary>
    public static string IdOf(int number) => IdPrefix + number.ToString("D5", CultureInfo.InvariantCulture);

    public async Task<TimeSpan> RunAsync(int twins, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var ids = Enumerable.Range(1, twins).Select(IdOf).ToArray();
        await Parallel.ForEachAsync(ids, Options(cancellationToken), CreateAsync);
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Created {twins} twins in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s."));

        await PublishStateAsync(ids, cancellationToken);
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Published {FieldCount} reported fields to each twin ({Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s)."));

        await WaitUntilAppliedAsync(ids, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Every twin shows its {FieldCount} fields ({elapsed.TotalSeconds:0.0} s)."));
        return elapsed;
    }

    /// <summary>Ten values of each JSON kind a device reports: numbers, a boolean, text.</summary>
    public static string StatePayload(int number) => string.Create(CultureInfo.InvariantCulture,
        $$"""{"temperature":{{20 + number % 100 / 10.0}},"humidity":{{40 + number % 50}},"pressure":1013.25,"battery":{{number % 101}},"rssi":-{{50 + number % 40}},"co2":{{400 + number % 600}},"voc":0.35,"door_open":{{(number % 2 == 0 ? "true" : "false")}},"mode":"auto","firmware":"2.4.{{number % 10}}"}""");

    private async ValueTask CreateAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/twins", new { id, type = DeviceType }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"POST /api/v1/twins for {id} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    private async Task PublishStateAsync(string[] ids, CancellationToken cancellationToken)
    {
        var clients = new List<IMqttClient>();
        try
        {
            for (var i = 0; i < PublishConnections; i++)
            {
                var client = new MqttClientFactory().CreateMqttClient();
                clients.Add(client);
                var options = new MqttClientOptionsBuilder()
                    .WithTcpServer("127.0.0.1", mqttPort)
                    .WithClientId($"bench-reads-{i}")
                    .WithCleanStart(true)
                    .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
                    .WithTimeout(TimeSpan.FromSeconds(60))
                    .Build();
                await client.ConnectAsync(options, cancellationToken);
            }

            // MQTT 5, so a refused publish comes back as a PUBACK reason code rather than a silent success.
            await Parallel.ForEachAsync(Enumerable.Range(1, ids.Length), Options(cancellationToken), async (number, token) =>
            {
                var message = new MqttApplicationMessageBuilder()
                    .WithTopic($"device/{ids[number - 1]}/state")
                    .WithPayload(Encoding.UTF8.GetBytes(StatePayload(number)))
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build();
                var result = await clients[number % clients.Count].PublishAsync(message, token);
                if ((int)result.ReasonCode >= 0x80)
                {
                    throw new InvalidOperationException($"The state publish for {ids[number - 1]} was refused: {result.ReasonCode} {result.ReasonString}");
                }
            });
        }
        finally
        {
            foreach (var client in clients)
            {
                if (client.IsConnected)
                {
                    await client.DisconnectAsync(cancellationToken: CancellationToken.None);
                }

                client.Dispose();
            }
        }
    }

    private async Task WaitUntilAppliedAsync(string[] ids, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        IReadOnlyCollection<string> pending = ids;
        while (true)
        {
            var missing = new System.Collections.Concurrent.ConcurrentBag<string>();
            await Parallel.ForEachAsync(pending, Options(cancellationToken), async (id, token) =>
            {
                using var document = await http.GetFromJsonAsync<JsonDocument>($"/api/v1/twins/{id}", token)
                    ?? throw new InvalidOperationException($"GET /api/v1/twins/{id} answered with an empty body.");
                if (document.RootElement.GetProperty("data").GetProperty("state").EnumerateObject().Count() != FieldCount)
                {
                    missing.Add(id);
                }
            });

            if (missing.IsEmpty)
            {
                return;
            }

            if (Stopwatch.GetElapsedTime(started) > AppliedTimeout)
            {
                throw new TimeoutException($"{missing.Count} twins still lack their {FieldCount} fields after {AppliedTimeout.TotalSeconds:0} s, e.g. {missing.First()}.");
            }

            pending = missing;
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    private static ParallelOptions Options(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
}
