using Orleans.Concurrency;

namespace DigitalTwin.Grains.Interfaces.Commands;

/// <summary>
/// The commands side of a device's twin (the same grain as <c>ITwinGrain</c>, keyed by device id): the API and
/// command jobs send, read, wait for and cancel commands here, and the MQTT bridge hands in the device's acks.
/// </summary>
public interface ITwinCommandsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies a device's ack to its command; an ack matching no unfinished command changes nothing and is
    /// counted.
    /// </summary>
    Task ReceiveAckAsync(CommandAck ack);

    /// <summary>
    /// Checks a command against the twin's device type and queues it; it is published at once when the
    /// device is online, else when it comes back. The command is durable before the call returns.
    /// </summary>
    Task<CommandResult> SendCommandAsync(CommandRequest request);

    /// <summary>The command, or null when the twin or the command does not exist.</summary>
    Task<CommandView?> GetCommandAsync(string commandId);

    /// <summary>
    /// The command once it is finished or <paramref name="wait"/> has passed, whichever comes first; null
    /// when it does not exist. Interleaves with other calls: waiting never holds up the twin.
    /// </summary>
    [AlwaysInterleave]
    Task<CommandView?> WaitForCommandAsync(string commandId, TimeSpan wait);

    /// <summary>A page of the twin's commands, newest first; null when the twin does not exist.</summary>
    Task<CommandPage?> ListCommandsAsync(CommandQuery query);

    /// <summary>Cancels an unfinished command; a command already sent may still be carried out by the device.</summary>
    Task<CommandResult> CancelCommandAsync(string commandId);
}
