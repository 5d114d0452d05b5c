using MQTTnet.Server;

namespace DigitalTwin.MqttBridge.Outbound;

/// <summary>
/// The subscriptions of this silo's broker that take more than their own device's topics: <c>twin/#</c>,
/// <c>device/+/command</c>, another device's topic, <c>#</c>. A filter <c>device/{id}/…</c> whose id is the
/// subscriber's client id or user name is its own and not wide. Other silos send what the platform publishes for
/// everyone only while this broker has some (<see cref="Any"/>, announced through <see cref="Changed"/>). A session
/// that persists keeps its subscriptions, so a subscriber that is offline still counts: its broker queues for it.
/// </summary>
internal sealed class WideSubscriptions
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, HashSet<string>> _byClient = new(StringComparer.Ordinal);
    private volatile bool _any;

    /// <summary>Raised, outside any lock, when the broker gets its first wide subscription or loses its last.</summary>
    public event Action<bool>? Changed;

    public bool Any => _any;

    public static bool IsWide(string filter, string clientId, string? userName)
    {
        const string DevicePrefix = "device/";
        if (!filter.StartsWith(DevicePrefix, StringComparison.Ordinal))
        {
            return true;
        }

        var rest = filter.AsSpan(DevicePrefix.Length);
        var slash = rest.IndexOf('/');
        var id = slash < 0 ? rest : rest[..slash];
        return !(id.SequenceEqual(clientId) || (userName is not null && id.SequenceEqual(userName)));
    }

    public void Attach(MqttServer server)
    {
        server.ValidatingConnectionAsync += OnConnectingAsync;
        server.ClientSubscribedTopicAsync += OnSubscribedAsync;
        server.ClientUnsubscribedTopicAsync += OnUnsubscribedAsync;
        server.SessionDeletedAsync += OnSessionDeletedAsync;
    }

    public void Detach(MqttServer server)
    {
        server.ValidatingConnectionAsync -= OnConnectingAsync;
        server.ClientSubscribedTopicAsync -= OnSubscribedAsync;
        server.ClientUnsubscribedTopicAsync -= OnUnsubscribedAsync;
        server.SessionDeletedAsync -= OnSessionDeletedAsync;
    }

    public void Add(string clientId, string? userName, string filter)
    {
        if (IsWide(filter, clientId, userName))
        {
            Update(() =>
            {
                if (!_byClient.TryGetValue(clientId, out var filters))
                {
                    _byClient[clientId] = filters = new HashSet<string>(StringComparer.Ordinal);
                }

                filters.Add(filter);
            });
        }
    }

    public void Remove(string clientId, string filter) =>
        Update(() =>
        {
            if (_byClient.TryGetValue(clientId, out var filters) && filters.Remove(filter) && filters.Count == 0)
            {
                _byClient.Remove(clientId);
            }
        });

    public void RemoveClient(string clientId) => Update(() => _byClient.Remove(clientId));

    /// <summary>A clean start replaces the client's session, and MQTTnet says nothing of the old one's subscriptions.</summary>
    private Task OnConnectingAsync(ValidatingConnectionEventArgs args)
    {
        if (args.CleanSession == true)
        {
            RemoveClient(args.ClientId);
        }

        return Task.CompletedTask;
    }

    private Task OnSubscribedAsync(ClientSubscribedTopicEventArgs args)
    {
        Add(args.ClientId, args.UserName, args.TopicFilter.Topic);
        return Task.CompletedTask;
    }

    private Task OnUnsubscribedAsync(ClientUnsubscribedTopicEventArgs args)
    {
        Remove(args.ClientId, args.TopicFilter);
        return Task.CompletedTask;
    }

    private Task OnSessionDeletedAsync(SessionDeletedEventArgs args)
    {
        RemoveClient(args.Id);
        return Task.CompletedTask;
    }

    private void Update(Action change)
    {
        bool before, after;
        lock (_lock)
        {
            before = _byClient.Count > 0;
            change();
            after = _byClient.Count > 0;
            _any = after;
        }

        if (before != after)
        {
            Changed?.Invoke(after);
        }
    }
}
