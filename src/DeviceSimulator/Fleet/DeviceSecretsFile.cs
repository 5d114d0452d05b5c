using DigitalTwin.Behaviour.CommandLine;
using DigitalTwin.Behaviour.Wire;

namespace DigitalTwin.DeviceSimulator.Fleet;

/// <summary>
/// The file of <c>--credentials</c>: one device a line, its id and its secret separated by spaces or tabs
/// (<c>sensor-001 p9M7xaFd...</c>); blank lines and lines starting with <c>#</c> are skipped. Errors name the line,
/// never its text: the line holds a secret.
/// </summary>
public static class DeviceSecretsFile
{
    public const string Option = "--credentials";

    /// <summary>The secrets by device id; throws <see cref="UsageException"/> naming the file and line at fault.</summary>
    public static IReadOnlyDictionary<string, string> Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"{Option}: cannot read '{path}': {ex.Message}");
        }

        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var where = $"{Option}: {path} line {i + 1}";
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 2)
            {
                throw new UsageException($"{where}: expected a device id and its secret separated by a space, found {fields.Length} field(s)");
            }

            var (deviceId, secret) = (fields[0], fields[1]);
            if (!DeviceNames.IsValidId(deviceId))
            {
                throw new UsageException($"{where}: '{deviceId}' is not a device id ({DeviceNames.IdRule})");
            }

            if (!lineOf.TryAdd(deviceId, i + 1))
            {
                throw new UsageException($"{where}: device '{deviceId}' already has a secret on line {lineOf[deviceId]}");
            }

            secrets[deviceId] = secret;
        }

        return secrets.Count > 0 ? secrets : throw new UsageException($"{Option}: '{path}' names no device");
    }
}
