namespace DigitalTwin.NetworkProbe.Output;

/// <summary>Where the probe's windows go: the platform over MQTT, or a dataset file.</summary>
internal interface IWindowSink : IAsyncDisposable
{
    ValueTask WriteAsync(ProbeWindow window, CancellationToken cancellationToken);

    /// <summary>Delivers or writes what is buffered; <paramref name="cancellationToken"/> cuts the wait short.</summary>
    Task CompleteAsync(CancellationToken cancellationToken);

    /// <summary>One line on what was delivered, for the probe's closing summary.</summary>
    string Summary { get; }
}
