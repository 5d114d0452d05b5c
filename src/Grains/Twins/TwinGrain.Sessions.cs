using DigitalTwin.Grains.Commands;
using DigitalTwin.Grains.Events;
using DigitalTwin.Grains.Interfaces.Commands;
using DigitalTwin.Grains.Interfaces.Events;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Wire.Outbound;
using Microsoft.Extensions.Logging;

namespace DigitalTwin.Grains.Twins;

/// <summary>
/// Where the device's MQTT session is (<see cref="ITwinSessionGrain"/>): the silo whose broker holds it, which the
/// platform's messages for the device go through. Kept in memory, and in the stored state for a twin that activates
/// again (<see cref="TwinState.SessionSilo"/>). A device that moves to another silo keeps one session: the old one is
/// ended, the desired document is published again, and the commands sent to it and not acknowledged are sent again
/// through the new one once the device subscribes to its commands there.
/// </summary>
internal sealed partial class TwinGrain : ITwinSessionGrain
{
    private SiloAddress? _sessionSilo;
    private Guid _sessionConnection;

    /// <summary>What <see cref="TwinState.SessionSilo"/> holds once the twin exists (a device may connect before its twin is discovered).</summary>
    private string? _storedSessionSilo;

    /// <summary>The device moved: the commands sent and not acknowledged go again once it subscribes to them on its new silo.</summary>
    private bool _resendOnSubscribe;

    public async Task SessionOpenedAsync(SiloAddress silo, Guid connection)
    {
        // The silo the device was last connected to: the one in memory, or the one stored when it disconnected or the
        // twin was activated since.
        var previous = _sessionSilo ?? (_storedSessionSilo is { } stored ? SiloAddress.FromParsableString(stored) : null);
        (_sessionSilo, _sessionConnection) = (silo, connection);
        sessionSilos.Track(Id, silo);
        await StoreSessionSiloAsync(silo);
        if (previous is null || previous.Equals(silo))
        {
            return;
        }

        LogSessionMoved(logger, Id, previous.ToString(), silo.ToString());
        _resendOnSubscribe = true;
        if (!sessionSilos.IsGone(previous))
        {
            await SendAsync(channel.EndSessionAsync(Id, previous));
        }

        // A broker that started after the document was published does not hold it.
        if (_twin.Exists && state.State.Desired.Count > 0)
        {
            await PublishDesiredAsync();
        }
    }

    public async Task SubscribedToCommandsAsync(SiloAddress silo, Guid connection)
    {
        if (!_resendOnSubscribe || !silo.Equals(_sessionSilo) || connection != _sessionConnection)
        {
            return;
        }

        // The old broker dropped what it had queued for the device with its session.
        _resendOnSubscribe = false;
        foreach (var command in _commands.Commands.Where(c => c.Status == CommandStatus.Sent))
        {
            await SendAsync(channel.PublishCommandAsync(DeviceCommandOf(command), _sessionSilo));
        }
    }

    public Task SessionClosedAsync(SiloAddress silo, Guid connection)
    {
        if (silo.Equals(_sessionSilo) && connection == _sessionConnection)
        {
            ForgetSession();
        }

        return Task.CompletedTask;
    }

    public async Task SessionSiloDiedAsync(SiloAddress silo)
    {
        if (silo.Equals(_sessionSilo))
        {
            ForgetSession();
            _storedSessionSilo = null;
            await LoseConnectionAsync();
        }
    }

    public Task<SiloAddress?> GetSessionSiloAsync() => Task.FromResult(_sessionSilo);

    /// <summary>At activation: takes up the stored session, or takes the device offline when its silo is gone.</summary>
    private async Task ActivateSessionAsync()
    {
        if (_storedSessionSilo is not { } stored)
        {
            return;
        }

        var silo = SiloAddress.FromParsableString(stored);
        if (sessionSilos.IsGone(silo))
        {
            _storedSessionSilo = null;
            await LoseConnectionAsync();
            return;
        }

        _sessionSilo = silo;
        sessionSilos.Track(Id, silo);
    }

    /// <summary>Forgets the session in memory; the stored silo stays, as the last one the device was connected to.</summary>
    private void ForgetSession()
    {
        (_sessionSilo, _sessionConnection) = (null, Guid.Empty);
        sessionSilos.Forget(Id);
    }

    /// <summary>
    /// Stores the silo now when it changed, not with the next snapshot: with PostgreSQL a twin rebuilds from its snapshot
    /// and the message log, and the log does not say where the device connected. It changes when a device first
    /// connects and when it moves, not when it reconnects to the same silo.
    /// </summary>
    private async Task StoreSessionSiloAsync(SiloAddress silo)
    {
        _storedSessionSilo = silo.ToParsableString();
        if (KeepSessionSilo() && !StorageGoesWithTheSilo(shuttingDown: false))
        {
            await WriteStateAsync();
        }
    }

    /// <summary>
    /// Puts the session silo into the state of a twin that exists (one discovered after its device connected gets it
    /// with its first change, and its first snapshot is not put off); true when that changed the state.
    /// </summary>
    private bool KeepSessionSilo()
    {
        if (!_twin.Exists || state.State.SessionSilo == _storedSessionSilo)
        {
            return false;
        }

        state.State.SessionSilo = _storedSessionSilo;
        _lastSnapshot = DateTimeOffset.MinValue;
        return true;
    }

    private async Task LoseConnectionAsync()
    {
        var now = clock.GetUtcNow();
        if (!_twin.LoseConnection(now))
        {
            return;
        }

        MarkDirty();
        await PublishUpdateAsync([], "platform");
        AnnouncePresenceChange(PresenceStatus.Online);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Device {TwinId} moved its session from silo {From} to silo {To}")]
    private static partial void LogSessionMoved(ILogger logger, string twinId, string from, string to);
}
