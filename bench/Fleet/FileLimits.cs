namespace DigitalTwin.Fleet;

/// <summary>A process's limit on open files (<c>RLIMIT_NOFILE</c>): each MQTT connection takes one on both ends.</summary>
public sealed record FileLimits(string Soft, string Hard)
{
    public static FileLimits Read(int processId)
    {
        // "Max open files            20000                20000                files"
        var line = File.ReadLines($"/proc/{processId}/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var fields = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return fields.Length >= 2 ? new FileLimits(fields[0], fields[1]) : new FileLimits("unknown", "unknown");
    }

    public static int OpenFiles(int processId) => Directory.GetFileSystemEntries($"/proc/{processId}/fd").Length;

    public override string ToString() => $"soft {Soft}, hard {Hard}";
}
