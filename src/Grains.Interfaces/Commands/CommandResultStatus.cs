namespace DigitalTwin.Grains.Interfaces.Commands;

/// <summary>The outcome of sending or cancelling a command; each refusal maps to one API error code.</summary>
[GenerateSerializer, Alias("dtn.CommandResultStatus")]
public enum CommandResultStatus : byte
{
    Accepted = 0,

    /// <summary>A command with the caller's command id exists already; it is returned unchanged.</summary>
    Existing = 1,
    TwinNotFound = 2,

    /// <summary>The twin is suspended or decommissioned and takes no commands.</summary>
    TwinNotActive = 3,

    /// <summary>The twin's device type declares no such action (or no actions at all).</summary>
    UnknownAction = 4,
    InvalidParameters = 5,

    /// <summary>The twin holds as many unfinished commands as it may.</summary>
    QueueFull = 6,

    /// <summary>The caller's command id was used before for a different command.</summary>
    CommandIdConflict = 7,
    CommandNotFound = 8,

    /// <summary>The command is already finished and cannot be cancelled.</summary>
    AlreadyFinished = 9,
}
