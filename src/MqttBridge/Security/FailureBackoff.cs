using System.Collections.Concurrent;
using System.Net;

namespace DigitalTwin.MqttBridge.Security;

/// <summary>
/// Slows password guessing beyond the hash cost: after a failed attempt a device id is refused, without any
/// verification, for a back-off that doubles with each further failure up to a maximum; a remote address is backed off
/// the same way once it has failed <see cref="BrokerAuthOptions.AddressFailureThreshold"/> times. A success clears the
/// device id's record. Bounded: records whose back-off ended long ago make room first when the table is full.
/// </summary>
internal sealed class FailureBackoff(BrokerAuthOptions options, TimeProvider clock)
{
    /// <summary>Records kept at most; an attacker inventing ids and addresses cannot grow the table beyond it.</summary>
    public const int Capacity = 100_000;

    private readonly ConcurrentDictionary<string, Record> _records = new(StringComparer.Ordinal);

    public int Count => _records.Count;

    /// <summary>When the attempt may be made again, or null when it may be made now.</summary>
    public DateTimeOffset? BlockedUntil(string username, IPAddress? address)
    {
        var now = clock.GetUtcNow();
        var until = Until(UserKey(username), now);
        if (address is not null && Until(AddressKey(address), now) is { } addressUntil && (until is null || addressUntil > until))
        {
            until = addressUntil;
        }

        return until;
    }

    public void Failed(string username, IPAddress? address)
    {
        var now = clock.GetUtcNow();
        MakeRoom(now);
        Add(UserKey(username), now, threshold: 1);
        if (address is not null)
        {
            Add(AddressKey(address), now, options.AddressFailureThreshold);
        }
    }

    public void Succeeded(string username) => _records.TryRemove(UserKey(username), out _);

    private DateTimeOffset? Until(string key, DateTimeOffset now) =>
        _records.TryGetValue(key, out var record) && record.BlockedUntil > now ? record.BlockedUntil : null;

    private void Add(string key, DateTimeOffset now, int threshold) =>
        _records.AddOrUpdate(
            key,
            static (_, state) => state.Self.Next(0, state.Now, state.Threshold),
            static (_, old, state) => state.Self.Next(old.Failures, state.Now, state.Threshold),
            (Self: this, Now: now, Threshold: threshold));

    private Record Next(int failuresBefore, DateTimeOffset now, int threshold)
    {
        var failures = failuresBefore + 1;
        if (failures < threshold)
        {
            return new Record(failures, now, DateTimeOffset.MinValue);
        }

        var doublings = Math.Min(failures - threshold, 30);
        var ticks = Math.Min(options.FailureBackoff.Ticks * (1L << doublings), options.MaxFailureBackoff.Ticks);
        return new Record(failures, now, now + TimeSpan.FromTicks(ticks));
    }

    /// <summary>
    /// Past capacity, forgets records idle for longer than the maximum back-off (their count would have restarted
    /// soon anyway), then, if that was not enough, the table's arbitrary first ones.
    /// </summary>
    private void MakeRoom(DateTimeOffset now)
    {
        if (_records.Count < Capacity)
        {
            return;
        }

        foreach (var (key, record) in _records)
        {
            if (now - record.LastFailure > options.MaxFailureBackoff)
            {
                _records.TryRemove(key, out _);
            }
        }

        foreach (var key in _records.Keys.Take(Math.Max(0, _records.Count - Capacity + Capacity / 10)))
        {
            _records.TryRemove(key, out _);
        }
    }

    private static string UserKey(string username) => "u:" + username;

    private static string AddressKey(IPAddress address) => "a:" + (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    private sealed record Record(int Failures, DateTimeOffset LastFailure, DateTimeOffset BlockedUntil);
}
