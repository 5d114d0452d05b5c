using System.Collections.Concurrent;

namespace DigitalTwin.MqttBridge.Broker;

/// <summary>
/// The connection of each client id, open or ending, so that a client reconnecting with the same id waits for the
/// previous one to be done. MQTTnet 5.2 ends a clean-session connection by removing the client and only then deleting
/// its session, looking the client up again by id: a new connection with that id registered in between (a device
/// re-sending at once, <c>mosquitto_pub</c> run twice) is taken for the old one, stopped, and its session disposed
/// under it ("Sending PUBLISH packet failed: ObjectDisposedException"), and the device sees its connection lost.
/// Holding the new CONNECT back until the old connection's end is processed closes that window. The old connection
/// may not even have read its DISCONNECT yet when the new CONNECT arrives (a busy machine), so a connection that is
/// still open is given <see cref="TakeoverGrace"/> to end by itself before MQTTnet takes its session over, as the
/// specification wants for a connection that stays.
/// </summary>
/// <param name="clock">Times the waits; tests move it by hand.</param>
internal sealed class ConnectionTeardowns(TimeProvider clock)
{
    /// <summary>The longest a CONNECT waits for an ending connection: an end is processed in milliseconds, a stuck one must not hold a device out.</summary>
    public static readonly TimeSpan MaximumWait = TimeSpan.FromSeconds(5);

    /// <summary>How long a CONNECT waits for a connection of its id that is still open to end by itself.</summary>
    public static readonly TimeSpan TakeoverGrace = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<string, Connection> _connections = new(StringComparer.Ordinal);

    /// <summary>The connection <paramref name="owner"/> is now the one of <paramref name="clientId"/>.</summary>
    public void Open(string clientId, object owner)
    {
        if (clientId.Length > 0)
        {
            _connections[clientId] = new Connection(owner);
        }
    }

    /// <summary>The connection <paramref name="owner"/> of <paramref name="clientId"/> has stopped receiving: its end is being processed.</summary>
    public void Begin(string clientId, object owner)
    {
        if (clientId.Length == 0)
        {
            return;
        }

        // A newer connection of the id owns it already: nothing waits for this one any more.
        var connection = _connections.GetOrAdd(clientId, _ => new Connection(owner));
        if (ReferenceEquals(connection.Owner, owner))
        {
            connection.Ending = true;
        }
    }

    /// <summary>MQTTnet has finished with the connection <paramref name="owner"/>: a later connection of its id may go ahead.</summary>
    public void End(string clientId, object owner)
    {
        if (clientId.Length > 0
            && _connections.TryGetValue(clientId, out var connection)
            && ReferenceEquals(connection.Owner, owner)
            && _connections.TryRemove(new KeyValuePair<string, Connection>(clientId, connection)))
        {
            connection.Done.TrySetResult();
        }
    }

    /// <summary>
    /// Completes when no connection of <paramref name="clientId"/> is open or ending: at once when there is none, after
    /// at most <see cref="TakeoverGrace"/> for an open one that does not end, <see cref="MaximumWait"/> for an ending one.
    /// </summary>
    public async Task WaitForAsync(string clientId, CancellationToken cancellationToken)
    {
        if (clientId.Length == 0 || !_connections.TryGetValue(clientId, out var connection))
        {
            return;
        }

        var ending = connection.Ending;
        try
        {
            await connection.Done.Task.WaitAsync(ending ? MaximumWait : TakeoverGrace, clock, cancellationToken);
            return;
        }
        catch (TimeoutException) when (!ending && connection.Ending)
        {
            // It began ending during the grace: its end is on the way.
        }
        catch (TimeoutException)
        {
            // Still open (a real takeover, which MQTTnet handles), or its end is stuck: go ahead as MQTTnet would.
            return;
        }

        try
        {
            await connection.Done.Task.WaitAsync(MaximumWait, clock, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Go ahead as MQTTnet would have: the old connection's end is stuck, not racing.
        }
    }

    private sealed class Connection(object owner)
    {
        public object Owner { get; } = owner;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public volatile bool Ending;
    }
}
