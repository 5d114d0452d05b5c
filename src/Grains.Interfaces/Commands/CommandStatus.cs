namespace DigitalTwin.Grains.Interfaces.Commands;

/// <summary>
/// Where a command is in its life: <see cref="Queued"/> → <see cref="Sent"/> → one of the final states.
/// A command never leaves a final state.
/// </summary>
[GenerateSerializer, Alias("dtn.CommandStatus")]
public enum CommandStatus : byte
{
    /// <summary>Waiting for the device to be online; it goes out in order when the device comes back.</summary>
    Queued = 0,

    /// <summary>Published on <c>device/{id}/command</c>; waiting for the device's ack.</summary>
    Sent = 1,

    /// <summary>The device acknowledged with success.</summary>
    Succeeded = 2,

    /// <summary>The device acknowledged with a failure.</summary>
    Failed = 3,

    /// <summary>Sent, but no ack arrived within the command's timeout.</summary>
    TimedOut = 4,

    /// <summary>Never sent: the device stayed offline past the command's time-to-live.</summary>
    Expired = 5,

    /// <summary>Cancelled through the API before the device acknowledged it.</summary>
    Cancelled = 6,
}
