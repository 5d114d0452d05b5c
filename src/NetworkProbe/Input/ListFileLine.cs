using DigitalTwin.Behaviour.CommandLine;

namespace DigitalTwin.NetworkProbe.Input;

/// <summary>One entry of a <see cref="ListFile"/>: its line number and trimmed fields.</summary>
internal sealed record ListFileLine(string Option, string Path, int Number, string[] Fields)
{
    /// <summary>A usage error that names the option, the file and this line.</summary>
    public UsageException Error(string message) => new($"{Option} {Path}:{Number}: {message}");
}
