namespace DigitalTwin.Grains.Interfaces.Commands;

/// <summary>Where a command job is: still sending commands, waiting for their outcomes, or done.</summary>
[GenerateSerializer, Alias("dtn.CommandJobStatus")]
public enum CommandJobStatus : byte
{
    Dispatching = 0,
    Running = 1,
    Completed = 2,
}
