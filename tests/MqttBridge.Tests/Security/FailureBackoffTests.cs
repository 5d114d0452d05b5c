using System.Net;
using DigitalTwin.MqttBridge.Security;
using Microsoft.Extensions.Time.Testing;

namespace DigitalTwin.MqttBridge.Tests.Security;

/// <summary>Failed attempts back a device id off at once and an address after a threshold, doubling up to a maximum.</summary>
public sealed class FailureBackoffTests
{
    private static readonly IPAddress Address = IPAddress.Parse("192.0.2.7");

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly FailureBackoff _backoff;

    public FailureBackoffTests() =>
        _backoff = new FailureBackoff(new BrokerAuthOptions { FailureBackoff = TimeSpan.FromSeconds(1), MaxFailureBackoff = TimeSpan.FromSeconds(8), AddressFailureThreshold = 3 }, _clock);

    [Fact]
    public void NothingIsBlockedBeforeAFailure() => Assert.Null(_backoff.BlockedUntil("dev-1", Address));

    [Fact]
    public void EachFailureOfADeviceIdDoublesItsBackOffUpToTheMaximum()
    {
        var seen = new List<TimeSpan>();
        for (var i = 0; i < 6; i++)
        {
            _backoff.Failed("dev-1", null);
            seen.Add(_backoff.BlockedUntil("dev-1", null)!.Value - _clock.GetUtcNow());
        }

        Assert.Equal([1, 2, 4, 8, 8, 8], seen.Select(s => s.TotalSeconds));
    }

    [Fact]
    public void TheBackOffEndsAndASuccessClearsIt()
    {
        _backoff.Failed("dev-1", null);
        _clock.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Null(_backoff.BlockedUntil("dev-1", null));

        _backoff.Failed("dev-1", null);
        Assert.Equal(TimeSpan.FromSeconds(2), _backoff.BlockedUntil("dev-1", null)!.Value - _clock.GetUtcNow());
        _backoff.Succeeded("dev-1");
        Assert.Null(_backoff.BlockedUntil("dev-1", null));
        _backoff.Failed("dev-1", null);
        Assert.Equal(TimeSpan.FromSeconds(1), _backoff.BlockedUntil("dev-1", null)!.Value - _clock.GetUtcNow());
    }

    [Fact]
    public void AnAddressIsBackedOffOnlyFromItsThresholdAndForEveryName()
    {
        _backoff.Failed("guess-1", Address);
        _backoff.Failed("guess-2", Address);
        Assert.Null(_backoff.BlockedUntil("dev-9", Address));

        _backoff.Failed("guess-3", Address);

        Assert.NotNull(_backoff.BlockedUntil("dev-9", Address));
        Assert.Null(_backoff.BlockedUntil("dev-9", IPAddress.Parse("192.0.2.8")));
        Assert.NotNull(_backoff.BlockedUntil("dev-9", Address.MapToIPv6()));
    }

    [Fact]
    public void OneDeviceIdsFailuresDoNotBlockAnother()
    {
        _backoff.Failed("dev-1", null);

        Assert.Null(_backoff.BlockedUntil("dev-2", null));
    }
}
