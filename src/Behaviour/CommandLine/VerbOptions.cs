using System.Globalization;

namespace DigitalTwin.Behaviour.CommandLine;

/// <summary>
/// The <c>--name value</c> options that follow a verb. Unknown options, a missing value and a repeated option are
/// usage errors, so a typo never silently falls back to a default.
/// </summary>
public sealed class VerbOptions
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private VerbOptions()
    {
    }

    public static VerbOptions Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> valueOptions, IReadOnlyCollection<string> flagOptions)
    {
        var options = new VerbOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string name;
            string? inline = null;
            var equals = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 2)
            {
                name = arg[..equals];
                inline = arg[(equals + 1)..];
            }
            else
            {
                name = arg;
            }

            if (flagOptions.Contains(name) && inline is null)
            {
                options._flags.Add(name);
                continue;
            }

            if (!valueOptions.Contains(name))
            {
                throw new UsageException($"unknown option '{arg}'");
            }

            var value = inline ?? (i + 1 < args.Count ? args[++i] : throw new UsageException($"{name} needs a value"));
            if (!options._values.TryAdd(name, value))
            {
                throw new UsageException($"{name} is given twice");
            }
        }

        return options;
    }

    public bool Has(string flag) => _flags.Contains(flag);

    public string? Text(string name) => _values.GetValueOrDefault(name);

    public string RequiredText(string name) => Text(name) ?? throw new UsageException($"{name} is required");

    public double? Number(string name, double min, double max)
    {
        if (Text(name) is not { } text)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value >= min && value <= max))
        {
            throw new UsageException($"{name} '{text}' must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
        }

        return value;
    }

    public long? Integer(string name, long min, long max)
    {
        if (Text(name) is not { } text)
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"{name} '{text}' must be a whole number from {min} to {max}");
        }

        return value;
    }

    public DateTimeOffset? Time(string name)
    {
        if (Text(name) is not { } text)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new UsageException($"{name} '{text}' is not an ISO 8601 time (e.g. 2026-01-05T00:00:00Z)");
    }

    public T Choice<T>(string name, IReadOnlyDictionary<string, T> choices, T fallback)
    {
        if (Text(name) is not { } text)
        {
            return fallback;
        }

        return choices.TryGetValue(text, out var value)
            ? value
            : throw new UsageException($"{name} '{text}' must be one of: {string.Join(", ", choices.Keys)}");
    }
}
