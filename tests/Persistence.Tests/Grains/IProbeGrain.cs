namespace DigitalTwin.Persistence.Tests.Grains;

/// <summary>A grain that exercises the PostgreSQL providers: grain state on "twins" and a reminder.</summary>
public interface IProbeGrain : IGrainWithStringKey
{
    Task WriteAsync(string text, int number);

    Task<ProbeState> ReadAsync();

    Task DeactivateAsync();

    Task StartReminderAsync();

    Task StopReminderAsync();
}
