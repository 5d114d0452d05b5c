namespace DigitalTwin.Grains.Interfaces.Twins;

/// <summary>The twin cannot take work now (it is reloading from storage after a failed write); the caller may retry.</summary>
[GenerateSerializer, Alias("dtn.TwinUnavailableException")]
public sealed class TwinUnavailableException : Exception
{
    public TwinUnavailableException()
    {
    }

    public TwinUnavailableException(string message)
        : base(message)
    {
    }

    public TwinUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
