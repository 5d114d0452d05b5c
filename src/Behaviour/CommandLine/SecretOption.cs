namespace DigitalTwin.Behaviour.CommandLine;

/// <summary>
/// A secret a command-line tool takes (an MQTT password, an API key or token) and the three places it may come from:
/// the option itself (<c>--password TEXT</c>), a file (<c>--password-file PATH</c>, e.g. a mounted Kubernetes secret),
/// or an environment variable (<c>DTN_MQTT_PASSWORD</c>). The option is kept for a developer's machine, but every user of
/// a machine can read a process's command line (<c>ps</c>, <c>/proc/PID/cmdline</c>), so the file and the variable exist
/// to keep the secret out of it. Neither the secret nor a file's content appears in an error.
/// </summary>
public sealed record SecretOption(string Option, string EnvironmentVariable)
{
    /// <summary>The option naming a file whose content is the secret.</summary>
    public string FileOption => Option + "-file";

    /// <summary>
    /// The secret from <paramref name="given"/> (the option's value) or <paramref name="file"/> (the file option's path),
    /// at most one of them; with neither, from the environment variable when <paramref name="environment"/> is given, so
    /// a tool consults the variable only where it would use the secret (a password only with a username). Null when none
    /// holds it. Throws <see cref="UsageException"/> naming the option, the file or the variable.
    /// </summary>
    public string? Read(string? given, string? file, Func<string, string?>? environment)
    {
        if (given is not null && file is not null)
        {
            throw new UsageException($"give {Option} or {FileOption}, not both");
        }

        if (given is not null)
        {
            return given;
        }

        if (file is not null)
        {
            return ReadFile(file);
        }

        // An empty variable is how a shell script leaves one unset (DTN_API_KEY= ./tool): not a secret of no characters.
        return environment?.Invoke(EnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
    }

    private string ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"{FileOption} '{path}' cannot be read: {ex.Message}");
        }

        // Files written by echo, an editor or a Kubernetes secret from a literal end with a line break the secret does not hold.
        var secret = text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
        if (secret.Length == 0)
        {
            throw new UsageException($"{FileOption} '{path}' is empty");
        }

        // A second line means the path names some other file (a key file, a list): using its first line would hide that.
        if (secret.Contains('\n', StringComparison.Ordinal) || secret.Contains('\r', StringComparison.Ordinal))
        {
            throw new UsageException($"{FileOption} '{path}' holds more than one line; it must hold only the secret");
        }

        return secret;
    }
}
