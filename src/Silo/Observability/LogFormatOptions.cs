namespace DigitalTwin.Silo.Observability;

/// <summary>The shape of the console log: <c>Logging:Format</c>, beside .NET's own <c>Logging:LogLevel</c> keys.</summary>
public sealed class LogFormatOptions
{
    public const string SectionName = "Logging";

    /// <summary>Human-readable lines, .NET's simple console format.</summary>
    public const string Text = "text";

    /// <summary>One JSON object per line, for log collectors (.NET's JSON console format, UTC timestamps).</summary>
    public const string Json = "json";

    /// <summary><see cref="Text"/> or <see cref="Json"/>.</summary>
    public string Format { get; set; } = Text;

    public bool IsJson => string.Equals(Format, Json, StringComparison.OrdinalIgnoreCase);
}
