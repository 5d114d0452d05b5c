using System.Collections.Concurrent;

namespace DigitalTwin.MqttBridge.Broker;

/// <summary>
/// Connections whose end MQTTnet is still processing, by client id, so that a client reconnecting with the same id
/// waits for it. MQTTnet 5.2 ends a clean-session connection by removing the client and only then deleting its
/// session, looking the client up again by id: a new connection with that id registered in between (a device
/// re-sending at once, <c>mosquitto_pub</c> run twice) is taken for the old one, stopped, and its session disposed
/// under it ("Sending PUBLISH packet failed: ObjectDisposedException"), and the device sees its connection lost.
/// Holding the new CONNECT back until the old connection's end is processed closes that window; a connection
/// that is still open is not waited for (MQTTnet takes its session over, as the specification wants).
/// </summary>
internal sealed class ConnectionTeardowns
{
    /// <summary>The longest a CONNECT waits: an end is processed in milliseconds, a stuck one must not hold a device out.</summary>
    public static readonly TimeSpan MaximumWait = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Teardown> _ending = new(StringComparer.Ordinal);

    /// <summary>The connection <paramref name="owner"/> of <paramref name="clientId"/> has stopped receiving: its end is being processed.</summary>
    public void Begin(string clientId, object owner)
    {
        if (clientId.Length > 0)
        {
            _ending[clientId] = new Teardown(owner);
        }
    }

    /// <summary>MQTTnet has finished with the connection <paramref name="owner"/>: a later connection of its id may go ahead.</summary>
    public void End(string clientId, object owner)
    {
        if (clientId.Length > 0
            && _ending.TryGetValue(clientId, out var teardown)
            && ReferenceEquals(teardown.Owner, owner)
            && _ending.TryRemove(new KeyValuePair<string, Teardown>(clientId, teardown)))
        {
            teardown.Done.TrySetResult();
        }
    }

    /// <summary>Completes when no connection of <paramref name="clientId"/> is ending, or after <see cref="MaximumWait"/>.</summary>
    public async Task WaitForAsync(string clientId, CancellationToken cancellationToken)
    {
        if (clientId.Length == 0 || !_ending.TryGetValue(clientId, out var teardown))
        {
            return;
        }

        try
        {
            await teardown.Done.Task.WaitAsync(MaximumWait, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Go ahead as MQTTnet would have: the old connection's end is stuck, not racing.
        }
    }

    private sealed record Teardown(object Owner)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
