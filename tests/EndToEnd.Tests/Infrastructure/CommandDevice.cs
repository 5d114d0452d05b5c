using System.Text.Json;

namespace DigitalTwin.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A device made of the mosquitto clients: <c>mosquitto_sub</c> on its command topic receives commands,
/// <c>mosquitto_pub</c> sends its presence and acks. Nothing of ours speaks MQTT on its side.
/// </summary>
public sealed class CommandDevice(Mosquitto mqtt, Subscription commands, string id) : IDisposable
{
    public string Id => id;

    /// <summary>Subscribes to <c>device/{id}/command</c> (subscription confirmed before it returns).</summary>
    public static async Task<CommandDevice> ConnectAsync(Mosquitto mqtt, string id) =>
        new(mqtt, await mqtt.SubscribeAsync(id + "-device", $"device/{id}/command"), id);

    public Task AnnounceOnlineAsync() => mqtt.PublishAsync($"device/{id}/status", "online", clientId: id + "-status");

    /// <summary>The payload of the <paramref name="index"/>-th command received (0 = first).</summary>
    public async Task<JsonElement> ReceiveAsync(int index = 0)
    {
        await Eventually.GetAsync(
            () => Task.FromResult(Received().Count),
            count => count > index,
            what: $"command {index + 1} on device/{id}/command");
        return Received()[index];
    }

    public IReadOnlyList<JsonElement> Received()
    {
        var prefix = $"device/{id}/command ";
        return commands.Lines.Where(l => l.StartsWith(prefix, StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l[prefix.Length..]).RootElement.Clone())
            .ToList();
    }

    public async Task AckAsync(string commandId, string status, string extra = "")
    {
        var (exitCode, output) = await mqtt.PublishAsync(
            $"device/{id}/ack", $$"""{"command_id":"{{commandId}}","device_id":"{{id}}","status":"{{status}}"{{extra}}}""", clientId: id + "-ack");
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"mosquitto_pub of the ack failed: {output}");
        }
    }

    public void Dispose() => commands.Dispose();
}
